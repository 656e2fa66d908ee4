// The scope matrix over real HTTP: each operation × {no scope, read, write, admin} gives exactly what the spec documents.
// Behind API Gateway the method's authorization scopes are the Cognito authorizer's: a token without one gets its 401
// (the function's own 403 insufficient_scope answers direct invokes: test/unit/handler.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../apiGateway/gatewayResponses.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { type S3Local, startS3Local } from '../../local/services/s3Local.js';
import { call, LEAK_PATTERN } from '../helpers/http.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { seedUsers, uniqueEmail } from '../helpers/seed.js';

let api: LocalApi;
let s3: S3Local;
beforeAll(async () => {
  s3 = await startS3Local({ bucket: 'scopes-avatars', corsAllowedOrigins: ['*'] });
  api = await startLocalApi({ AVATAR_BUCKET: 'scopes-avatars', S3_ENDPOINT: s3.endpoint });
});
afterAll(async () => {
  await api.stop();
  await s3.stop();
});

interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
}
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Operation>)
    .filter(([, op]) => typeof op === 'object' && 'operationId' in op)
    .map(([method, op]) => ({ path, method: method.toUpperCase(), ...op })),
);
const secured = operations.filter((op) => (op.security ?? spec.security).length > 0);

/** The scope each operation documents, read from the spec: the matrix's expectations are not a second table. */
const scopeOf = (op: Operation) => (op.security ?? spec.security)[0]?.userPool?.[0];

// A fresh user has no avatar: with the scope, the download reaches the operation, which finds none.
const successStatus: Record<string, number> = { createUser: 201, getAvatar: 404 };

async function createUser(): Promise<{ userId: string; etag: string }> {
  const res = await call(api.baseUrl, 'POST', '/users', {
    body: { ...seedUsers.john, email: uniqueEmail('matrix') },
    headers: api.auth,
  });
  return { userId: res.json.user.userId, etag: res.headers.get('etag') ?? '' };
}

/** A request the operation would accept from a caller with the right scope (a fresh user, its ETag as If-Match). */
async function requestFor(
  op: (typeof secured)[number],
): Promise<{ path: string; body: unknown; headers: Record<string, string> }> {
  if (!op.path.includes('{userId}')) return { path: op.path, body: bodyFor(op), headers: {} };
  const { userId, etag } = await createUser();
  return { path: op.path.replace('{userId}', userId), body: bodyFor(op), headers: { 'if-match': etag } };
}

function bodyFor(op: (typeof secured)[number]) {
  if (op.operationId === 'createUser') return { ...seedUsers.john, email: uniqueEmail('matrix') };
  if (op.operationId === 'requestAvatarUpload') return { contentType: 'image/png' };
  return op.operationId === 'updateUser' ? seedUsers.update : undefined;
}

describe('the scope matrix', () => {
  it('covers every secured operation, each needing one of the documented scopes', () => {
    expect(secured.map((op) => op.operationId).sort()).toEqual(
      ['createUser', 'deleteUser', 'getUser', 'listUsers', 'updateUser', 'requestAvatarUpload', 'getAvatar'].sort(),
    );
    expect(Object.fromEntries(secured.map((op) => [op.operationId, scopeOf(op)]))).toEqual({
      listUsers: 'users:read',
      getUser: 'users:read',
      createUser: 'users:write',
      updateUser: 'users:write',
      deleteUser: 'users:admin',
      requestAvatarUpload: 'users:write',
      getAvatar: 'users:read',
    });
  });

  for (const op of secured) {
    for (const held of ['none', 'users:read', 'users:write', 'users:admin']) {
      const allowed = held === scopeOf(op);
      const expected = allowed ? (successStatus[op.operationId] ?? 200) : 401;
      it(`${op.operationId} with ${held} → ${expected}`, async () => {
        // Arrange
        const { path, body, headers: preconditions } = await requestFor(op);
        const headers = { ...preconditions, ...(await api.authWith({ scopes: held === 'none' ? [] : [held] })) };
        const before = await api.items();
        // Act
        const res = await call(api.baseUrl, op.method, path, { body, headers });
        // Assert
        expect(res.status).toBe(expected);
        if (!allowed) {
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(res.json).toMatchObject({ status: 401, detail: gatewayProblems.UNAUTHORIZED?.detail });
          expect(res.headers.get('www-authenticate')).toBe(gatewayProblems.UNAUTHORIZED?.headers?.['WWW-Authenticate']);
          expect(res.text).not.toMatch(LEAK_PATTERN);
          expect(await api.items()).toEqual(before);
        }
      });
    }
  }

  it('lets a token with several scopes do what each allows', async () => {
    const headers = await api.authWith({ scopes: ['users:read', 'users:write'] });
    const created = await call(api.baseUrl, 'POST', '/users', {
      body: { ...seedUsers.john, email: uniqueEmail('multi') },
      headers,
    });
    expect(created.status).toBe(201);
    expect((await call(api.baseUrl, 'GET', `/users/${created.json.user.userId}`, { headers })).status).toBe(200);
    const ifMatch = { 'if-match': created.headers.get('etag') ?? '' };
    const deleted = await call(api.baseUrl, 'DELETE', `/users/${created.json.user.userId}`, {
      headers: { ...headers, ...ifMatch },
    });
    expect(deleted.status).toBe(401);
  });

  it('keeps /hello public', async () => {
    expect((await call(api.baseUrl, 'GET', '/hello')).status).toBe(200);
  });

  it('checks the token before the body: an unauthenticated malformed body gets 401, not 400', async () => {
    const res = await call(api.baseUrl, 'POST', '/users', {
      body: '{"name":',
      headers: { 'x-api-key': api.apiKey },
    });
    expect(res.status).toBe(401);
  });
});
