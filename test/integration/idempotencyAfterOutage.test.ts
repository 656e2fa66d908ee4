// Issue 32, item 5: a create that ended in 503 (DynamoDB stalled after its Idempotency-Key record was written, so
// Powertools could not delete that record) blocked the key with "409 still being processed" for 30 s although nothing
// ran. The in-progress record now lasts no longer than a request may run: the client's retry succeeds.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { requestBudgetMs } from '../../config/timeBudget.js';
import { startDevGateway } from '../../local/devGateway.js';
import { ensureTable } from '../../local/services/ensureTable.js';
import { createApi } from '../../src/api.js';
import { type Config, loadConfig, timeoutsOf } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { createDefaultDependencies } from '../../src/lambda/defaultApi.js';
import type { UsersRepository } from '../../src/repository/UsersRepository.js';
import { call } from '../helpers/http.js';
import { dynamoClient, UNTHROTTLED } from '../helpers/localApi.js';
import { uniqueEmail } from '../helpers/seed.js';
import { type StallingProxy, startStallingProxy } from '../helpers/stallingProxy.js';

let proxy: StallingProxy;
let gateway: Awaited<ReturnType<typeof startDevGateway>>;
let config: Config;

beforeAll(async () => {
  proxy = await startStallingProxy(inject('dynamoEndpoint'));
  gateway = await startDevGateway({
    usagePlan: UNTHROTTLED,
    corsAllowedOrigins: ['*'],
    handler: (authEnv) => {
      config = loadConfig({
        ...authEnv,
        TABLE_NAME: `idem-outage-${Date.now()}`,
        DYNAMODB_ENDPOINT: proxy.url,
        DYNAMODB_CONNECT_TIMEOUT_MS: '300',
        DYNAMODB_REQUEST_TIMEOUT_MS: '800',
        DYNAMODB_MAX_ATTEMPTS: '2',
        IDEMPOTENCY_WAIT_MS: '200',
        S3_CONNECT_TIMEOUT_MS: '100',
        S3_REQUEST_TIMEOUT_MS: '100',
        S3_MAX_ATTEMPTS: '1',
      });
      const deps = createDefaultDependencies(config);
      // The fault: DynamoDB stops answering once the key's record is written, as the create begins; Powertools' delete
      // of the record (the create failed) meets it too.
      const repository: UsersRepository = Object.create(deps.repository, {
        create: {
          value: (user: Parameters<UsersRepository['create']>[0]) => {
            if (stallNextCreate) {
              stallNextCreate = false;
              proxy.stall();
            }
            return deps.repository.create(user);
          },
        },
      });
      return createHandler(config, () => createApi({ ...deps, repository }, { error: () => {} }));
    },
  });
  await ensureTable(dynamoClient(), config.tableName);
  // Warm up: Powertools loads on the first key and a new DynamoDB Local table answers its first writes slowly.
  const headers = await gateway.authHeaders();
  for (let i = 0; i < 3; i++) {
    const body = { name: 'Warm Up', email: uniqueEmail('warm') };
    await call(gateway.baseUrl, 'POST', '/users', { body, headers: { ...headers, 'idempotency-key': `warm-${i}` } });
  }
});
afterAll(async () => {
  await gateway.stop();
  await proxy.close();
});

let stallNextCreate = false;

describe('an Idempotency-Key after its request ended in 503', () => {
  it('is free for the retry once the request budget has passed, instead of 409 for 30 s', async () => {
    // Arrange
    const headers = { ...(await gateway.authHeaders()), 'idempotency-key': `outage-${Date.now()}` };
    const body = { name: 'Ida Empotent', email: uniqueEmail('outage') };
    const budgetMs = requestBudgetMs(timeoutsOf(config));

    // Act: the first attempt meets the outage; its connections break (nothing they carried arrives), DynamoDB is
    // back, and the client retries every 500 ms
    stallNextCreate = true;
    const first = await call(gateway.baseUrl, 'POST', '/users', { body, headers });
    proxy.drop();
    const resumed = Date.now();
    const retries: number[] = [];
    let retry = await call(gateway.baseUrl, 'POST', '/users', { body, headers });
    retries.push(retry.status);
    // Bounded by twice the budget (the record is written within one), far below the 30 s it used to block.
    while (retry.status === 409 && Date.now() - resumed < 2 * budgetMs + 1000) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      retry = await call(gateway.baseUrl, 'POST', '/users', { body, headers });
      retries.push(retry.status);
    }

    // Assert
    expect(first.status, first.text).toBe(503);
    expect(retry.status, `retries answered ${retries.join(', ')}: ${retry.text}`).toBe(201);
    expect(retry.json.user).toMatchObject({ email: body.email });
  }, 30_000);
});
