// The response steps, each named as src/api.ts lists them: conformance to the spec, CORS, and HEAD without a body.
// Each returns a new answer; the one it was given is left as it is.
import type { Config } from '../config.js';
import { corsHeaders } from '../http/cors.js';
import type { ApiResponse } from '../http/response.js';
import type { ResponseConformance } from '../http/responseConformance.js';
import type { RequestContext } from './context.js';

/** What the response steps work with. */
export interface ResponseDependencies {
  readonly config: Config;
  /** The response checker, loaded on first use (the Lambda, where the check is off, never loads it). */
  readonly conformance: () => Promise<ResponseConformance>;
  /** An error as the 500 problem it becomes, logged in full. */
  readonly failed: (error: unknown, context: RequestContext) => ApiResponse;
}

/** A named response step: the answer in, the answer to send out (a new object; the one given is left as it is). */
export interface ResponseStep {
  readonly name: string;
  run(context: RequestContext, answer: ApiResponse, d: ResponseDependencies): ApiResponse | Promise<ApiResponse>;
}

/** With VALIDATE_RESPONSES (tests, local development), an answer the spec does not document becomes a 500. */
export const checkConformance: ResponseStep = {
  name: 'checkConformance',
  run(context, answer, { config, conformance, failed }) {
    const { operation } = context;
    if (!config.validateResponses || operation === undefined) return answer;
    return conformance().then((check) => {
      const problems = check(operation.path, operation.method, answer);
      if (problems.length === 0) return answer;
      return failed(new Error(`response does not conform to the spec: ${problems.join('; ')}`), context);
    });
  },
};

/** The CORS headers of the request's origin, on every answer. */
export const addCors: ResponseStep = {
  name: 'addCors',
  run: (context, answer, { config }) => ({
    ...answer,
    headers: { ...answer.headers, ...corsHeaders(context.request.headers.origin, config.corsAllowedOrigins) },
  }),
};

/** API Gateway drops a HEAD answer's body, but a Lambda's response still counts against its payload limit. */
export const dropHeadBody: ResponseStep = {
  name: 'dropHeadBody',
  run: (context, answer) => (context.request.method === 'HEAD' ? { ...answer, body: undefined } : answer),
};
