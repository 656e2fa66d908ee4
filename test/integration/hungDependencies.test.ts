// A dependency that accepts connections and then stops answering (DynamoDB, the JWKS) gets a 503 within the budget.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayProblems } from '../../apiGateway/gatewayResponses.js';
import { requestBudgetMs } from '../../config/timeBudget.js';
import { timeoutsOf } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { call, LEAK_PATTERN } from '../helpers/http.js';
import { authedCall, type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { restEvent } from '../helpers/proxyEvents.js';
import { type StallingProxy, startStallingProxy } from '../helpers/stallingProxy.js';

/** Room for the test machine on top of the computed budget (scheduling, the local gateway, fetch). */
const SLACK_MS = 1000;

const timed = async <T>(request: () => Promise<T>) => {
  const started = Date.now();
  const result = await request();
  return { result, ms: Date.now() - started };
};

const expectServiceUnavailable = (res: Awaited<ReturnType<typeof call>>) => {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  expect(res.json).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
  expect(res.text).not.toMatch(LEAK_PATTERN);
};

/** Polls until the condition holds (a wait for the setup, not a timed assertion). */
async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('when DynamoDB accepts connections and stops answering', () => {
  let proxy: StallingProxy;
  let api: LocalApi;
  let budgetMs: number;

  beforeAll(async () => {
    proxy = await startStallingProxy(inject('dynamoEndpoint'));
    api = await startLocalApi({
      DYNAMODB_ENDPOINT: proxy.url,
      DYNAMODB_CONNECT_TIMEOUT_MS: '300',
      DYNAMODB_REQUEST_TIMEOUT_MS: '800',
      DYNAMODB_MAX_ATTEMPTS: '2',
      AUTH_JWKS_TIMEOUT_MS: '1000',
      IDEMPOTENCY_WAIT_MS: '200',
      S3_CONNECT_TIMEOUT_MS: '100',
      S3_REQUEST_TIMEOUT_MS: '100',
      S3_MAX_ATTEMPTS: '1',
    });
    budgetMs = requestBudgetMs(timeoutsOf(api.config));
    // The first requests load jose, the response validators and a cold DynamoDB Local table: warm them up.
    for (let i = 0; i < 5 && (await authedCall(api, 'GET', '/users')).status !== 200; i++);
  });
  afterAll(async () => {
    await api.stop();
    await proxy.close();
  });

  it('answers reads and writes 503 with Retry-After within the budget, /hello still, writes all or nothing, and recovers without a restart', async () => {
    // Arrange: a user, read once (token and keep-alive connections warm), then DynamoDB stalls
    const created = await authedCall(api, 'POST', '/users', { body: { name: 'Before', email: 'before@example.com' } });
    expect(created.status).toBe(201);
    const { userId } = created.json.user;
    const etag = created.headers.get('etag') ?? '';
    expect((await authedCall(api, 'GET', `/users/${userId}`)).status).toBe(200);
    proxy.stall();

    // Act: reads and writes at once, while stalled
    const [get, list, create, update, remove] = await Promise.all([
      timed(() => authedCall(api, 'GET', `/users/${userId}`)),
      timed(() => authedCall(api, 'GET', '/users')),
      timed(() => authedCall(api, 'POST', '/users', { body: { name: 'During', email: 'during@example.com' } })),
      timed(() =>
        authedCall(api, 'PUT', `/users/${userId}`, {
          body: { email: 'moved@example.com' },
          headers: { 'if-match': etag },
        }),
      ),
      timed(() => authedCall(api, 'DELETE', `/users/${userId}`, { headers: { 'if-match': etag } })),
    ]);
    const hello = await call(api.baseUrl, 'GET', '/hello');

    // Assert
    for (const { result, ms } of [get, list, create, update, remove]) {
      expectServiceUnavailable(result);
      expect(ms).toBeLessThan(budgetMs + SLACK_MS);
    }
    expect(hello.status).toBe(200);

    // After it resumes, the same process answers again; every write happened whole or not at all
    proxy.resume();
    const after = await authedCall(api, 'GET', '/users?limit=100');
    expect(after.status).toBe(200);
    const items = await api.items();
    const emailOfUser = new Map(
      items.filter((item) => item.entity === 'USER').map((u) => [u.userId, `EMAIL#${String(u.email).toLowerCase()}`]),
    );
    const claims = items.filter((item) => String(item.pk).startsWith('EMAIL#'));
    expect(claims.map((claim) => emailOfUser.get(claim.userId))).toEqual(claims.map((claim) => claim.pk));
    expect(claims.length).toBe(emailOfUser.size);
    const again = await authedCall(api, 'POST', '/users', { body: { name: 'After', email: 'after@example.com' } });
    expect(again.status).toBe(201);
  });
});

describe('when 50 DynamoDB calls are already waiting in one process', () => {
  it('answers the 51st request 503 at once instead of queueing it; the 50 are answered once DynamoDB is back', async () => {
    // Arrange: a fresh API (its table made before the stall, no pooled connections) on a stalled DynamoDB, with
    // timeouts long enough that all 50 are still waiting however slowly this busy process sends them (the proxy,
    // the gateway and the API share its event loop: a short connect timeout could fire before a connect is seen)
    const proxy = await startStallingProxy(inject('dynamoEndpoint'));
    const api = await startLocalApi({
      DYNAMODB_ENDPOINT: proxy.url,
      DYNAMODB_CONNECT_TIMEOUT_MS: '5000',
      DYNAMODB_REQUEST_TIMEOUT_MS: '10000',
      DYNAMODB_MAX_ATTEMPTS: '1',
    });
    proxy.stall();
    const setup = proxy.accepted; // the test's own client that made the table
    try {
      expect(api.config.dynamoMaxInFlight).toBe(50);
      const path = '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6';
      const waiting = Array.from({ length: 50 }, () => authedCall(api, 'GET', path));
      await until(() => proxy.accepted - setup === 50, '50 connections to DynamoDB');

      // Act
      const fiftyFirst = await timed(() => authedCall(api, 'GET', path));

      // Assert: refused without waiting for DynamoDB, and without opening a connection
      expectServiceUnavailable(fiftyFirst.result);
      expect(fiftyFirst.ms).toBeLessThan(api.config.dynamoRequestTimeoutMs);
      expect(proxy.accepted - setup).toBe(50);
      proxy.resume();
      expect((await Promise.all(waiting)).map((res) => res.status)).toEqual(Array(50).fill(404));
    } finally {
      await api.stop();
      await proxy.close();
    }
  });
});

describe('when the JWKS endpoint accepts connections and stops answering', () => {
  // Behind API Gateway (and the local gateway) the authorizer verifies tokens; the function fetches the JWKS itself
  // only when invoked directly, with a token and no claims: that is the call tested here.
  it('answers a token that needs verifying 503 within the JWKS timeout, never 401, and verifies once it resumes', async () => {
    // Arrange: the Lambda fetches its keys through a stalled proxy in front of the gateway's JWKS
    const proxy = await startStallingProxy('http://127.0.0.1:1');
    proxy.stall();
    const api = await startLocalApi({
      AUTH_JWKS_URL: `${proxy.url}/.well-known/jwks.json`,
      AUTH_JWKS_TIMEOUT_MS: '500',
    });
    proxy.target = api.baseUrl;
    const handler = createHandler(api.config);
    const direct = () =>
      handler(
        restEvent({
          method: 'GET',
          path: '/users',
          headers: { authorization: `Bearer ${api.token}` },
          gateway: { apiKeyId: 'direct-invoke-key' },
        }),
        { awsRequestId: 'direct' },
      );
    try {
      // Act
      const { result, ms } = await timed(direct);
      const hello = await call(api.baseUrl, 'GET', '/hello');

      // Assert
      expect(result.statusCode).toBe(503);
      expect(Number(result.headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
      expect(result.headers?.['WWW-Authenticate']).toBeUndefined();
      expect(result.body).not.toMatch(LEAK_PATTERN);
      expect(ms).toBeLessThan(api.config.auth.jwksTimeoutMs + SLACK_MS);
      expect(proxy.accepted).toBeGreaterThan(0);
      expect(hello.status).toBe(200);
      proxy.resume();
      expect((await direct()).statusCode).toBe(200);
    } finally {
      await api.stop();
      await proxy.close();
    }
  });
});

describe('when the handler runs longer than the integration timeout', () => {
  it("the local gateway answers the imported document's INTEGRATION_TIMEOUT response, like API Gateway", async () => {
    // Arrange: a request budget longer than the gateway's integration timeout, on a stalled DynamoDB
    const proxy = await startStallingProxy(inject('dynamoEndpoint'));
    const api = await startLocalApi(
      { DYNAMODB_ENDPOINT: proxy.url, DYNAMODB_REQUEST_TIMEOUT_MS: '2000', DYNAMODB_MAX_ATTEMPTS: '1' },
      { integrationTimeoutMs: 300 },
    );
    proxy.stall();
    try {
      // Act
      const { result, ms } = await timed(() => authedCall(api, 'GET', '/users'));

      // Assert
      const expected = gatewayProblems.INTEGRATION_TIMEOUT;
      expect(result.status).toBe(504);
      expect(result.headers.get('content-type')).toBe('application/problem+json');
      expect(result.headers.get('access-control-allow-origin')).toBe('*');
      expect(result.json).toEqual({
        type: `/problems/${expected?.slug}`,
        title: expected?.title,
        status: 504,
        detail: expected?.detail,
        instance: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(ms).toBeLessThan(api.config.dynamoRequestTimeoutMs);
    } finally {
      proxy.resume();
      await api.stop();
      await proxy.close();
    }
  });
});
