// An operation called with its validated input, and its result as the JSON response it documents.
import type { Caller } from '../auth/accessClaims.js';
import type { ApiResponse } from '../http/response.js';
import { operationHandlers } from '../operations/index.js';
import type { Dependencies, DispatchedHandler } from '../operations/types.js';
import type { ApiRequest, ValidatedInput } from './context.js';

const handlers = operationHandlers as Record<string, DispatchedHandler | undefined>;

/** Runs the handler of `operationId` (src/operations/<operationId>.ts) and serialises what it returns. */
export async function callOperation(
  operationId: string,
  input: ValidatedInput,
  request: ApiRequest,
  caller: Caller | undefined,
  deps: Dependencies,
): Promise<ApiResponse> {
  const handler = handlers[operationId];
  if (handler === undefined) throw new Error(`operation ${operationId} has no handler`);
  const result = await handler(
    {
      body: input.body as never,
      params: input.params as never,
      query: input.query as never,
      headers: request.headers,
      requestId: request.requestId,
      basePath: request.basePath ?? '',
      caller: caller as never,
    },
    deps,
  );
  if (result.body === undefined) return { statusCode: result.status, headers: { ...result.headers } };
  return {
    statusCode: result.status,
    headers: { 'Content-Type': 'application/json', ...result.headers },
    body: JSON.stringify(result.body),
  };
}
