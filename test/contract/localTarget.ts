// The default target when no BASE_URL is given: the real local gateway + handler on a fresh table, on free ports.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/handler.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../src/local/dynamoDbLocal.js';
import { ensureTable } from '../../src/local/ensureTable.js';
import { createGateway } from '../../src/local/gateway.js';

export interface LocalTarget {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Uses DYNAMODB_ENDPOINT when set, otherwise starts an in-memory DynamoDB Local of its own. */
export async function startLocalTarget(env: Record<string, string | undefined> = process.env): Promise<LocalTarget> {
  let dynamo: DynamoDbLocal | undefined;
  let endpoint = env.DYNAMODB_ENDPOINT;
  if (endpoint === undefined || endpoint === '') {
    dynamo = await startDynamoDbLocal();
    endpoint = dynamo.endpoint;
  }
  const config = loadConfig({
    ...env,
    DYNAMODB_ENDPOINT: endpoint,
    TABLE_NAME: `contract-${randomUUID()}`,
    VALIDATE_RESPONSES: env.VALIDATE_RESPONSES ?? 'true',
  });
  const client = new DynamoDBClient({
    region: config.region,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, config.tableName);
  client.destroy();
  const server = createGateway({
    handler: createHandler(config),
    maxPayloadBytes: 6 * 1024 * 1024,
    corsAllowedOrigins: config.corsAllowedOrigins,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await dynamo?.stop();
    },
  };
}
