// The real Lambda handler on DynamoDB Local, with validated responses, called as API Gateway calls it after its checks.
// Probes run it in scratch copies whose spec was edited, to show the edit's way through the real code.
import { randomUUID } from 'node:crypto';
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { ensureTable } from '../../src/local/ensureTable.js';
import { DynamoUsersRepository } from '../../src/repository/DynamoUsersRepository.js';
import { dynamoClient } from './localApi.js';
import { restEvent } from './proxyEvents.js';

/** What API Gateway verified for a caller with every scope (the key and the Cognito authorizer's claims). */
const gateway = {
  apiKeyId: 'key-id-1',
  claims: { sub: 'user-1', token_use: 'access', client_id: 'client-1', scope: 'users:read users:write users:admin' },
};

/** The handler on a new table of DynamoDB Local (DYNAMODB_ENDPOINT, else the test run's), and its repository. */
export async function handlerOnDynamo(prefix: string) {
  const tableName = `${prefix}-${randomUUID()}`;
  const client = dynamoClient(process.env.DYNAMODB_ENDPOINT);
  await ensureTable(client, tableName);
  const repository = new DynamoUsersRepository(client, tableName);
  const config = loadConfig({ VALIDATE_RESPONSES: 'true' });
  const api = createApi(
    { config, repository, idempotency: (_request, work) => work(), now: () => new Date(), newId: randomUUID },
    { error: (...args: unknown[]) => console.error(...args) },
  );
  const handler = createHandler(config, () => api);
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    query?: Record<string, string>,
  ) => {
    const result = await handler(
      restEvent({
        method,
        path,
        headers: { 'Content-Type': 'application/json', ...headers },
        ...(query === undefined ? {} : { query }),
        body: body === undefined ? undefined : JSON.stringify(body),
        gateway,
      }),
      { awsRequestId: randomUUID() } as never,
    );
    return {
      status: result.statusCode,
      etag: result.headers?.ETag ?? result.headers?.etag,
      body: JSON.parse(result.body),
    };
  };
  return { call, repository, close: () => client.destroy() };
}
