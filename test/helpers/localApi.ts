// Starts the real local gateway + handler on a loopback port, backed by a fresh table in the shared DynamoDB Local.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/handler.js';
import { ensureTable } from '../../src/local/ensureTable.js';
import { createGateway } from '../../src/local/gateway.js';

export interface LocalApi {
  baseUrl: string;
  config: Config;
  /** Every item in the table, to assert what was (not) written. */
  items(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export function dynamoClient(endpoint = inject('dynamoEndpoint')): DynamoDBClient {
  return new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export async function startLocalApi(env: Record<string, string> = {}): Promise<LocalApi> {
  const config = loadConfig({
    TABLE_NAME: `test-${randomUUID()}`,
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    VALIDATE_RESPONSES: 'true',
    ...env,
  });
  const client = dynamoClient(config.dynamoEndpoint);
  await ensureTable(client, config.tableName);
  const server = createGateway({
    handler: createHandler(config),
    maxPayloadBytes: 6 * 1024 * 1024,
    corsAllowedOrigins: config.corsAllowedOrigins,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    async items() {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: config.tableName, ConsistentRead: true }));
      return Items.map((item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, Object.values(v)[0]])));
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      client.destroy();
    },
  };
}
