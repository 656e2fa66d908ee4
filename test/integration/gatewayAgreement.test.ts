// Where the local gateway must agree with API Gateway: 405 for methods a path lacks (they reach the Lambda through
// the path's unauthenticated ANY method), the authorizer's 401, the renamed WWW-Authenticate of the function, and
// the event the function gets (claims and key id in requestContext).
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../apiGateway/gatewayResponses.js';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../../local/devAuth.js';
import { startDevGateway } from '../../local/devGateway.js';
import type { ProxyEvent } from '../../src/lambda/proxyAdapter.js';
import { call } from '../helpers/http.js';
import { type LocalApi, startLocalApi, UNTHROTTLED } from '../helpers/localApi.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

describe('methods a path does not define', () => {
  it.each([
    ['DELETE', '/users', 'GET, HEAD, POST, OPTIONS'],
    ['PATCH', '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6', 'GET, HEAD, PUT, DELETE, OPTIONS'],
    ['POST', '/hello', 'GET, HEAD, OPTIONS'],
  ])('%s %s without credentials → 405 with Allow: %s', async (method, path, allow) => {
    const res = await call(api.baseUrl, method, path, method === 'GET' ? {} : { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({ status: 405, type: '/problems/method-not-allowed' });
    expect(await api.items()).toEqual([]);
  });

  it('still needs credentials for the methods a path does define: no key and no token is the authorizer’s 401', async () => {
    const res = await call(api.baseUrl, 'GET', '/users');
    expect(res.status).toBe(401);
  });
});

describe('what the local gateway does as API Gateway does', () => {
  it('refuses a request without a token itself, with the authorizer’s challenge, before the function runs', async () => {
    const res = await call(api.baseUrl, 'GET', '/users', { headers: { 'x-api-key': api.apiKey } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(gatewayProblems.UNAUTHORIZED?.headers?.['WWW-Authenticate']);
    expect(res.headers.get('x-amzn-remapped-www-authenticate')).toBeNull();
    expect(res.json).toMatchObject({ status: 401, type: '/problems/unauthorized' });
  });

  it('renames the WWW-Authenticate of the function’s own 401 to X-Amzn-Remapped-WWW-Authenticate', async () => {
    // A token the authorizer accepts (the pool's client) but the function does not (it trusts another client).
    const strict = await startLocalApi({ AUTH_CLIENT_IDS: 'another-app-client' });
    const res = await call(strict.baseUrl, 'GET', '/users', { headers: strict.auth });
    await strict.stop();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(res.headers.get('x-amzn-remapped-www-authenticate')).toBe('Bearer realm="users-api", error="invalid_token"');
  });
});

describe('what the Lambda receives from the local gateway', () => {
  it('gets the authorizer’s claims (strings, as REST authorizers pass them) and the key id in requestContext', async () => {
    // A recording function behind the gateway's integration port: the event is what is asserted.
    const events: ProxyEvent[] = [];
    const gateway = await startDevGateway({
      usagePlan: UNTHROTTLED,
      corsAllowedOrigins: ['*'],
      handler: () => async (event) => {
        events.push(event);
        return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' };
      },
    });
    try {
      const res = await call(gateway.baseUrl, 'GET', '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6', {
        headers: await gateway.authHeaders({ scopes: ['users:read'] }),
      });
      expect(res.status).toBe(200);
      const event = events[0] as APIGatewayProxyEvent;
      expect(event.resource).toBe('/users/{userId}');
      expect(event.pathParameters).toEqual({ userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' });
      expect(event.requestContext.identity.apiKeyId).toBe(gateway.apiKey.id);
      expect(event.requestContext.authorizer?.claims).toMatchObject({
        sub: 'dev-user',
        client_id: LOCAL_CLIENT_ID,
        token_use: 'access',
        scope: 'users:read',
        iss: LOCAL_ISSUER,
        exp: expect.stringMatching(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/),
      });
      expect(Object.values(event.requestContext.authorizer?.claims ?? {}).every((v) => typeof v === 'string')).toBe(
        true,
      );
    } finally {
      await gateway.stop();
    }
  });
});
