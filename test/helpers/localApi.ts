// Starts the real local gateway + handler on a loopback port, backed by a fresh table in the shared DynamoDB Local,
// with development credentials: `auth` holds headers for an all-scopes token and a valid API key.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { UsagePlanSettings } from '../../config/stages.js';
import { createApiKey, createSigningKey, type DevTokenOptions, type SigningKey } from '../../local/devAuth.js';
import { startDevGateway } from '../../local/devGateway.js';
import { ensureTable } from '../../local/services/ensureTable.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { call } from './http.js';

/** Tests that exercise the usage plan pass their own; the rest must not be throttled by their own speed. */
export const UNTHROTTLED: UsagePlanSettings = { rateLimit: 100_000, burstLimit: 100_000, quotaPerDay: 10_000_000 };

export interface LocalApi {
  baseUrl: string;
  config: Config;
  /** The key whose public half the gateway publishes and the Lambda trusts. */
  signingKey: SigningKey;
  apiKey: string;
  /** An access token with every scope the spec declares. */
  token: string;
  /** `authorization` (a token with every scope the spec declares) and `x-api-key` headers. */
  auth: Record<string, string>;
  /** `authorization` + `x-api-key` headers for a token with these scopes. */
  authWith(options: DevTokenOptions): Promise<Record<string, string>>;
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

// One RSA key per test file: generating one per API would cost more than the tests.
let sharedSigningKey: Promise<SigningKey> | undefined;

export async function startLocalApi(
  env: Record<string, string> = {},
  options: { usagePlan?: UsagePlanSettings; createTable?: boolean; integrationTimeoutMs?: number } = {},
): Promise<LocalApi> {
  sharedSigningKey ??= createSigningKey();
  const signingKey = await sharedSigningKey;
  let config: Config | undefined;
  const gateway = await startDevGateway({
    signingKey,
    apiKey: await createApiKey(),
    usagePlan: options.usagePlan ?? UNTHROTTLED,
    corsAllowedOrigins: loadConfig({ CORS_ALLOWED_ORIGINS: env.CORS_ALLOWED_ORIGINS ?? '*' }).corsAllowedOrigins,
    ...(options.integrationTimeoutMs === undefined ? {} : { integrationTimeoutMs: options.integrationTimeoutMs }),
    handler: (authEnv) => {
      config = loadConfig({
        TABLE_NAME: `test-${randomUUID()}`,
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        VALIDATE_RESPONSES: 'true',
        ...authEnv,
        ...env,
      });
      return createHandler(config);
    },
  });
  const built = config as unknown as Config;
  const client = dynamoClient(built.dynamoEndpoint);
  if (options.createTable !== false) await ensureTable(client, built.tableName);
  const token = await gateway.token();
  return {
    baseUrl: gateway.baseUrl,
    config: built,
    signingKey,
    apiKey: gateway.apiKey.value,
    token,
    auth: { authorization: `Bearer ${token}`, 'x-api-key': gateway.apiKey.value },
    authWith: (tokenOptions) => gateway.authHeaders(tokenOptions),
    async items() {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: built.tableName, ConsistentRead: true }));
      return Items.map((item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, Object.values(v)[0]])));
    },
    async stop() {
      await gateway.stop();
      client.destroy();
    },
  };
}

/** A call as an authorized client makes it: an all-scopes token and the API key, plus any headers given. */
export const authedCall = (api: LocalApi, method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
  call(api.baseUrl, method, path, { ...options, headers: { ...api.auth, ...options.headers } });
