// The in-process floor: the same operations behind a minimal router (find-my-way) and ajv validators compiled once.
// No framework, no hooks, no CORS, no logging context: what the contract layer is measured against.

import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import FindMyWay from 'find-my-way';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { HttpError } from '../../src/http/httpErrors.js';
import { operationHandlers } from '../../src/operations/index.js';
import type { Dependencies } from '../../src/operations/types.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Route = (params: Record<string, string | undefined>, event: APIGatewayProxyEvent) => Promise<Reply>;

export function createFloorHandler(deps: Dependencies) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(spec, 'spec');
  const validUserId = ajv.compile({ type: 'string', format: 'uuid' });
  const validCreate = ajv.compile({ $ref: 'spec#/components/schemas/CreateUserRequest' });
  const invalid = (errors: unknown) => ({ status: 400, body: { status: 400, errors } });

  const router = FindMyWay<FindMyWay.HTTPVersion.V1>();
  const on = (method: 'GET' | 'POST', path: string, route: Route) =>
    // find-my-way stores any value; the framework-free floor keeps its own route functions in it.
    router.on(method, path, route as never);
  const input = (rest: object) => ({ query: {}, headers: {}, requestId: 'floor', ...rest }) as never;

  on('GET', '/hello', () => operationHandlers.getHello(input({}), deps));
  on('GET', '/users/:userId', async ({ userId }) => {
    if (!validUserId(userId)) return invalid(validUserId.errors);
    return operationHandlers.getUser(input({ params: { userId } }), deps);
  });
  on('POST', '/users', async (_params, event) => {
    let body: unknown;
    try {
      body = JSON.parse(event.body ?? '');
    } catch {
      return invalid([{ message: 'malformed JSON' }]);
    }
    if (!validCreate(body)) return invalid(validCreate.errors);
    return operationHandlers.createUser(input({ body }), deps);
  });

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const match = router.find(event.httpMethod as 'GET', event.path);
    let reply: Reply;
    try {
      reply =
        match === null
          ? { status: 404, body: { status: 404 } }
          : await (match.handler as unknown as Route)(match.params, event);
    } catch (error) {
      reply =
        error instanceof HttpError
          ? { status: error.status, body: { status: error.status } }
          : { status: 500, body: {} };
    }
    return {
      statusCode: reply.status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
      body: JSON.stringify(reply.body),
    };
  };
}
