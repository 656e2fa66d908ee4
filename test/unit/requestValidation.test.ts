// openapi-backend running the validators `npm run generate` compiled gives what it gives compiling the spec itself:
// the same errors at the same paths, the same coerced values and defaults; and the Lambda never compiles a schema.
import { Ajv } from 'ajv';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import runtimeSpec from '../../generated/runtimeSpec.json' with { type: 'json' };
import { InMemoryUsersRepository } from '../../local/memory/InMemoryUsersRepository.js';
import { withFormats } from '../../scripts/requestValidators.js';
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { refuseToCompile, usePrecompiledValidators } from '../../src/validation/precompiledValidators.js';
import { validationOptions } from '../../src/validation/validationOptions.js';

const USER_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const json = { 'content-type': 'application/json' };

/** openapi-backend compiling the full spec's schemas itself, on first use. */
const reference = new OpenAPIBackend({
  definition: structuredClone(spec) as unknown as Document,
  quick: true,
  ...validationOptions,
  customizeAjv: withFormats,
});
await reference.init();

/** openapi-backend as the Lambda builds it: the slim spec, the precompiled validators, no compiler. */
const precompiled = new OpenAPIBackend({
  definition: structuredClone(runtimeSpec) as unknown as Document,
  quick: true,
  ...validationOptions,
  customizeAjv: refuseToCompile,
});
await precompiled.init();
usePrecompiledValidators(precompiled);

const cases: { name: string; method: string; path: string; headers?: Record<string, string>; body?: unknown }[] = [
  { name: 'valid create', method: 'post', path: '/users', headers: json, body: { name: 'A', email: 'a@example.com' } },
  { name: 'missing email', method: 'post', path: '/users', headers: json, body: { name: 'A' } },
  {
    name: 'bad email and phone',
    method: 'post',
    path: '/users',
    headers: json,
    body: { name: 'A', email: 'x', phone: '1' },
  },
  {
    name: 'unknown field',
    method: 'post',
    path: '/users',
    headers: json,
    body: { name: 'A', email: 'a@b.co', admin: 1 },
  },
  { name: 'wrong types', method: 'post', path: '/users', headers: json, body: { name: 42, email: [] } },
  { name: 'array body', method: 'post', path: '/users', headers: json, body: [] },
  { name: 'null body', method: 'post', path: '/users', headers: json, body: null },
  { name: 'JSON text of a string', method: 'post', path: '/users', headers: json, body: '"{\\"name\\":\\"A\\"}"' },
  { name: 'JSON text of a number', method: 'post', path: '/users', headers: json, body: '5' },
  { name: 'not JSON', method: 'post', path: '/users', headers: json, body: '{"name":' },
  {
    name: 'a control character',
    method: 'post',
    path: '/users',
    headers: json,
    body: { name: 'A\u0000', email: 'a@b.co' },
  },
  { name: 'DEL in a name', method: 'post', path: '/users', headers: json, body: { name: 'A\u007f', email: 'a@b.co' } },
  { name: 'a blank name', method: 'post', path: '/users', headers: json, body: { name: '  ', email: 'a@b.co' } },
  { name: 'no body', method: 'post', path: '/users', headers: json },
  { name: 'no body, no media type', method: 'post', path: '/users' },
  { name: 'empty update', method: 'put', path: `/users/${USER_ID}`, headers: json, body: {} },
  { name: 'update, bad id', method: 'put', path: '/users/nope', headers: json, body: { userId: 'x' } },
  { name: 'valid get', method: 'get', path: `/users/${USER_ID}` },
  { name: 'id not a uuid', method: 'get', path: '/users/not-a-uuid' },
  { name: 'unknown query parameter', method: 'get', path: '/users?debug=1' },
  { name: 'limit given', method: 'get', path: '/users?limit=7' },
  { name: 'limit defaulted', method: 'get', path: '/users' },
  { name: 'limit out of range', method: 'get', path: '/users?limit=1000' },
  { name: 'limit not a number', method: 'get', path: '/users?limit=ten' },
  { name: 'bad cursor', method: 'get', path: '/users?cursor=%20' },
  { name: 'header too long', method: 'get', path: `/users/${USER_ID}`, headers: { 'if-none-match': 'x'.repeat(300) } },
  { name: 'hello', method: 'get', path: '/hello' },
];

function requestOf({ method, path, headers = {}, body }: (typeof cases)[number]) {
  const [pathname = '', search = ''] = path.split('?');
  return { method, path: pathname, query: Object.fromEntries(new URLSearchParams(search)), headers, body };
}

describe('openapi-backend with the precompiled validators', () => {
  it.each(cases)('$name: the same result as openapi-backend compiling the spec', (testCase) => {
    // Arrange
    const request = requestOf(testCase);
    const operationId = reference.matchOperation(request)?.operationId;
    if (operationId === undefined) throw new Error(`no operation for ${testCase.method} ${testCase.path}`);

    // Act
    const expected = reference.validateRequest(structuredClone(request), operationId);
    const actual = precompiled.validateRequest(structuredClone(request), operationId);

    // Assert: errors (keyword, instance path, params, message) and the coerced, defaulted parameters.
    expect(actual.errors).toEqual(expected.errors);
    expect(actual.coerced).toEqual(expected.coerced);
  });

  it('are what validates: a valid request passes, an invalid one names its field', () => {
    // Act
    const valid = precompiled.validateRequest(requestOf(cases[0] as (typeof cases)[number]), 'createUser');
    const defaulted = precompiled.validateRequest(
      { method: 'get', path: '/users', headers: {}, query: {} },
      'listUsers',
    );
    const invalid = precompiled.validateRequest(
      { method: 'post', path: '/users', headers: json, body: { name: 'A\u001f', email: 'a@b.co' } },
      'createUser',
    );

    // Assert
    expect(valid.errors).toBeNull();
    expect(defaulted.coerced.query).toEqual({ limit: 25 });
    expect(invalid.errors?.map((e) => e.instancePath)).toEqual(['/requestBody/name']);
  });

  it('fail closed for an operation without a precompiled validator: openapi-backend may not compile one', () => {
    // Arrange
    precompiled.validator.requestValidators.getHello = undefined as never;

    // Act / Assert
    try {
      expect(() => precompiled.validateRequest({ method: 'get', path: '/hello', headers: {} }, 'getHello')).toThrow(
        /never at run time/,
      );
    } finally {
      usePrecompiledValidators(precompiled);
    }
  });
});

describe('handing openapi-backend the precompiled validators', () => {
  it('refuses, at start-up, a spec with an operation `npm run generate` compiled no validator for', async () => {
    const backend = new OpenAPIBackend({
      definition: {
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: { '/x': { get: { operationId: 'notGenerated', responses: { 200: { description: 'ok' } } } } },
      },
      quick: true,
      customizeAjv: refuseToCompile,
    });
    await backend.init();
    expect(() => usePrecompiledValidators(backend)).toThrow('no precompiled request validator for notGenerated');
  });
});

describe('the Lambda path', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never calls the schema compiler, on any operation, valid or not', async () => {
    // Arrange: a compile anywhere (openapi-backend's validator, ours) fails the request and this test.
    const compile = vi.spyOn(Ajv.prototype, 'compile').mockImplementation(() => {
      throw new Error('ajv compiled a schema in the Lambda path');
    });
    const errors: unknown[] = [];
    const api = createApi(
      {
        config: loadConfig({ VALIDATE_RESPONSES: 'true' }),
        repository: new InMemoryUsersRepository(),
        idempotency: (_request, work) => work(),
        now: () => new Date('2026-11-24T12:00:00.000Z'),
        newId: () => USER_ID,
      },
      { error: (_message, details) => errors.push(details.error) },
    );
    const gateway = {
      apiKeyId: 'key-1',
      claims: { sub: 'u1', token_use: 'access', client_id: 'c1', scope: 'users:read users:write users:admin' },
    };
    const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      api.handle({
        method,
        path: path.split('?')[0] ?? path,
        query: Object.fromEntries(new URLSearchParams(path.split('?')[1] ?? '')),
        headers: { ...json, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        requestId: 'r1',
        gateway,
      });

    // Act
    const statuses = [
      (await send('GET', '/hello')).statusCode,
      (await send('POST', '/users', { name: 'Ada', email: 'ada@example.com' })).statusCode,
      (await send('POST', '/users', { name: '', email: 'x' })).statusCode,
      (await send('GET', `/users/${USER_ID}`)).statusCode,
      (await send('GET', '/users/nope')).statusCode,
      (await send('GET', '/users?limit=2')).statusCode,
      (await send('GET', '/users?limit=0')).statusCode,
      (await send('PUT', `/users/${USER_ID}`, { name: 'Ada L' }, { 'if-match': '"1"' })).statusCode,
      (await send('DELETE', `/users/${USER_ID}`, undefined, { 'if-match': '"2"' })).statusCode,
    ];

    // Assert
    expect(errors).toEqual([]);
    expect(statuses).toEqual([200, 201, 400, 200, 400, 200, 400, 200, 200]);
    expect(compile).not.toHaveBeenCalled();
    // The spy does see openapi-backend compile: its own lazy compile on the full spec trips it.
    const compiling = new OpenAPIBackend({
      definition: structuredClone(spec) as never,
      quick: true,
      ...validationOptions,
    });
    await compiling.init();
    expect(() => compiling.validateRequest({ method: 'get', path: '/hello', headers: {} }, 'getHello')).toThrow(
      /compiled a schema/,
    );
  });
});
