// The portable core: a request through openapi-backend to its operation, and any error answered by toProblem().
// openapi-backend routes, runs the security handlers and validates with the validators `npm run generate` compiled.
import { type Context, type Document, OpenAPIBackend, type Operation } from 'openapi-backend';
import { HTTP_METHODS } from '../config/httpMethods.js';
import { requestBudgetMs } from '../config/timeBudget.js';
// The slim spec (routing, security, documented responses): schemas are precompiled, prose is not needed at run time.
import spec from '../generated/runtimeSpec.json' with { type: 'json' };
import { createSecurityHandlers, type GatewayIdentity, securityFailure } from './auth/securityHandlers.js';
import { createTokenVerifier } from './auth/tokenVerifier.js';
import { backendOperations } from './backendOperations.js';
import { timeoutsOf } from './config.js';
import { corsHeaders, preflightResponse } from './http/cors.js';
import { type FieldError, MethodNotAllowedError, NotFoundError, ValidationError } from './http/errors.js';
import { bodyForBackend, bodyRefusal } from './http/jsonBody.js';
import { toProblem } from './http/problem.js';
import { beforeDeadline } from './http/requestDeadline.js';
import type { ApiResponse } from './http/response.js';
import type { ResponseConformance } from './http/responseConformance.js';
import { toRequestError } from './http/validationErrors.js';
import type { Dependencies } from './operations/types.js';
import { refuseToCompile, usePrecompiledValidators } from './validation/precompiledValidators.js';
import { validationOptions } from './validation/validationOptions.js';

/** HEAD is the GET without its body (RFC 9110 §9.3.2): routed, authorized and answered as that GET. */
const routedMethod = (method: string) => (method === 'HEAD' ? 'GET' : method);

/** Only the query parameters the operation declares. */
function declaredQuery(operation: Operation, query: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { in: location, name } of queryParameters(operation)) {
    if (location === 'query' && Object.hasOwn(query, name)) out[name] = query[name] as string;
  }
  return out;
}

/** A repeated header the operation reads (its credentials, its header parameters, its body's headers) is refused. */
function repeatedHeaderRefusal(operation: Operation, repeated: readonly string[] | undefined) {
  const read = new Set(
    queryParameters(operation)
      .filter((parameter) => parameter.in === 'header')
      .map((parameter) => parameter.name.toLowerCase()),
  );
  if ((operation.security ?? []).length > 0) for (const name of ['authorization', 'x-api-key']) read.add(name);
  if (operation.requestBody !== undefined) for (const name of ['content-type', 'content-encoding']) read.add(name);
  const errors: FieldError[] = (repeated ?? [])
    .filter((name) => read.has(name))
    .map((name) => ({ location: 'header', pointer: name, message: 'must be sent once' }));
  return errors.length > 0 ? new ValidationError(errors) : undefined;
}

const queryParameters = (operation: Operation) =>
  (operation.parameters ?? []) as { in: string; name: string; schema?: { type?: string } }[];

/** An integer as a client writes one: ajv's coercion would also take `1e2`, `0x10`, `+2`, `00002`, `1.0` and ` 1`. */
const PLAIN_INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;

function integerQueryRefusal(operation: Operation, query: Readonly<Record<string, string>>) {
  const errors: FieldError[] = [];
  for (const { in: location, name, schema } of queryParameters(operation)) {
    const value = query[name];
    if (location === 'query' && schema?.type === 'integer' && value !== undefined && !PLAIN_INTEGER.test(value)) {
      errors.push({ location: 'query', pointer: name, message: 'must be a decimal integer (digits only)' });
    }
  }
  return errors.length > 0 ? new ValidationError(errors) : undefined;
}

export interface ApiRequest {
  method: string;
  /** Path without stage prefix or query string, e.g. /users/123. */
  path: string;
  /** Lower-cased names. */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** Raw body as received (already base64-decoded). */
  body: string | undefined;
  /** Single-valued headers that were sent more than once (lower-cased names). */
  repeatedHeaders?: readonly string[];
  /** The body's bytes were not UTF-8: refused with 400, never decoded into replacement characters and stored. */
  invalidUtf8?: boolean;
  requestId: string;
  /** The Lambda's own request id (awsRequestId), for the logs only. */
  invocationId?: string;
  /** What precedes `path` in the URL the client called (the stage, e.g. /prod), for links back to the API. */
  basePath?: string;
  /** What API Gateway verified (API key, authorizer claims); filled from the event's requestContext only. */
  gateway?: GatewayIdentity;
}

export interface ErrorLogger {
  error(message: string, details: Record<string, unknown>): void;
  /** Refused credentials: the reason goes to the logs only, never to the client. */
  info?(message: string, details: Record<string, unknown>): void;
}

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

  // Every hook is set: strict openapi-backend throws where one is missing, and each throw is answered below.
  const backend = new OpenAPIBackend({
    definition,
    strict: true,
    quick: true,
    ...validationOptions,
    customizeAjv: refuseToCompile,
    securityHandlers: createSecurityHandlers(definition, config.auth, verifyToken) as never,
    handlers: {
      ...backendOperations(deps),
      notFound: (_c: Context, request: ApiRequest) => {
        throw new NotFoundError(`No route for ${request.method} ${request.path}.`);
      },
      methodNotAllowed: (_c: Context, request: ApiRequest) => {
        throw new MethodNotAllowedError(request.method, request.path, [...allowedMethods(request.path), 'OPTIONS']);
      },
      // Unknown query parameters (a cache-buster such as `_=1`) are ignored, as API Gateway passes them through.
      postRoutingHandler: (c: Context, request: ApiRequest, sent: { query: Record<string, string> }) => {
        if (c.operation === undefined) return;
        // Before the security handlers: with two Authorization headers, which caller this is cannot be told.
        const repeated = repeatedHeaderRefusal(c.operation, request.repeatedHeaders);
        if (repeated !== undefined) throw repeated;
        sent.query = declaredQuery(c.operation, sent.query);
        c.request.query = sent.query;
      },
      notImplemented: (c: Context) => {
        throw new Error(`operation ${c.operation.operationId} has no handler`);
      },
      // Size and media type of the body are refused once the caller is authorized, as behind API Gateway's authorizer.
      postSecurityHandler: (c: Context, request: ApiRequest, sent: { query: Record<string, string> }) => {
        const open = (c.operation.security ?? []).length === 0;
        if (!open && !c.security.authorized) return;
        const refusal =
          bodyRefusal(request, c.operation, config.maxBodyBytes) ?? integerQueryRefusal(c.operation, sent.query);
        if (refusal !== undefined) throw refusal;
      },
      unauthorizedHandler: (c: Context, request: ApiRequest) => {
        const error = securityFailure(c.security);
        logger.info?.('request not authorized', {
          requestId: request.requestId,
          invocationId: request.invocationId,
          status: error.status,
          reason: error.cause instanceof Error ? error.cause.message : error.detail,
        });
        throw error;
      },
      validationFail: (c: Context) => {
        throw toRequestError(c.validation.errors ?? []);
      },
    },
  });
  // The precompiled validators are handed over once init() settles; a request waits for that (and for its failure).
  const ready = backend.init().then(() => usePrecompiledValidators(backend));

  /** The methods a path answers besides OPTIONS (the preflight): HEAD wherever GET is. */
  function allowedMethods(path: string): string[] {
    const methods = HTTP_METHODS.filter(
      (method) => backend.matchOperation({ method, path, headers: {} }) !== undefined,
    );
    return [...new Set(methods.flatMap((method) => (method === 'get' ? ['GET', 'HEAD'] : [method.toUpperCase()])))];
  }

  function problem(error: unknown, request: ApiRequest): ApiResponse {
    const response = toProblem(error, request.requestId);
    if (response.statusCode >= 500) {
      // The full error goes to the logs only; the client sees the request id.
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

  // On in tests and local development, off in Lambda: loaded on first use, so the Lambda never loads it.
  let conformance: Promise<ResponseConformance> | undefined;
  async function conforming(request: ApiRequest, response: ApiResponse): Promise<ApiResponse> {
    const method = routedMethod(request.method);
    const operation = backend.matchOperation({ method, path: request.path, headers: {} });
    if (operation === undefined) return response;
    conformance ??= import('./http/responseConformance.js').then(({ createResponseConformance }) =>
      createResponseConformance(spec as never),
    );
    const problems = (await conformance)(operation.path, operation.method, response);
    if (problems.length === 0) return response;
    return problem(new Error(`response does not conform to the spec: ${problems.join('; ')}`), request);
  }

  async function answer(request: ApiRequest): Promise<ApiResponse> {
    if (request.method === 'OPTIONS') {
      const methods = allowedMethods(request.path);
      if (methods.length === 0) throw new NotFoundError(`No route for ${request.path}.`);
      return preflightResponse(methods);
    }
    await ready;
    const sent = {
      method: routedMethod(request.method),
      path: request.path,
      headers: request.headers as Record<string, string>,
      query: request.query as Record<string, string>,
      body: bodyForBackend(request, config.maxBodyBytes),
    };
    return backend.handleRequest(sent, request, sent);
  }

  // A chain of calls that each answer just within their own deadlines must still not outlast the budget.
  const budgetMs = requestBudgetMs(timeoutsOf(config));
  return {
    async handle(request) {
      let response: ApiResponse;
      try {
        response = await beforeDeadline(answer(request), budgetMs);
      } catch (error) {
        response = problem(error, request);
      }
      if (config.validateResponses) response = await conforming(request, response);
      Object.assign(response.headers, corsHeaders(request.headers.origin, config.corsAllowedOrigins));
      // API Gateway drops a HEAD answer's body, but a Lambda's response still counts against its payload limit.
      if (request.method === 'HEAD') response.body = undefined;
      return response;
    },
  };
}
