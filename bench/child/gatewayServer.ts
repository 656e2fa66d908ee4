// Child process of the gateway benchmark: the local gateway and the Lambda handler, on the in-memory repository
// (so the figure is the gateway + handler, not DynamoDB Local), on a free loopback port printed to stdout.
import type { AddressInfo } from 'node:net';
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/handler.js';
import { createGateway } from '../../src/local/gateway.js';
import { InMemoryUsersRepository } from '../../test/helpers/InMemoryUsersRepository.js';

const userId = process.argv[2] ?? '';
const repository = new InMemoryUsersRepository();
const now = '2026-11-24T12:00:00.000Z';
await repository.create({ userId, name: 'Ada Lovelace', email: 'ada@example.com', createdAt: now, updatedAt: now });
const config = loadConfig({});
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
const server = createGateway({
  handler: createHandler(config, () => api),
  maxPayloadBytes: 6 * 1024 * 1024,
  corsAllowedOrigins: config.corsAllowedOrigins,
});
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
