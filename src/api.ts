// The portable core: routes a request by the spec, validates it against the spec and runs its operation.
// Built once per container; every hook is set because a missing hook fails open.
// Routing and hooks: SpecBackend (src/routing/), openapi-backend's interface without its per-request and cold-start
// cost; validation: the validators precompiled by `npm run generate` (src/validation/). See README "Performance".
import type { Context, Document, Operation } from 'openapi-backend';
import { requestBudgetMs } from '../config/timeBudget.js';
// The slim spec (routing, security, documented responses): schemas are precompiled, prose is not needed at run time.
import spec from '../generated/runtimeSpec.json' with { type: 'json' };
import { callerOf, createSecurityHandlers, type GatewayIdentity, securityFailure } from './auth/securityHandlers.js';
import { createTokenVerifier } from './auth/tokenVerifier.js';
import { timeoutsOf } from './config.js';
import { corsHeaders, preflightResponse } from './http/cors.js';
import {
  MalformedJsonError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './http/errors.js';
import { toProblem } from './http/problem.js';
import { beforeDeadline } from './http/requestDeadline.js';
import type { ApiResponse } from './http/response.js';
import type { ResponseConformance } from './http/responseConformance.js';
import { toFieldErrors } from './http/validationErrors.js';
import { operationHandlers } from './operations/index.js';
import type { Dependencies, DispatchedHandler } from './operations/types.js';
import { SpecBackend } from './routing/specBackend.js';
import { validateRequest } from './validation/requestValidation.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface ApiRequest {
  method: string;
  /** Path without stage prefix or query string, e.g. /users/123. */
  path: string;
  /** Lower-cased names. */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** Raw body as received (already base64-decoded). */
  body: string | undefined;
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

const isJsonMediaType = (contentType: string | undefined) =>
  /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType?.trim() ?? '');

export function createApi(
  deps: Dependencies,
  logger: ErrorLogger,
  verifyToken = createTokenVerifier(deps.config.auth),
): Api {
  const { config } = deps;
  // On in tests and local development, off in Lambda: loaded on first use, so the deployed Lambda never loads the
  // response validators at all.
  let conformance: Promise<ResponseConformance> | undefined;
  const checkResponse = () =>
    (conformance ??= import('./http/responseConformance.js').then(({ createResponseConformance }) =>
      createResponseConformance(spec as never),
    ));

  const backend = new SpecBackend({
    definition: spec as unknown as Document,
    strict: true,
    quick: true,
    // Validated in each operation handler below with the precompiled validators (which coerce query and path values
    // to the spec's types and fill in its defaults): after security, as openapi-backend would.
    validate: false,
    securityHandlers: createSecurityHandlers(spec as unknown as Document, config.auth, verifyToken) as never,
  });

  const allowedMethods = (path: string) =>
    METHODS.filter((method) => backend.matchOperation({ method, path, headers: {} }) !== undefined);

  const fail = (error: unknown, request: ApiRequest): ApiResponse => {
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
  };

  const handlers: Record<
    string,
    (c: Context, request: ApiRequest, bodyError?: unknown) => Promise<ApiResponse> | ApiResponse | undefined
  > = {
    // Unused while the backend does not validate; kept so that switching validation there cannot fail open.
    validationFail: (c, request) => fail(new ValidationError(toFieldErrors(c.validation.errors ?? [])), request),
    notFound: (_c, request) => fail(new NotFoundError(`No route for ${request.method} ${request.path}.`), request),
    methodNotAllowed: (_c, request) =>
      fail(new MethodNotAllowedError(request.method, request.path, allowedMethods(request.path)), request),
    notImplemented: (_c, request) => fail(new Error('operation has no handler'), request),
    unauthorizedHandler: (c, request) => {
      const error = securityFailure(c.security);
      logger.info?.('request not authorized', {
        requestId: request.requestId,
        invocationId: request.invocationId,
        status: error.status,
        reason: error.cause instanceof Error ? error.cause.message : error.detail,
      });
      return fail(error, request);
    },
    // Body errors (413/415/malformed JSON) wait until the caller is authorized, as behind API Gateway's authorizer.
    postSecurityHandler: (c, _request, bodyError) => {
      const open = (c.operation?.security ?? []).length === 0;
      if (bodyError !== undefined && (open || c.security?.authorized)) throw bodyError;
      return undefined;
    },
    postResponseHandler: (c, request) => {
      const response = c.response as ApiResponse;
      const operation = c.operation as Operation | undefined;
      if (!config.validateResponses || operation === undefined) return response;
      return checkResponse().then((check) => {
        const problems = check(operation.path, operation.method, response);
        if (problems.length === 0) return response;
        return fail(new Error(`response does not conform to the spec: ${problems.join('; ')}`), request);
      });
    },
  };
  for (const [operationId, operationHandler] of Object.entries(operationHandlers)) {
    handlers[operationId] = async (c, request) => {
      try {
        const valid = validateRequest(operationId, {
          params: c.request.params,
          query: c.request.query,
          headers: c.request.headers,
          body: c.request.requestBody,
        });
        if (valid.errors.length > 0) return fail(new ValidationError(valid.errors), request);
        const result = await (operationHandler as DispatchedHandler)(
          {
            body: c.request.requestBody as never,
            params: valid.params as never,
            query: valid.query as never,
            headers: request.headers,
            requestId: request.requestId,
            basePath: request.basePath ?? '',
            // Per-caller state (idempotency keys) is scoped to the token's subject.
            principal: callerOf(c.security) ?? 'anonymous',
          },
          deps,
        );
        if (result.body === undefined) return { statusCode: result.status, headers: { ...result.headers } };
        return {
          statusCode: result.status,
          headers: { 'Content-Type': 'application/json', ...result.headers },
          body: JSON.stringify(result.body),
        };
      } catch (error) {
        return fail(error, request);
      }
    };
  }
  backend.register(handlers as never);
  backend.init();

  /** Size, media type and JSON syntax of a body, checked before the schema sees it. */
  function parseBody(request: ApiRequest): unknown {
    const raw = request.body;
    if (raw === undefined || raw === '') return undefined;
    if (Buffer.byteLength(raw, 'utf8') > config.maxBodyBytes) throw new PayloadTooLargeError(config.maxBodyBytes);
    if (!isJsonMediaType(request.headers['content-type'])) throw new UnsupportedMediaTypeError();
    try {
      return JSON.parse(raw);
    } catch {
      throw new MalformedJsonError();
    }
  }

  /** Not async: handle() awaits what it answers (an async layer less per request). */
  function route(request: ApiRequest): ApiResponse | Promise<ApiResponse> {
    if (request.method === 'OPTIONS') {
      const methods = allowedMethods(request.path);
      if (methods.length === 0) return fail(new NotFoundError(`No route for ${request.path}.`), request);
      return preflightResponse(methods);
    }
    let body: unknown;
    let bodyError: unknown;
    // Only an operation that takes a body gets one parsed (the router matches again in handleRequest: cheap).
    const sentBody = request.body !== undefined && request.body !== '';
    if (sentBody && backend.matchOperation(request)?.requestBody !== undefined) {
      try {
        body = parseBody(request);
      } catch (error) {
        bodyError = error;
      }
    }
    return backend.handleRequest(
      {
        method: request.method,
        path: request.path,
        headers: request.headers as Record<string, string>,
        query: request.query as Record<string, string>,
        body,
      },
      request,
      bodyError,
    ) as Promise<ApiResponse>;
  }

  // A chain of calls that each answer just within their own deadlines must still not outlast the budget.
  const budgetMs = requestBudgetMs(timeoutsOf(config));
  return {
    async handle(request) {
      let response: ApiResponse;
      try {
        const answer = route(request);
        response = answer instanceof Promise ? await beforeDeadline(answer, budgetMs) : answer;
      } catch (error) {
        response = fail(error, request);
      }
      Object.assign(response.headers, corsHeaders(request.headers.origin, config.corsAllowedOrigins));
      return response;
    },
  };
}
