// The full Users API over real HTTP, through the local gateway and the Lambda handler, on DynamoDB Local.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../apiGateway/gatewayResponses.js';
import bundledSpec from '../../generated/openapi.json' with { type: 'json' };
import { call, LEAK_PATTERN } from '../helpers/http.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { seedUsers, uniqueEmail } from '../helpers/seed.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

/** A call with an all-scopes token and the API key, as an authorized client makes it. */
const authed = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
  call(api.baseUrl, method, path, { ...options, headers: { ...api.auth, ...options.headers } });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function expectProblem(res: Awaited<ReturnType<typeof call>>, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
  expect(typeof res.json.detail).toBe('string');
  expect(typeof res.json.instance).toBe('string');
  expect(res.text).not.toMatch(LEAK_PATTERN);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
}

describe('the seed walk-through', () => {
  it('creates, reads, lists, partially updates and deletes a user', async () => {
    // Arrange
    const hello = await authed('GET', '/hello');
    expect(hello.status).toBe(200);
    expect(hello.json.message).toBe('Hello from the Users API');

    // Act: create
    const created = await authed('POST', '/users', { body: seedUsers.john });
    // Assert
    expect(created.status).toBe(201);
    const user = created.json.user;
    expect(created.json.message).toBe('User created successfully');
    expect(user).toMatchObject(seedUsers.john);
    expect(user.userId).toMatch(UUID);
    expect(user.createdAt).toBe(user.updatedAt);
    expect(Date.parse(user.createdAt)).not.toBeNaN();
    expect(created.headers.get('location')).toBe(`/users/${user.userId}`);

    const fetched = await authed('GET', created.headers.get('location') ?? '');
    expect(fetched.status).toBe(200);
    expect(fetched.json).toEqual(user);

    const listed = await authed('GET', '/users');
    expect(listed.json.users).toContainEqual(user);
    expect(listed.json.count).toBe(listed.json.users.length);

    expect(created.headers.get('etag')).toBe('"1"');
    expect(fetched.headers.get('etag')).toBe('"1"');
    const updated = await authed('PUT', `/users/${user.userId}`, {
      body: seedUsers.update,
      headers: { 'if-match': fetched.headers.get('etag') ?? '' },
    });
    expect(updated.status).toBe(200);
    expect(updated.json.message).toBe('User updated successfully');
    expect(updated.json.user).toMatchObject({
      ...seedUsers.update,
      email: seedUsers.john.email,
      createdAt: user.createdAt,
    });
    expect(updated.json.user.updatedAt >= user.updatedAt).toBe(true);
    expect((await authed('GET', `/users/${user.userId}`)).json).toEqual(updated.json.user);

    expect(updated.headers.get('etag')).toBe('"2"');
    const deleted = await authed('DELETE', `/users/${user.userId}`, {
      headers: { 'if-match': updated.headers.get('etag') ?? '' },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ message: 'User deleted successfully' });

    expectProblem(await authed('GET', `/users/${user.userId}`), 404);
    const anyVersion = { 'if-match': '*' };
    expectProblem(await authed('PUT', `/users/${user.userId}`, { body: { name: 'Ghost' }, headers: anyVersion }), 404);
    expectProblem(await authed('DELETE', `/users/${user.userId}`, { headers: anyVersion }), 404);
    expect((await api.items()).filter((i) => i.userId === user.userId)).toEqual([]);
  });

  it('creates a user without a phone, and lists every user created', async () => {
    const emails = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('c')];
    for (const email of emails) {
      expect((await authed('POST', '/users', { body: { name: 'Ada Lovelace', email } })).status).toBe(201);
    }
    const listed = await authed('GET', '/users');
    expect(listed.status).toBe(200);
    const listedEmails = listed.json.users.map((u: { email: string }) => u.email);
    expect(listedEmails).toEqual(expect.arrayContaining(emails));
    expect(listed.json.users.find((u: { email: string }) => u.email === emails[0])).not.toHaveProperty('phone');
  });
});

describe('bad input gets a 4xx problem naming the field, and writes nothing', () => {
  const cases: {
    name: string;
    method: string;
    path?: string;
    body?: unknown;
    headers?: Record<string, string>;
    status: number;
    /** Bad input named in `errors[]` (the function's answer). */
    fields?: string[];
    /** Refused by the request validator (the document's BAD_REQUEST_BODY): its message names this field. */
    gateway?: string;
  }[] = [
    { name: 'missing email', method: 'POST', body: { name: 'No Email' }, status: 400, gateway: 'email' },
    { name: 'bad email', method: 'POST', body: { name: 'A', email: 'not-an-email' }, status: 400, fields: ['/email'] },
    { name: 'empty name', method: 'POST', body: { name: '', email: uniqueEmail() }, status: 400, gateway: '/name' },
    {
      name: 'name too long',
      method: 'POST',
      body: { name: 'x'.repeat(101), email: uniqueEmail() },
      status: 400,
      gateway: '/name',
    },
    {
      name: 'bad phone',
      method: 'POST',
      body: { name: 'A', email: uniqueEmail(), phone: '12345' },
      status: 400,
      gateway: '/phone',
    },
    {
      name: 'unknown field',
      method: 'POST',
      body: { name: 'A', email: uniqueEmail(), isAdmin: true },
      status: 400,
      gateway: 'isAdmin',
    },
    {
      name: '__proto__ key',
      method: 'POST',
      body: '{"name":"A","email":"p@example.com","__proto__":{"x":1}}',
      status: 400,
      gateway: '__proto__',
    },
    { name: 'wrong type', method: 'POST', body: { name: 42, email: uniqueEmail() }, status: 400, gateway: '/name' },
    { name: 'JSON array body', method: 'POST', body: [], status: 400, gateway: 'body' },
    {
      name: 'JSON text of a user, as a JSON string (double-encoded)',
      method: 'POST',
      body: JSON.stringify(JSON.stringify({ name: 'A', email: 'double@example.com' })),
      status: 400,
      gateway: 'body',
    },
    { name: 'JSON number body', method: 'POST', body: '5', status: 400, gateway: 'body' },
    { name: 'JSON null body', method: 'POST', body: 'null', status: 400, gateway: 'body' },
    {
      name: 'control character in a name',
      method: 'POST',
      body: { name: 'A\u0000B', email: uniqueEmail() },
      status: 400,
      gateway: '/name',
    },
    {
      name: 'DEL in a name',
      method: 'POST',
      body: { name: 'A\u007f', email: uniqueEmail() },
      status: 400,
      gateway: '/name',
    },
    {
      name: 'newline in a name',
      method: 'POST',
      body: { name: 'A\nB', email: uniqueEmail() },
      status: 400,
      gateway: '/name',
    },
    { name: 'malformed JSON', method: 'POST', body: '{"name": "x",', status: 400, gateway: 'JSON' },
    { name: 'empty body', method: 'POST', body: '', headers: { 'content-type': 'application/json' }, status: 400 },
    { name: 'text/plain body', method: 'POST', body: 'name=x', headers: { 'content-type': 'text/plain' }, status: 415 },
    {
      name: 'form body',
      method: 'POST',
      body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
    },
    {
      name: 'body over the function limit, refused first by the model (name too long)',
      method: 'POST',
      body: { name: 'x'.repeat(20_000), email: uniqueEmail() },
      status: 400,
      gateway: '/name',
    },
    {
      name: 'body over the Lambda payload limit',
      method: 'POST',
      body: { name: 'x'.repeat(7 * 1024 * 1024), email: uniqueEmail() },
      status: 413,
    },
    {
      name: 'empty update',
      method: 'PUT',
      path: '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6',
      body: {},
      status: 400,
      gateway: 'body',
    },
    {
      name: 'update with unknown field',
      method: 'PUT',
      path: '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6',
      body: { userId: 'x' },
      status: 400,
      gateway: 'userId',
    },
    { name: 'user id not a uuid', method: 'GET', path: '/users/not-a-uuid', status: 400, fields: ['userId'] },
    { name: 'unknown route', method: 'GET', path: '/nope', status: 404 },
    { name: 'unknown user', method: 'GET', path: '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6', status: 404 },
    { name: 'method not allowed', method: 'DELETE', path: '/users', status: 405 },
  ];

  const gatewayType = `/problems/${gatewayProblems.BAD_REQUEST_BODY?.slug}`;
  const gatewayTitle = gatewayProblems.BAD_REQUEST_BODY?.title;
  for (const c of cases) {
    it(`${c.name} → ${c.status}`, async () => {
      // Arrange
      const before = await api.items();
      // Act
      const res = await authed(c.method, c.path ?? '/users', { body: c.body, headers: c.headers });
      // Assert
      expectProblem(res, c.status);
      if (c.gateway !== undefined) {
        expect(res.json).toMatchObject({ type: gatewayType, title: gatewayTitle });
        expect(res.json.detail).toContain(c.gateway);
        expect(res.json.errors).toBeUndefined();
      }
      if (c.fields !== undefined) {
        expect(res.json.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(c.fields));
        for (const e of res.json.errors)
          expect(e).toEqual({ location: expect.any(String), pointer: expect.any(String), message: expect.any(String) });
      }
      expect(await api.items()).toEqual(before);
    });
  }

  it('405 lists the allowed methods in Allow', async () => {
    const res = await authed('PATCH', '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6', {
      body: { name: 'x' },
    });
    expectProblem(res, 405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
  });
});

describe('CORS and the served spec', () => {
  it('answers a preflight with the methods of the path', async () => {
    const res = await fetch(`${api.baseUrl}/users`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('only echoes configured origins when an allow-list is set', async () => {
    const strict = await startLocalApi({ CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    try {
      const allowed = await call(strict.baseUrl, 'GET', '/hello', { headers: { origin: 'https://app.example.com' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const other = await call(strict.baseUrl, 'GET', '/hello', { headers: { origin: 'https://evil.example.com' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await strict.stop();
    }
  });

  it('serves the bundled spec at /openapi.json', async () => {
    const res = await authed('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json).toEqual(bundledSpec);
  });
});
