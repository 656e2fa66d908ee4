// The scope matrix over real HTTP: each secured operation × {no scope, each declared scope}, all read from the spec.
// Behind API Gateway the method's authorization scopes are the Cognito authorizer's: a token without one gets its 401
// (the function's own 403 insufficient_scope answers direct invokes: test/unit/handler.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../apiGateway/gatewayResponses.js';
import { type S3Local, startS3Local } from '../../local/services/s3Local.js';
import { call, LEAK_PATTERN } from '../helpers/http.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { seedUsers, uniqueEmail } from '../helpers/seed.js';
import { allScopes, isSecured, operations, type SpecOperation, scopesOf } from '../helpers/specFacts.js';

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

type Parameter = { name: string; in: string; required?: boolean; example?: unknown };
type Media = { example?: unknown; examples?: Record<string, { value?: unknown }> };

const secured = operations.filter(isSecured);

/** A request the spec describes for the operation: its parameters' and body's own examples (an email made unique). */
function requestFor(op: SpecOperation) {
  let path = op.path;
  const headers: Record<string, string> = {};
  for (const { name, in: location, example } of op.parameters as Parameter[]) {
    if (example === undefined) continue;
    if (location === 'path') path = path.replace(`{${name}}`, encodeURIComponent(String(example)));
    if (location === 'header') headers[name.toLowerCase()] = String(example);
  }
  const media = (op.requestBody as { content?: Record<string, Media> } | undefined)?.content?.['application/json'];
  const example = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
  const body =
    typeof example === 'object' && example !== null && 'email' in example
      ? { ...example, email: uniqueEmail('matrix') }
      : example;
  return { path, headers, body };
}

describe('the scope matrix', () => {
  it('covers every secured operation, each asking its bearer scheme for scopes the spec declares', () => {
    expect(secured.length).toBeGreaterThan(0);
    for (const op of secured) {
      expect(scopesOf(op), op.operationId).not.toEqual([]);
      expect(allScopes, op.operationId).toEqual(expect.arrayContaining(scopesOf(op)));
    }
  });

  for (const op of secured) {
    for (const held of ['none', ...allScopes]) {
      const allowed = scopesOf(op).includes(held);
      it(`${op.operationId} with ${held} → ${allowed ? 'past the authorizer' : '401'}`, async () => {
        // Arrange
        const { path, headers: preconditions, body } = requestFor(op);
        const headers = { ...preconditions, ...(await api.authWith({ scopes: held === 'none' ? [] : [held] })) };
        const before = await api.items();

        // Act
        const res = await call(api.baseUrl, op.method.toUpperCase(), path, { body, headers });

        // Assert
        if (allowed) {
          // Past authorization the operation answers, with a status it documents: never a refusal of the caller.
          expect(Object.keys(op.responses ?? {})).toContain(String(res.status));
          expect([401, 403]).not.toContain(res.status);
          expect(res.status).toBeLessThan(500);
          return;
        }
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.json).toMatchObject({ status: 401, detail: gatewayProblems.UNAUTHORIZED?.detail });
        expect(res.headers.get('www-authenticate')).toBe(gatewayProblems.UNAUTHORIZED?.headers?.['WWW-Authenticate']);
        expect(res.text).not.toMatch(LEAK_PATTERN);
        expect(await api.items()).toEqual(before);
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

  it('keeps the public operations public', async () => {
    for (const op of operations.filter((o) => !isSecured(o))) {
      const { path, headers, body } = requestFor(op);
      const res = await call(api.baseUrl, op.method.toUpperCase(), path, { body, headers });
      expect(res.status, op.operationId).toBeGreaterThanOrEqual(200);
      expect(res.status, op.operationId).toBeLessThan(300);
    }
  });

  it('checks the token before the body: an unauthenticated malformed body gets 401, not 400', async () => {
    const res = await call(api.baseUrl, 'POST', '/users', {
      body: '{"name":',
      headers: { 'x-api-key': api.apiKey },
    });
    expect(res.status).toBe(401);
  });
});
