// The request pipeline (src/api.ts): its steps in order, the operation matched once, what the client sent left as
// it came, the caller handed to the operation, and a step that answers ending the request steps.
import { readFileSync } from 'node:fs';
import { OpenAPIRouter } from 'openapi-backend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryDependencies } from '../../local/memory/memoryDependencies.js';
import { createApi, REQUEST_STEPS, RESPONSE_STEPS } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import type { IdempotencyGuard } from '../../src/idempotency/idempotencyGuard.js';
import type { ApiRequest } from '../../src/pipeline/context.js';

const config = loadConfig({ VALIDATE_RESPONSES: 'true', CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
const claims = { sub: 'alice', token_use: 'access', client_id: 'client-1', scope: 'users:read users:write' };
const gateway = { apiKeyId: 'key-1', claims };
const json = { 'content-type': 'application/json' };

function setup(overrides: Parameters<typeof memoryDependencies>[1] = {}) {
  return createApi(memoryDependencies(config, overrides), { error: () => undefined, info: () => undefined });
}

const request = (method: string, path: string, more: Partial<ApiRequest> = {}): ApiRequest => ({
  method,
  path,
  headers: {},
  query: {},
  body: undefined,
  requestId: 'r-1',
  gateway,
  ...more,
});

/** Frozen all the way down: in strict mode, any step that writes to what the client sent throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

afterEach(() => vi.restoreAllMocks());

describe('the pipeline', () => {
  it('takes its named steps in the order docs/architecture.md lists them', () => {
    // Arrange
    const doc = readFileSync('docs/architecture.md', 'utf8');
    const names = [...REQUEST_STEPS, ...RESPONSE_STEPS].map((step) => step.name);

    // Act
    const listed = [...doc.matchAll(/^\d+\. \*\*`(\w+)`\*\*/gm)].map((match) => match[1]);

    // Assert
    expect(names).toEqual([
      'preflight',
      'route',
      'refuseRepeatedHeaders',
      'authorize',
      'refuseBody',
      'refuseLooseIntegers',
      'validate',
      'runOperation',
      'checkConformance',
      'addCors',
      'dropHeadBody',
    ]);
    expect(listed).toEqual(names);
  });

  it('matches the operation once per request, whatever it is answered', async () => {
    // Arrange
    const api = setup();
    const match = vi.spyOn(OpenAPIRouter.prototype, 'matchOperation');
    const body = JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com' });

    for (const sent of [
      request('GET', '/hello'),
      request('HEAD', '/users', { query: { limit: '5', _: 'cache-buster' } }),
      request('POST', '/users', { headers: json, body }),
      request('POST', '/users', { headers: json, body: '{"name": 1}' }),
      request('GET', '/users', { gateway: {} }),
    ]) {
      match.mockClear();
      // Act
      const response = await api.handle(sent);
      // Assert
      expect({
        sent: `${sent.method} ${sent.path}`,
        status: response.statusCode,
        matched: match.mock.calls.length,
      }).toEqual({ sent: `${sent.method} ${sent.path}`, status: response.statusCode, matched: 1 });
    }
  });

  it('leaves what the client sent as it came, on every kind of answer', async () => {
    // Arrange
    const api = setup();
    const sent = [
      request('POST', '/users', {
        headers: json,
        body: JSON.stringify({ name: 'Ada Lovelace', email: 'a@example.com' }),
      }),
      request('POST', '/users', { headers: json, body: '{"name":"A","name":"B"}' }),
      request('GET', '/users', { query: { limit: '1e2' } }),
      request('GET', '/users', { query: { limit: '2', cursor: 'nope', _: '1' } }),
      request('HEAD', '/hello', { headers: { origin: 'https://app.example.com' } }),
      request('OPTIONS', '/users/abc'),
      request('PATCH', '/users'),
      request('GET', '/nowhere'),
      request('GET', '/users', { gateway: {} }),
      request('GET', '/users', { headers: { authorization: 'Bearer a' }, repeatedHeaders: ['authorization'] }),
    ];
    const copies = sent.map((s) => structuredClone(s));

    // Act
    const statuses = [];
    for (const s of sent) statuses.push((await api.handle(deepFreeze(s))).statusCode);

    // Assert
    expect(statuses).toEqual([201, 400, 400, 400, 200, 204, 405, 404, 401, 400]);
    expect(sent).toEqual(copies);
  });

  it('hands the operation the caller its bearer scheme authenticated', async () => {
    // Arrange
    const guarded: string[] = [];
    const idempotency: IdempotencyGuard = (idempotent, work) => {
      guarded.push(idempotent.principal);
      return work();
    };
    const api = setup({ idempotency });
    const body = JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com' });

    // Act
    const response = await api.handle(
      request('POST', '/users', { headers: { ...json, 'idempotency-key': 'k-1' }, body }),
    );

    // Assert
    expect(response.statusCode).toBe(201);
    expect(guarded).toEqual(['alice']);
  });

  it('ends the request steps at the first answer: a preflight never reaches security or the operation', async () => {
    // Arrange
    const api = setup();
    const later = REQUEST_STEPS.slice(REQUEST_STEPS.findIndex((step) => step.name === 'route'));
    const spies = later.map((step) => vi.spyOn(step, 'run'));

    // Act
    const response = await api.handle(request('OPTIONS', '/users', { gateway: {} }));

    // Assert
    expect(response.statusCode).toBe(204);
    expect(response.headers['Access-Control-Allow-Methods']).toBe('GET, HEAD, POST, OPTIONS');
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('derives the answer in the response steps without changing the one the operation returned', async () => {
    // Arrange
    const api = setup();

    // Act
    const get = await api.handle(request('GET', '/hello', { headers: { origin: 'https://app.example.com' } }));
    const head = await api.handle(request('HEAD', '/hello', { headers: { origin: 'https://app.example.com' } }));

    // Assert
    expect(get.headers).toMatchObject({ 'Access-Control-Allow-Origin': 'https://app.example.com', Vary: 'Origin' });
    expect(head.headers).toMatchObject({ 'Access-Control-Allow-Origin': 'https://app.example.com' });
    expect(JSON.parse(get.body ?? '')).toMatchObject({ message: expect.any(String) });
    expect(head.body).toBeUndefined();
  });
});
