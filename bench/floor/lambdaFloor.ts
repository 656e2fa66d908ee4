// The cold-start floor: the smallest Lambda making the API's two requests with the same DynamoDB calls.
// The same calls are a consistent GetItem and TransactWriteItems of user + email claim, with no contract layer.
// Bundled with the same esbuild options as the real artefact, it is the baseline for bundle size and cold start.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(endpoint === undefined ? {} : { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  }),
);
const TableName = process.env.TABLE_NAME ?? 'users-api';
const reply = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const userId = /^\/users\/([^/]+)$/.exec(event.path)?.[1];
  if (event.httpMethod === 'GET' && userId !== undefined) {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: { pk: `USER#${userId}` }, ConsistentRead: true }),
    );
    return Item === undefined ? reply(404, {}) : reply(200, Item);
  }
  if (event.httpMethod === 'POST' && event.path === '/users') {
    const { name, email } = JSON.parse(event.body ?? '{}') as { name?: unknown; email?: unknown };
    if (typeof name !== 'string' || typeof email !== 'string') return reply(400, {});
    const now = new Date().toISOString();
    const user = { userId: randomUUID(), name, email, createdAt: now, updatedAt: now };
    // The same storage work as the API's create: the user (with its entry in the list index, and its version) and
    // the claim on its email, in one transaction.
    const absent = 'attribute_not_exists(pk)';
    const item = { pk: `USER#${user.userId}`, entity: 'USER', listKey: `${now}#${user.userId}`, ...user, version: 1 };
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: item, ConditionExpression: absent } },
          { Put: { TableName, Item: { pk: `EMAIL#${email}`, userId: user.userId }, ConditionExpression: absent } },
        ],
      }),
    );
    return reply(201, { user });
  }
  return reply(404, {});
};
