// Child process of the gateway benchmark: the local gateway (API key + usage plan + JWKS, as `npm start` runs it) and
// the Lambda handler verifying a dev bearer token, on the in-memory repository (so the figure is the gateway + handler,
// not DynamoDB Local). Prints one JSON line: the loopback port and the headers an authorized client sends.
import type { AddressInfo } from 'node:net';
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { createHandler, type ProxyEvent } from '../../src/handler.js';
import {
  createApiKey,
  createSigningKey,
  issueDevToken,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  publicJwks,
} from '../../src/local/devAuth.js';
import { createGateway, type ProxyHandler } from '../../src/local/gateway.js';
import { createUsagePlan } from '../../src/local/usagePlan.js';
import { InMemoryUsersRepository } from '../../test/helpers/InMemoryUsersRepository.js';

const userId = process.argv[2] ?? '';
const repository = new InMemoryUsersRepository();
const now = '2026-11-24T12:00:00.000Z';
await repository.create({ userId, name: 'Ada Lovelace', email: 'ada@example.com', createdAt: now, updatedAt: now });
const signingKey = await createSigningKey();
const apiKey = await createApiKey();
let handler: ProxyHandler | undefined;
const server = createGateway({
  handler: (event: ProxyEvent, context) => (handler as ProxyHandler)(event, context),
  maxPayloadBytes: 6 * 1024 * 1024,
  corsAllowedOrigins: ['*'],
  // Unthrottled: the benchmark measures speed, not the usage plan's limits.
  apiKeys: {
    keys: new Map([[apiKey.value, apiKey.id]]),
    usagePlan: createUsagePlan({ rateLimit: 1e9, burstLimit: 1e9, quotaPerDay: 1e12 }),
  },
  jwks: publicJwks(signingKey),
});
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({
    AUTH_ISSUER: LOCAL_ISSUER,
    AUTH_CLIENT_IDS: LOCAL_CLIENT_ID,
    AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
  });
  const api = createApi(
    {
      config,
      repository,
      idempotency: (_request, work) => work(),
      now: () => new Date(),
      newId: () => crypto.randomUUID(),
    },
    { error() {} },
  );
  handler = createHandler(config, () => api);
  const token = await issueDevToken(signingKey, { scopes: ['users:read', 'users:write', 'users:admin'] });
  console.log(JSON.stringify({ port, headers: { authorization: `Bearer ${token}`, 'x-api-key': apiKey.value } }));
});
