// Serves the real API core (createApi) over the local gateway with an in-memory repository, so a test can plant a fault.
import { startDevGateway } from '../../local/devGateway.js';
import { memoryDependencies } from '../../local/memory/memoryDependencies.js';
import { type Api, createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import type { UsersRepository } from '../../src/repository/UsersRepository.js';
import type { Credentials } from '../contract/credentials.js';
import { UNTHROTTLED } from './localApi.js';

export interface InProcessApi {
  baseUrl: string;
  credentials: Credentials;
  stop(): Promise<void>;
}

/**
 * Response validation is off: a planted fault must reach the client as the faulty API would send it (with it on,
 * the server itself would turn a non-conforming answer into a 500 and hide which check should catch it).
 */
export async function startInProcessApi(
  options: { repository?: UsersRepository; wrap?: (api: Api) => Api } = {},
): Promise<InProcessApi> {
  const gateway = await startDevGateway({
    usagePlan: UNTHROTTLED,
    corsAllowedOrigins: ['*'],
    handler: (authEnv) => {
      const config = loadConfig({ ...authEnv, VALIDATE_RESPONSES: 'false', TABLE_NAME: 'in-process' });
      // No idempotency store in memory: every create runs (the planted bugs do not involve retries).
      const planted = options.repository === undefined ? {} : { repository: options.repository };
      const api = createApi(memoryDependencies(config, planted), { error: () => {} });
      return createHandler(config, () => options.wrap?.(api) ?? api);
    },
  });
  return {
    baseUrl: gateway.baseUrl,
    credentials: { token: await gateway.token(), apiKey: gateway.apiKey.value },
    stop: gateway.stop,
  };
}
