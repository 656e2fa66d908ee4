// Local = AWS: each request's answer from the local gateway equals what the imported document says API Gateway answers
// (a gateway response rendered from its template) or, when the document lets the request through, what the Lambda
// answers to the event API Gateway would send it. Who answers is read from the document, case by case.

import AjvDraft04Module from 'ajv-draft-04';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { decodeJwt, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_METHOD, type Operation } from '../../apiGateway/apiGatewaySpec.js';
import { createSigningKey, issueDevToken, LOCAL_CLIENT_ID } from '../../local/devAuth.js';
import { localGatewayDocument } from '../../local/gateway/gatewayDocument.js';
import { remapped } from '../../local/gateway/integration.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { forgedTokens, goodClaims, validToken } from '../helpers/forgedTokens.js';
import { call, type HttpResult, LEAK_PATTERN } from '../helpers/http.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { restEvent } from '../helpers/proxyEvents.js';
import { allScopes } from '../helpers/specFacts.js';

const document = localGatewayDocument(['*']);
const USER = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

type Plan = 'open' | 'throttled' | 'quota';
type Token =
  | 'all'
  | 'read'
  | 'write'
  | 'none'
  | 'garbage'
  | 'expired'
  | 'wrongAudience'
  | 'unsigned'
  | 'otherKey'
  | 'wrongIssuer'
  | 'idToken'
  | 'basic';
type Key = 'valid' | 'missing' | 'unknown';

interface Case {
  name: string;
  method: string;
  path: string;
  /** The document's resource the path is under; undefined when no resource matches. */
  resource?: string;
  token?: Token;
  key?: Key;
  plan?: Plan;
  body?: string;
  headers?: Record<string, string>;
}

/** Tokens the dev pool issued and signed properly (the rest fail the authorizer whatever the scopes). */
const GOOD_TOKENS: Partial<Record<Token, string[]>> = {
  all: allScopes,
  read: ['users:read'],
  write: ['users:write'],
};

const json = (value: unknown) => JSON.stringify(value);
const created = json({ name: 'Ada', email: 'ada@example.com' });
const cases: Case[] = [
  // The authorizer, which runs first
  { name: 'no token, valid key', method: 'GET', path: '/users', resource: '/users', key: 'valid' },
  {
    name: 'no token and no key (authorizer first: 401)',
    method: 'GET',
    path: '/users',
    resource: '/users',
    key: 'missing',
  },
  { name: 'garbage token', method: 'GET', path: '/users', resource: '/users', token: 'garbage' },
  { name: 'expired token', method: 'GET', path: '/users', resource: '/users', token: 'expired' },
  {
    name: 'wrong audience (another app client)',
    method: 'GET',
    path: '/users',
    resource: '/users',
    token: 'wrongAudience',
  },
  { name: 'unsigned token (alg none)', method: 'GET', path: '/users', resource: '/users', token: 'unsigned' },
  { name: 'token signed by another key', method: 'GET', path: '/users', resource: '/users', token: 'otherKey' },
  { name: 'token of another issuer', method: 'GET', path: '/users', resource: '/users', token: 'wrongIssuer' },
  { name: 'ID token on a scoped method', method: 'GET', path: '/users', resource: '/users', token: 'idToken' },
  { name: 'Basic credentials', method: 'GET', path: '/users', resource: '/users', token: 'basic' },
  { name: 'missing scope to create', method: 'POST', path: '/users', resource: '/users', token: 'read', body: created },
  {
    name: 'missing scope to delete',
    method: 'DELETE',
    path: `/users/${USER}`,
    resource: '/users/{userId}',
    token: 'write',
    headers: { 'if-match': '"1"' },
  },
  {
    name: 'bad token and unknown key (authorizer first)',
    method: 'GET',
    path: '/users',
    resource: '/users',
    token: 'garbage',
    key: 'unknown',
  },
  {
    name: 'bad body without a token (authorizer first)',
    method: 'POST',
    path: '/users',
    resource: '/users',
    token: 'none',
    body: '{"name":',
  },
  // The API key and usage plan
  { name: 'missing key', method: 'GET', path: '/users', resource: '/users', key: 'missing' },
  { name: 'unknown key', method: 'GET', path: '/users', resource: '/users', key: 'unknown' },
  {
    name: 'bad body without a key (key before validator)',
    method: 'POST',
    path: '/users',
    resource: '/users',
    key: 'missing',
    body: '[]',
  },
  { name: 'throttled key', method: 'GET', path: '/users', resource: '/users', plan: 'throttled' },
  { name: 'key over its daily quota', method: 'GET', path: '/users', resource: '/users', plan: 'quota' },
  // The request validator (the document's models, draft 4)
  {
    name: 'body missing a required property',
    method: 'POST',
    path: '/users',
    resource: '/users',
    body: json({ name: 'A' }),
  },
  {
    name: 'body with an empty name',
    method: 'POST',
    path: '/users',
    resource: '/users',
    body: json({ name: '', email: 'a@example.com' }),
  },
  {
    name: 'body with a too long name',
    method: 'POST',
    path: '/users',
    resource: '/users',
    body: json({ name: 'x'.repeat(101), email: 'a@example.com' }),
  },
  {
    name: 'body with a wrong type',
    method: 'POST',
    path: '/users',
    resource: '/users',
    body: json({ name: 42, email: 'a@example.com' }),
  },
  {
    name: 'body with an unknown property',
    method: 'POST',
    path: '/users',
    resource: '/users',
    body: json({ name: 'A', email: 'a@example.com', isAdmin: true }),
  },
  {
    name: 'body breaking a pattern',
    method: 'POST',
    path: '/users',
    resource: '/users',
    body: json({ name: 'A', email: 'a@example.com', phone: '12345' }),
  },
  { name: 'array body', method: 'POST', path: '/users', resource: '/users', body: '[]' },
  { name: 'malformed JSON', method: 'POST', path: '/users', resource: '/users', body: '{"name": "x",' },
  {
    name: 'empty update',
    method: 'PUT',
    path: `/users/${USER}`,
    resource: '/users/{userId}',
    body: '{}',
    headers: { 'if-match': '"1"' },
  },
  {
    name: 'update with a read-only field',
    method: 'PUT',
    path: `/users/${USER}`,
    resource: '/users/{userId}',
    body: json({ userId: 'x' }),
    headers: { 'if-match': '"1"' },
  },
  {
    name: 'avatar upload of a type outside the model',
    method: 'PUT',
    path: `/users/${USER}/avatar`,
    resource: '/users/{userId}/avatar',
    body: json({ contentType: 'text/html' }),
  },
  {
    name: 'avatar download without the read scope',
    method: 'GET',
    path: `/users/${USER}/avatar`,
    resource: '/users/{userId}/avatar',
    token: 'write',
  },
  // Through the validator to the Lambda (draft 4 models have no `format`; parameters are checked for presence only)
  {
    name: 'email that is not an email (format: the Lambda’s 400)',
    method: 'POST',
    path: '/users',
    resource: '/users',
    body: json({ name: 'A', email: 'not-an-email' }),
  },
  { name: 'empty body', method: 'POST', path: '/users', resource: '/users', body: '' },
  {
    name: 'text/plain body',
    method: 'POST',
    path: '/users',
    resource: '/users',
    body: 'name=x',
    headers: { 'content-type': 'text/plain' },
  },
  { name: 'path parameter not a UUID', method: 'GET', path: '/users/not-a-uuid', resource: '/users/{userId}' },
  { name: 'query parameter out of range', method: 'GET', path: '/users?limit=0', resource: '/users' },
  { name: 'query parameter not a number', method: 'GET', path: '/users?limit=many', resource: '/users' },
  { name: 'tampered cursor', method: 'GET', path: '/users?cursor=abc.def', resource: '/users' },
  {
    name: 'update without If-Match',
    method: 'PUT',
    path: `/users/${USER}`,
    resource: '/users/{userId}',
    body: json({ name: 'B' }),
  },
  { name: 'unknown user', method: 'GET', path: `/users/${USER}`, resource: '/users/{userId}' },
  { name: 'public liveness check', method: 'GET', path: '/hello', resource: '/hello', token: 'none', key: 'missing' },
  // Routing
  { name: 'unknown route', method: 'GET', path: '/nope' },
  { name: 'unknown route without credentials', method: 'POST', path: '/admin', token: 'none', key: 'missing' },
  { name: 'a path below a resource', method: 'GET', path: `/users/${USER}/friends` },
  {
    name: 'wrong method on /users',
    method: 'DELETE',
    path: '/users',
    resource: '/users',
    token: 'none',
    key: 'missing',
  },
  { name: 'wrong method on a user', method: 'PATCH', path: `/users/${USER}`, resource: '/users/{userId}', body: '{}' },
  { name: 'wrong method on /hello', method: 'POST', path: '/hello', resource: '/hello', token: 'none', key: 'missing' },
  {
    name: 'preflight of /users',
    method: 'OPTIONS',
    path: '/users',
    resource: '/users',
    token: 'none',
    key: 'missing',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
  },
  {
    name: 'preflight of a user',
    method: 'OPTIONS',
    path: `/users/${USER}`,
    resource: '/users/{userId}',
    token: 'none',
    key: 'missing',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT' },
  },
];

// What the document says about a request
type Responses = Record<
  string,
  { statusCode: string; responseParameters: Record<string, string>; responseTemplates: Record<string, string> }
>;
const gatewayResponses = document['x-amazon-apigateway-gateway-responses'] as Responses;
const schemes = (document.components?.securitySchemes ?? {}) as Record<string, Record<string, unknown>>;
const AjvDraft04 = AjvDraft04Module.default;
const ajv = new AjvDraft04({ strict: false, allErrors: true });
ajv.addSchema({ id: 'models', components: { schemas: document.components?.schemas } });

function methodOf(c: Case): Operation | undefined {
  if (c.resource === undefined) return undefined;
  const item = document.paths[c.resource] as Record<string, Operation>;
  return item[c.method.toLowerCase()] ?? item[ANY_METHOD];
}

/** The gateway response type the document answers the case with, or undefined when it reaches the Lambda. */
function gatewayAnswer(c: Case): string | undefined {
  const operation = methodOf(c);
  if (operation === undefined) return 'MISSING_AUTHENTICATION_TOKEN';
  const requirement = operation.security?.[0] ?? {};
  for (const [name, scopes] of Object.entries(requirement)) {
    if (schemes[name]?.['x-amazon-apigateway-authorizer'] === undefined) continue;
    const granted = GOOD_TOKENS[c.token ?? 'all'];
    if (granted === undefined || !scopes.some((s) => granted.includes(s))) return 'UNAUTHORIZED';
  }
  if ('api_key' in requirement) {
    if ((c.key ?? 'valid') !== 'valid') return 'INVALID_API_KEY';
    if (c.plan === 'throttled') return 'THROTTLED';
    if (c.plan === 'quota') return 'QUOTA_EXCEEDED';
  }
  const validatorName = (operation['x-amazon-apigateway-request-validator'] ??
    document['x-amazon-apigateway-request-validator']) as string;
  const validator = (document['x-amazon-apigateway-request-validators'] as Record<string, Record<string, boolean>>)[
    validatorName
  ];
  const schema = (operation.requestBody as { content?: Record<string, { schema: { $ref: string } }> } | undefined)
    ?.content?.['application/json']?.schema;
  const jsonBody =
    c.body !== undefined && c.body !== '' && (c.headers?.['content-type'] ?? 'application/json') === 'application/json';
  if (validator?.validateRequestBody && schema !== undefined && jsonBody) {
    let body: unknown;
    try {
      body = JSON.parse(c.body as string);
    } catch {
      return 'BAD_REQUEST_BODY';
    }
    if (!ajv.validate({ $ref: `models${schema.$ref}` }, body)) return 'BAD_REQUEST_BODY';
  }
  return undefined;
}

// The local side
let apis: Record<Plan, LocalApi>;
let tokens: Record<Token, string | undefined>;
beforeAll(async () => {
  apis = {
    open: await startLocalApi(),
    throttled: await startLocalApi({}, { usagePlan: { rateLimit: 0.001, burstLimit: 1, quotaPerDay: 1000 } }),
    quota: await startLocalApi({}, { usagePlan: { rateLimit: 100, burstLimit: 100, quotaPerDay: 1 } }),
  };
  const key = apis.open.signingKey;
  const forged = Object.fromEntries(forgedTokens(key, await createSigningKey()).map((t) => [t.name, t]));
  const forgedValue = async (name: string) => (await forged[name]?.authorization())?.replace(/^Bearer /, '');
  const now = Math.floor(Date.now() / 1000);
  tokens = {
    all: await issueDevToken(key, { scopes: GOOD_TOKENS.all ?? [] }),
    read: await issueDevToken(key, { scopes: ['users:read'] }),
    write: await issueDevToken(key, { scopes: ['users:write'] }),
    none: undefined,
    garbage: 'not.a.token',
    expired: await validToken(key, { ...goodClaims(), iat: now - 7200, exp: now - 3600 }),
    wrongAudience: await validToken(key, { ...goodClaims(), client_id: 'another-app-client' }),
    unsigned: await forgedValue('alg none'),
    otherKey: await forgedValue('wrong signature (another key, same kid)'),
    wrongIssuer: await validToken(key, { ...goodClaims(), iss: 'https://issuer.example.com' }),
    idToken: await validToken(key, { ...goodClaims(), token_use: 'id', aud: LOCAL_CLIENT_ID }),
    basic: undefined,
  };
});
afterAll(() => Promise.all(Object.values(apis).map((api) => api.stop())));

function headersFor(c: Case, api: LocalApi): Record<string, string> {
  const headers: Record<string, string> = {
    ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...c.headers,
  };
  const token = c.token ?? 'all';
  if (token === 'basic') headers.authorization = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
  else if (tokens[token] !== undefined) headers.authorization = `Bearer ${tokens[token]}`;
  const key = c.key ?? 'valid';
  if (key === 'valid') headers['x-api-key'] = api.apiKey;
  if (key === 'unknown') headers['x-api-key'] = 'not-a-key-we-issued';
  return headers;
}

/** A gateway response as the document's template renders it for this answer's request id and validator message. */
function rendered(type: string, res: HttpResult) {
  const response = gatewayResponses[type] ?? gatewayResponses.DEFAULT_4XX;
  if (response === undefined) throw new Error(`no gateway response for ${type}`);
  const template = response.responseTemplates['application/json'] ?? '';
  const body = template
    .replace('$context.error.validationErrorString', JSON.stringify(res.json?.detail))
    .replace('$context.requestId', String(res.json?.instance));
  const headers = Object.fromEntries(
    Object.entries(response.responseParameters).map(([name, value]) => [
      name.replace('gatewayresponse.header.', '').toLowerCase(),
      value.slice(1, -1),
    ]),
  );
  return { status: Number(response.statusCode), headers, body: JSON.parse(body) };
}

/** What the Lambda answers to the event API Gateway would send after the document's checks passed. */
async function lambdaAnswer(c: Case, api: LocalApi, headers: Record<string, string>) {
  const [path, query] = c.path.split('?');
  const token = tokens[c.token ?? 'all'];
  const claims =
    token === undefined
      ? undefined
      : Object.fromEntries(Object.entries(decodeJwt(token) as JWTPayload).map(([k, v]) => [k, String(v)]));
  const event: APIGatewayProxyEvent = restEvent({
    method: c.method,
    path: path as string,
    headers,
    query: query === undefined ? undefined : Object.fromEntries(new URLSearchParams(query)),
    body: c.body === undefined || c.body === '' ? undefined : c.body,
    gateway: { apiKeyId: (c.key ?? 'valid') === 'valid' ? 'the-key-id' : undefined, claims },
  });
  if (c.body === '') event.body = null;
  if (c.resource !== undefined) event.resource = c.resource;
  if (!(methodOf(c)?.security?.[0] && 'api_key' in (methodOf(c)?.security?.[0] ?? {}))) {
    event.requestContext.identity.apiKeyId = null;
  }
  const result = remapped(await createHandler(api.config)(event, { awsRequestId: 'direct' }));
  return result;
}

/** A body without what differs per request (its id, the time). */
const stable = (body: Record<string, unknown> | undefined) =>
  body === undefined ? undefined : { ...body, instance: undefined, requestId: undefined, timestamp: undefined };

describe('the local gateway answers as the imported document and the Lambda do in AWS', () => {
  it('covers at least 40 requests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of cases) {
    const expectedType = gatewayAnswer(c);
    it(`${c.name} → ${expectedType ?? 'the Lambda'}`, async () => {
      const api = apis[c.plan ?? 'open'];
      const headers = headersFor(c, api);
      // A plan's limit is reached by a first request that it lets through.
      if (c.plan !== undefined) expect((await call(api.baseUrl, c.method, c.path, { headers })).status).toBe(200);
      const res = await call(api.baseUrl, c.method, c.path, { body: c.body, headers });
      expect(res.text).not.toMatch(LEAK_PATTERN);
      if (expectedType !== undefined) {
        const expected = rendered(expectedType, res);
        expect(res.status).toBe(expected.status);
        for (const [name, value] of Object.entries(expected.headers)) expect(res.headers.get(name), name).toBe(value);
        expect(res.json).toEqual(expected.body);
        expect(res.json.instance).toMatch(/^[0-9a-f-]{36}$/);
        if (expectedType === 'BAD_REQUEST_BODY') expect(res.json.detail).toMatch(/^\[.+\]$/);
        return;
      }
      const expected = await lambdaAnswer(c, api, headers);
      expect(res.status).toBe(expected.statusCode);
      const body = expected.body === '' ? undefined : JSON.parse(expected.body);
      expect(stable(res.json)).toEqual(stable(body));
      for (const [name, value] of Object.entries(expected.headers ?? {})) {
        expect(res.headers.get(name), name).toBe(String(value));
      }
    });
  }

  it('refuses an oversize body itself (the gateway’s own 413, before the validator and the Lambda)', async () => {
    const api = apis.open;
    const res = await call(api.baseUrl, 'POST', '/users', {
      body: json({ name: 'x'.repeat(7 * 1024 * 1024), email: 'a@example.com' }),
      headers: headersFor({ name: '', method: 'POST', path: '/users' }, api),
    });
    expect(res.status).toBe(413);
    expect(await api.items()).toEqual([]);
  });
});
