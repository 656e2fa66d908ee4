// The operation handlers as openapi-backend calls them: its validated request in, a JSON ApiResponse out.
import type { Context } from 'openapi-backend';
import type { ApiRequest } from './api.js';
import { callerOf } from './auth/securityHandlers.js';
import type { ApiResponse } from './http/response.js';
import { operationHandlers } from './operations/index.js';
import type { Dependencies, DispatchedHandler } from './operations/types.js';

/** openapi-backend's hooks and operation handlers: each gets its Context and the request being answered. */
export type BackendHandler = (c: Context, request: ApiRequest) => Promise<ApiResponse>;

/** One openapi-backend handler per operationId, each calling its operation with the validated input. */
export function backendOperations(deps: Dependencies): Record<string, BackendHandler> {
  const handlers: Record<string, BackendHandler> = {};
  for (const [operationId, operation] of Object.entries(operationHandlers)) {
    handlers[operationId] = async (c, request) => {
      const result = await (operation as DispatchedHandler)(
        {
          body: c.request.requestBody as never,
          params: c.request.params as never,
          query: c.request.query as never,
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
    };
  }
  return handlers;
}
