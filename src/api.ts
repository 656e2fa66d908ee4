// The request pipeline: the named steps every request takes, in order, over one context (src/pipeline/context.ts).
// openapi-backend routes, runs the security handlers and validates (src/pipeline/engine.ts); this file says when.
import type { Document } from 'openapi-backend';
import { requestBudgetMs } from '../config/timeBudget.js';
// The slim spec (routing, security, documented responses): schemas are precompiled, prose is not needed at run time.
import spec from '../generated/runtimeSpec.json' with { type: 'json' };
import { createSecurityHandlers } from './auth/securityHandlers.js';
import { createTokenVerifier } from './auth/tokenVerifier.js';
import { timeoutsOf } from './config.js';
import { toProblem } from './http/problem.js';
import { beforeDeadline } from './http/requestDeadline.js';
import type { ApiResponse } from './http/response.js';
import type { ResponseConformance } from './http/responseConformance.js';
import type { Dependencies } from './operations/types.js';
import type { ApiRequest, ErrorLogger, RequestContext } from './pipeline/context.js';
import { createEngine } from './pipeline/engine.js';
import {
  authorize,
  preflight,
  type RequestStep,
  refuseBody,
  refuseLooseIntegers,
  refuseRepeatedHeaders,
  route,
  runOperation,
  validate,
} from './pipeline/requestSteps.js';
import { addCors, checkConformance, dropHeadBody, type ResponseStep } from './pipeline/responseSteps.js';

export type { ApiRequest, ErrorLogger } from './pipeline/context.js';

/** Until one answers: each may refuse (by throwing) or answer (the preflight, the operation). */
export const REQUEST_STEPS: readonly RequestStep[] = [
  preflight,
  route,
  refuseRepeatedHeaders,
  authorize,
  refuseBody,
  refuseLooseIntegers,
  validate,
  runOperation,
];

/** Then, on whatever answered (a refusal included), each derives the answer sent. */
export const RESPONSE_STEPS: readonly ResponseStep[] = [checkConformance, addCors, dropHeadBody];

export interface Api {
  handle(request: ApiRequest): Promise<ApiResponse>;
}

export function createApi(
  deps: Dependencies,
  logger: ErrorLogger,
  verifyToken = createTokenVerifier(deps.config.auth),
): Api {
  const { config } = deps;
  const definition = spec as unknown as Document;
  const security = createSecurityHandlers(definition, config.auth, verifyToken);
  // Built once per container; a request waits for it (and for its failure).
  const stepDependencies = createEngine(definition, security.handlers).then((engine) => ({
    engine,
    config,
    logger,
    callerOf: security.callerOf,
    operations: deps,
  }));

  /** Any error as problem+json: known ones keep their status, anything else is a 500 logged in full, shown as an id. */
  function failed(error: unknown, { request }: RequestContext): ApiResponse {
    const response = toProblem(error, request.requestId);
    if (response.statusCode >= 500) {
      logger.error('request failed', {
        requestId: request.requestId,
        invocationId: request.invocationId,
        method: request.method,
        path: request.path,
        error,
      });
    }
    return response;
  }

  let conformance: Promise<ResponseConformance> | undefined;
  const responseDependencies = {
    config,
    failed,
    conformance: () =>
      (conformance ??= import('./http/responseConformance.js').then(({ createResponseConformance }) =>
        createResponseConformance(spec as never),
      )),
  };

  async function answer(context: RequestContext): Promise<ApiResponse> {
    const d = await stepDependencies;
    for (const step of REQUEST_STEPS) {
      // Only a step that returned a promise is awaited: each await is a trip through the microtask queue.
      const running = step.run(context, d);
      if (running !== undefined) await running;
      if (context.answer !== undefined) return context.answer;
    }
    throw new Error('no step answered the request');
  }

  // A chain of calls that each answer just within their own deadlines must still not outlast the budget.
  const budgetMs = requestBudgetMs(timeoutsOf(config));
  return {
    async handle(request) {
      const context: RequestContext = { request };
      let response: ApiResponse;
      try {
        response = await beforeDeadline(answer(context), budgetMs);
      } catch (error) {
        response = failed(error, context);
      }
      for (const step of RESPONSE_STEPS) {
        const next = step.run(context, response, responseDependencies);
        response = next instanceof Promise ? await next : next;
      }
      return response;
    },
  };
}
