// Starts the real local gateway + handler on a loopback port, backed by a fresh table in the shared DynamoDB Local,
// with development credentials: `auth` holds headers for an all-scopes token and a valid API key.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { UsagePlanSettings } from '../../config/stages.js';
import {
  createApiKey,
  createSigningKey,
  type DevTokenOptions,
  issueDevToken,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  publicJwks,
  type SigningKey,
} from '../../local/devAuth.js';
import { createGateway, type ProxyHandler } from '../../local/gateway/gateway.js';
import { createUsagePlan } from '../../local/gateway/usagePlan.js';
import { ensureTable } from '../../local/services/ensureTable.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import type { ProxyEvent } from '../../src/lambda/proxyAdapter.js';
import { call } from './http.js';

/** Tests that exercise the usage plan pass their own; the rest must not be throttled by their own speed. */
const UNTHROTTLED: UsagePlanSettings = { rateLimit: 100_000, burstLimit: 100_000, quotaPerDay: 10_000_000 };

export const ALL_SCOPES = ['users:read', 'users:write', 'users:admin'] as const;

export interface LocalApi {
  baseUrl: string;
  config: Config;
  /** The key whose public half the gateway publishes and the Lambda trusts. */
  signingKey: SigningKey;
  apiKey: string;
  /** An access token with every scope. */
  token: string;
  /** `authorization` (token with every scope) and `x-api-key` headers. */
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
  const apiKey = await createApiKey();
  // The Lambda is built once the port is known, because it fetches the JWKS from this gateway as it would from Cognito.
  let handler: ProxyHandler | undefined;
  const server = createGateway({
    handler: (event: ProxyEvent, context) => (handler as ProxyHandler)(event, context),
    maxPayloadBytes: 6 * 1024 * 1024,
    corsAllowedOrigins: loadConfig({ CORS_ALLOWED_ORIGINS: env.CORS_ALLOWED_ORIGINS ?? '*' }).corsAllowedOrigins,
    apiKeys: {
      keys: new Map([[apiKey.value, apiKey.id]]),
      usagePlan: createUsagePlan(options.usagePlan ?? UNTHROTTLED),
    },
    jwks: publicJwks(signingKey),
    integrationTimeoutMs: options.integrationTimeoutMs,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    TABLE_NAME: `test-${randomUUID()}`,
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    VALIDATE_RESPONSES: 'true',
    AUTH_ISSUER: LOCAL_ISSUER,
    AUTH_CLIENT_IDS: LOCAL_CLIENT_ID,
    AUTH_JWKS_URL: `${baseUrl}/.well-known/jwks.json`,
    ...env,
  });
  handler = createHandler(config);
  const client = dynamoClient(config.dynamoEndpoint);
  if (options.createTable !== false) await ensureTable(client, config.tableName);
  const authWith = async (tokenOptions: DevTokenOptions) => ({
    authorization: `Bearer ${await issueDevToken(signingKey, tokenOptions)}`,
    'x-api-key': apiKey.value,
  });
  const token = await issueDevToken(signingKey, { scopes: ALL_SCOPES });
  return {
    baseUrl,
    config,
    signingKey,
    apiKey: apiKey.value,
    token,
    auth: { authorization: `Bearer ${token}`, 'x-api-key': apiKey.value },
    authWith,
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

/** A call as an authorized client makes it: an all-scopes token and the API key, plus any headers given. */
export const authedCall = (api: LocalApi, method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
  call(api.baseUrl, method, path, { ...options, headers: { ...api.auth, ...options.headers } });
