// A method a path does not define is answered 405 with Allow, even without credentials: behind API Gateway such
// requests reach the Lambda through the path's unauthenticated ANY method, so the local gateway must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/http.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

describe('methods a path does not define', () => {
  it.each([
    ['DELETE', '/users', 'GET, POST'],
    ['PATCH', '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6', 'GET, PUT, DELETE'],
    ['POST', '/hello', 'GET'],
  ])('%s %s without credentials → 405 with Allow: %s', async (method, path, allow) => {
    const res = await call(api.baseUrl, method, path, method === 'GET' ? {} : { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({ status: 405, type: '/problems/method-not-allowed' });
    expect(await api.items()).toEqual([]);
  });

  it('still needs credentials for the methods a path does define', async () => {
    const res = await call(api.baseUrl, 'GET', '/users');
    expect(res.status).toBe(403);
  });
});
