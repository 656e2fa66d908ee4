// Serves the real API core (createApi) over the local gateway with an in-memory repository, so a test can plant a fault.
import { randomUUID } from 'node:crypto';
import { type Api, createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import type { UsersRepository } from '../../src/repository/UsersRepository.js';
import type { Credentials } from '../contract/credentials.js';
import { startDevAuthGateway } from './devAuthGateway.js';
import { InMemoryUsersRepository } from './InMemoryUsersRepository.js';

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
  const gateway = await startDevAuthGateway((authEnv) => {
    const config = loadConfig({ ...authEnv, VALIDATE_RESPONSES: 'false', TABLE_NAME: 'in-process' });
    const api = createApi(
      {
        config,
        repository: options.repository ?? new InMemoryUsersRepository(),
        // No idempotency store in memory: every create runs (the planted bugs do not involve retries).
        idempotency: (_request, work) => work(),
        now: () => new Date(),
        newId: randomUUID,
      },
      { error: () => {} },
    );
    return createHandler(config, () => options.wrap?.(api) ?? api);
  });
  return { baseUrl: gateway.baseUrl, credentials: gateway.credentials, stop: gateway.stop };
}
