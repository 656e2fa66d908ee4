// API keys and usage plans at the local gateway, as API Gateway enforces them: 403 without a valid key, 429 past the
// plan, each answered with the document's gateway response (INVALID_API_KEY, QUOTA_EXCEEDED, THROTTLED).
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../apiGateway/gatewayResponses.js';
import { call, type HttpResult, LEAK_PATTERN } from '../helpers/http.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';

let api: LocalApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

function expectProblem(res: HttpResult, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({
    status,
    type: expect.stringMatching(/^\/problems\//),
    instance: expect.any(String),
  });
  expect(res.text).not.toMatch(LEAK_PATTERN);
}

describe('the API key', () => {
  it.each([
    ['missing', undefined],
    ['unknown', 'not-a-key-we-issued'],
    ['empty', ''],
  ])('%s → 403 before the function runs, nothing written', async (_name, key) => {
    // Arrange
    api = await startLocalApi();
    const { 'x-api-key': _, authorization } = api.auth as { authorization: string; 'x-api-key': string };
    const before = await api.items();
    // Act
    const res = await call(api.baseUrl, 'POST', '/users', {
      body: { name: 'No Key', email: 'nokey@example.com' },
      headers: { authorization: authorization, ...(key === undefined ? {} : { 'x-api-key': key }) },
    });
    // Assert
    expectProblem(res, 403);
    expect(res.json.detail).toBe(gatewayProblems.INVALID_API_KEY?.detail);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await api.items()).toEqual(before);
  });

  it('cannot be routed around with dot-segments in the raw path', async () => {
    api = await startLocalApi();
    const { authorization } = api.auth as { authorization: string };
    const { port } = new URL(api.baseUrl);
    // fetch would normalise the path; a raw request sends it as an attacker would.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/hello/../users', headers: { authorization } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end();
    });
    // Refused by the key check (403), or not routed to /users at all (404) where the path is passed as sent.
    expect([403, 404]).toContain(status);
  });

  it('is not needed for the public /hello, the spec or a CORS preflight', async () => {
    api = await startLocalApi();
    expect((await call(api.baseUrl, 'GET', '/hello')).status).toBe(200);
    expect((await call(api.baseUrl, 'GET', '/openapi.json')).status).toBe(200);
    const preflight = await fetch(`${api.baseUrl}/users`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
  });

  it('is not a token: a valid key without a bearer token gets 401 (the authorizer runs first)', async () => {
    api = await startLocalApi();
    expectProblem(await call(api.baseUrl, 'GET', '/users', { headers: { 'x-api-key': api.apiKey } }), 401);
  });

  it('publishes the JWKS the Lambda verifies tokens with', async () => {
    api = await startLocalApi();
    const res = await call(api.baseUrl, 'GET', '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.json.keys).toEqual([expect.objectContaining({ kid: api.signingKey.kid, kty: 'RSA', alg: 'RS256' })]);
    expect(res.json.keys[0]).not.toHaveProperty('d');
  });
});

describe('the usage plan', () => {
  it('answers 429 with Retry-After once the daily quota is used, and counts only keyed requests', async () => {
    // Arrange: a tiny plan so the quota runs out in a few requests
    api = await startLocalApi({}, { usagePlan: { rateLimit: 100, burstLimit: 100, quotaPerDay: 3 } });
    const list = () => call(api?.baseUrl ?? '', 'GET', '/users', { headers: api?.auth });
    // Act
    const statuses = [(await list()).status, (await list()).status, (await list()).status];
    await call(api.baseUrl, 'GET', '/hello'); // public: not counted
    const over = await list();
    // Assert
    expect(statuses).toEqual([200, 200, 200]);
    expectProblem(over, 429);
    expect(over.json.detail).toBe(gatewayProblems.QUOTA_EXCEEDED?.detail);
    // A gateway response's headers are static: the document's Retry-After, as API Gateway sends it.
    expect(over.headers.get('retry-after')).toBe(gatewayProblems.QUOTA_EXCEEDED?.headers?.['Retry-After']);
  });

  it('answers 429 with Retry-After past the burst, under a bounded loopback load', async () => {
    // Arrange: burst 5, refill 1/s; 20 requests at once
    api = await startLocalApi({}, { usagePlan: { rateLimit: 1, burstLimit: 5, quotaPerDay: 10_000 } });
    const started = Date.now();
    // Act
    const results = await Promise.all(
      Array.from({ length: 20 }, () => call(api?.baseUrl ?? '', 'GET', '/users', { headers: api?.auth })),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    // Assert
    const ok = results.filter((r) => r.status === 200).length;
    const throttled = results.filter((r) => r.status === 429);
    expect(ok + throttled.length).toBe(20);
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(ok).toBeLessThanOrEqual(5 + Math.ceil(elapsedSeconds * 1));
    for (const res of throttled) {
      expectProblem(res, 429);
      expect(res.json.detail).toBe(gatewayProblems.THROTTLED?.detail);
      expect(res.headers.get('retry-after')).toBe(gatewayProblems.THROTTLED?.headers?.['Retry-After']);
    }
  });

  it('refills at the plan rate: after Retry-After the key is served again', async () => {
    api = await startLocalApi({}, { usagePlan: { rateLimit: 2, burstLimit: 1, quotaPerDay: 10_000 } });
    const list = () => call(api?.baseUrl ?? '', 'GET', '/users', { headers: api?.auth });
    expect((await list()).status).toBe(200);
    const throttled = await list();
    expect(throttled.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(throttled.headers.get('retry-after')) * 1000));
    expect((await list()).status).toBe(200);
  });
});
