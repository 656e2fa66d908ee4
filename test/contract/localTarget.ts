// The default target when no BASE_URL is given: the real local gateway + handler on a fresh table, on free ports,
// with development credentials (the suite then needs no TOKEN or API_KEY), and a local S3 for avatars.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDevGateway } from '../../local/devGateway.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/services/dynamoDbLocal.js';
import { ensureTable } from '../../local/services/ensureTable.js';
import { startS3Local } from '../../local/services/s3Local.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { UNTHROTTLED } from '../helpers/localApi.js';
import type { Credentials, TokenForScopes } from './credentials.js';

export interface LocalTarget {
  baseUrl: string;
  credentials: Credentials;
  tokenForScopes: TokenForScopes;
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
  const tableName = `contract-${randomUUID()}`;
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, tableName);
  client.destroy();
  // The avatar operations presign against a real local S3 (and delete from it with the user).
  const s3 = await startS3Local({ bucket: 'contract-avatars', corsAllowedOrigins: ['*'] });
  const gateway = await startDevGateway({
    usagePlan: UNTHROTTLED,
    corsAllowedOrigins: ['*'],
    handler: (authEnv) =>
      createHandler(
        loadConfig({
          ...env,
          ...authEnv,
          DYNAMODB_ENDPOINT: endpoint,
          TABLE_NAME: tableName,
          AVATAR_BUCKET: 'contract-avatars',
          S3_ENDPOINT: s3.endpoint,
          VALIDATE_RESPONSES: env.VALIDATE_RESPONSES ?? 'true',
        }),
      ),
  });
  return {
    baseUrl: gateway.baseUrl,
    credentials: { token: await gateway.token(), apiKey: gateway.apiKey.value },
    tokenForScopes: (scopes) => gateway.token({ scopes }),
    async stop() {
      await gateway.stop();
      await s3.stop();
      await dynamo?.stop();
    },
  };
}
