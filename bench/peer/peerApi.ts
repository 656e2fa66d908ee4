// The peer: openapi-backend set up as its README and its aws-cdk example show, on the API's spec and operations.
// Quick mode, so each operation's validators are compiled by its first request; the request handed over as it came;
// the API's security handlers and repository. Only its own validation settings are ours, so it checks the same.

import addFormatsModule from 'ajv-formats';
import type { Context, Document, OpenAPIBackend } from 'openapi-backend';
import spec from '../../generated/openapi.json' with { type: 'json' };
import type { Api, ApiRequest } from '../../src/api.js';
import { createSecurityHandlers, securityFailure } from '../../src/auth/securityHandlers.js';
import { createTokenVerifier } from '../../src/auth/tokenVerifier.js';
import { MethodNotAllowedError, NotFoundError } from '../../src/http/httpErrors.js';
import { toProblem } from '../../src/http/problem.js';
import type { ApiResponse } from '../../src/http/response.js';
import { toRequestError } from '../../src/http/validationErrors.js';
import { operationHandlers } from '../../src/operations/index.js';
import type { Dependencies } from '../../src/operations/types.js';
import { callOperation } from '../../src/pipeline/operationCall.js';
import { validationOptions } from '../../src/validation/validationOptions.js';

type Backend = typeof OpenAPIBackend;
const addFormats = addFormatsModule as unknown as (ajv: unknown) => void;
type Handler = (c: Context, request: ApiRequest) => Promise<ApiResponse> | ApiResponse;

export function createPeerApi(Backend: Backend, deps: Dependencies): Api {
  const definition = structuredClone(spec) as unknown as Document;
  const security = createSecurityHandlers(definition, deps.config.auth, createTokenVerifier(deps.config.auth));
  // Each operation as an openapi-backend handler: its validated request in, the API's operation called.
  const operations = Object.keys(operationHandlers).map((operationId): [string, Handler] => [
    operationId,
    (c, request) =>
      callOperation(
        operationId,
        { params: c.request.params, query: c.request.query, body: c.request.requestBody },
        request,
        security.callerOf(c.security),
        deps,
      ),
  ]);
  const handlers: Record<string, Handler> = {
    validationFail: (c, request) => toProblem(toRequestError(c.validation.errors ?? []), request.requestId),
    notFound: (_c, request) => toProblem(new NotFoundError('No route.'), request.requestId),
    methodNotAllowed: (_c, request) =>
      toProblem(new MethodNotAllowedError(request.method, request.path, []), request.requestId),
    unauthorizedHandler: (c, request) => toProblem(securityFailure(c.security), request.requestId),
    ...Object.fromEntries(operations),
  };
  const backend = new Backend({
    definition,
    quick: true,
    ...validationOptions,
    customizeAjv: (ajv) => {
      addFormats(ajv);
      return ajv;
    },
    securityHandlers: security.handlers as never,
  });
  backend.register(handlers as never);
  backend.init();
  return {
    async handle(request) {
      try {
        return (await backend.handleRequest(
          {
            method: request.method,
            path: request.path,
            headers: request.headers as Record<string, string>,
            query: request.query as Record<string, string>,
            body: request.body,
          },
          request,
        )) as ApiResponse;
      } catch (error) {
        return toProblem(error, request.requestId);
      }
    },
  };
}
