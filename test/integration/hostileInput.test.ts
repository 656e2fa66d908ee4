// Hostile and sloppy input over real HTTP (issue 20): every answer a documented 4xx or success, nothing corrupted stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResult } from '../helpers/http.js';
import { authedCall, type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { rawRequest } from '../helpers/rawHttp.js';
import { uniqueEmail } from '../helpers/seed.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

async function newUser() {
  const res = await authedCall(api, 'POST', '/users', { body: { name: 'Grace Hopper', email: uniqueEmail('grace') } });
  expect(res.status).toBe(201);
  return { userId: res.json.user.userId as string, etag: res.headers.get('etag') ?? '' };
}

/** A request with a body of exactly these bytes. */
async function rawCall(method: string, path: string, body: Buffer, headers: Record<string, string>) {
  const res = await fetch(api.baseUrl + path, { method, headers: { ...api.auth, ...headers }, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json } as HttpResult;
}

describe('unknown query parameters are ignored everywhere', () => {
  it.each(['/hello?_=123', '/users?_=1', '/users?limit=2&debug=true'])('GET %s answers 200', async (path) => {
    const res = await authedCall(api, 'GET', path);
    expect(res.status).toBe(200);
  });

  it('GET /users/{id}?_=1 answers 200', async () => {
    const { userId } = await newUser();
    expect((await authedCall(api, 'GET', `/users/${userId}?_=1`)).status).toBe(200);
  });

  it('a body on an operation that takes none is ignored, not refused with an undocumented status', async () => {
    const body = 'x'.repeat(2 * 1024 * 1024);
    const res = await rawRequest(
      api.baseUrl,
      'GET',
      '/hello',
      [
        ['Host', '127.0.0.1'],
        ['Content-Type', 'text/plain'],
      ],
      body,
    );
    expect(res.status).toBe(200);
  });
});

describe('entity tags are compared as opaque strings', () => {
  it.each(['"01"', '"1.0"', '" 1"', 'W/"1"', '1'])(
    'If-Match: %s does not match ETag "1": 412, nothing changed',
    async (tag) => {
      const { userId, etag } = await newUser();
      expect(etag).toBe('"1"');
      const res = await authedCall(api, 'PUT', `/users/${userId}`, {
        body: { name: 'Changed' },
        headers: { 'if-match': tag },
      });
      expect(res.status).toBe(412);
      expect((await authedCall(api, 'GET', `/users/${userId}`)).json.name).toBe('Grace Hopper');
    },
  );

  it('If-None-Match: "01" is not ETag "1": the user is sent', async () => {
    const { userId } = await newUser();
    expect((await authedCall(api, 'GET', `/users/${userId}`, { headers: { 'if-none-match': '"01"' } })).status).toBe(
      200,
    );
  });
});
