// The child of gatewayProcess.ts: the local gateway with dev credentials on the in-memory repository, run with
// --expose-gc; it sends its port and credentials, then answers each message with its memory usage after a GC.
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { startDevAuthGateway } from './devAuthGateway.js';
import { InMemoryUsersRepository } from './InMemoryUsersRepository.js';
import { memoryDependencies } from './memoryDependencies.js';

const repository = new InMemoryUsersRepository();
const gateway = await startDevAuthGateway((authEnv) => {
  const config = loadConfig(authEnv);
  const api = createApi(memoryDependencies(config, { repository }), { error() {} });
  return createHandler(config, () => api);
});

const collect = globalThis.gc as (() => void) | undefined;
if (collect === undefined) throw new Error('run with --expose-gc');
process.on('message', () => {
  collect();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.send?.({ rss, heapUsed, external, arrayBuffers });
});
const { token, apiKey } = gateway.credentials;
process.send?.({ baseUrl: gateway.baseUrl, token, apiKey });
