// A request still running at its budget (a chain of slow calls, anything) is answered 503 then, not left to hang.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestBudgetMs } from '../../config/timeBudget.js';
import { InMemoryUsersRepository } from '../../local/memory/InMemoryUsersRepository.js';
import { memoryDependencies } from '../../local/memory/memoryDependencies.js';
import { createApi } from '../../src/api.js';
import { loadConfig, timeoutsOf } from '../../src/config.js';
import { ServiceUnavailableError } from '../../src/http/httpErrors.js';
import { beforeDeadline, RequestDeadlineExceeded } from '../../src/http/requestDeadline.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { restEvent } from '../helpers/proxyEvents.js';

const config = loadConfig({
  DYNAMODB_CONNECT_TIMEOUT_MS: '100',
  DYNAMODB_REQUEST_TIMEOUT_MS: '100',
  DYNAMODB_MAX_ATTEMPTS: '1',
  AUTH_JWKS_TIMEOUT_MS: '100',
  IDEMPOTENCY_WAIT_MS: '0',
  S3_CONNECT_TIMEOUT_MS: '100',
  S3_REQUEST_TIMEOUT_MS: '100',
  S3_MAX_ATTEMPTS: '1',
});
const claims = { sub: 'user-1', token_use: 'access', scope: 'users:read users:write users:admin' };

describe('the request deadline', () => {
  it('answers 503 with Retry-After at the request budget while the repository is still busy', async () => {
    // Arrange: fault injection behind the port, a repository whose reads never finish
    const repository = new InMemoryUsersRepository();
    repository.get = () => new Promise(() => {});
    const api = createApi(memoryDependencies(config, { repository }), { error: () => undefined });
    const handler = createHandler(config, () => api);
    const budgetMs = requestBudgetMs(timeoutsOf(config));
    expect(budgetMs).toBe(500);

    // Act
    const started = Date.now();
    const res = await handler(
      restEvent({
        method: 'GET',
        path: '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6',
        headers: { origin: 'https://app.example.com' },
        gateway: { apiKeyId: 'k1', claims },
      }),
      { awsRequestId: 'x' },
    );

    // Assert
    expect(res.statusCode).toBe(503);
    expect(res.headers).toMatchObject({ 'Retry-After': '1', 'Access-Control-Allow-Origin': '*' });
    expect(JSON.parse(res.body)).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
    expect(Date.now() - started).toBeLessThan(budgetMs + 1000);
  });
});

describe('beforeDeadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers what the work answers in time, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    expect(await beforeDeadline(Promise.resolve('answer'), 1000)).toBe('answer');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes a refusal on as it came, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const refusal = new Error('refused');
    await expect(beforeDeadline(Promise.reject(refusal), 1000)).rejects.toBe(refusal);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('answers 503 once the time is up, saying so to the log', async () => {
    vi.useFakeTimers();
    const late = beforeDeadline(new Promise(() => {}), 250).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(250);
    const error = await late;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(RequestDeadlineExceeded);
    expect([(cause as Error).name, (cause as Error).message]).toEqual([
      'RequestDeadlineExceeded',
      'no answer within 250 ms',
    ]);
  });
});
