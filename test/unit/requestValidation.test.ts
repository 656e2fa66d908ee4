// The precompiled request validators give the same field errors as openapi-backend compiling the spec at run time.
import addFormatsModule from 'ajv-formats';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { describe, expect, it } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { toFieldErrors } from '../../src/http/validationErrors.js';
import { validateRequest } from '../../src/validation/requestValidation.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const USER_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const json = { 'content-type': 'application/json' };

/** openapi-backend's own validation, as the API used it before the validators were precompiled. */
const reference = new OpenAPIBackend({
  definition: structuredClone(spec) as unknown as Document,
  quick: true,
  coerceTypes: true,
  ajvOpts: { allErrors: true, useDefaults: true },
  customizeAjv: (ajv) => {
    addFormats(ajv);
    return ajv;
  },
});
await reference.init();

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
  { name: 'no body', method: 'post', path: '/users', headers: json },
  { name: 'no body, no media type', method: 'post', path: '/users' },
  { name: 'empty update', method: 'put', path: `/users/${USER_ID}`, headers: json, body: {} },
  { name: 'update, bad id', method: 'put', path: '/users/nope', headers: json, body: { userId: 'x' } },
  { name: 'valid get', method: 'get', path: `/users/${USER_ID}` },
  { name: 'id not a uuid', method: 'get', path: '/users/not-a-uuid' },
  { name: 'unknown query parameter', method: 'get', path: '/users?debug=1' },
  { name: 'limit out of range', method: 'get', path: '/users?limit=1000' },
  { name: 'limit not a number', method: 'get', path: '/users?limit=ten' },
  { name: 'bad cursor', method: 'get', path: '/users?cursor=%20' },
  { name: 'header too long', method: 'get', path: `/users/${USER_ID}`, headers: { 'if-none-match': 'x'.repeat(300) } },
  { name: 'hello', method: 'get', path: '/hello' },
];

describe('validateRequest', () => {
  it.each(cases)('$name: same errors as openapi-backend', ({ method, path, headers = {}, body }) => {
    // Arrange
    const [pathname = '', search = ''] = path.split('?');
    const query = Object.fromEntries(new URLSearchParams(search));
    const request = { method, path: pathname, query, headers, body };
    const operation = reference.matchOperation(request);
    if (operation?.operationId === undefined) throw new Error(`no operation for ${method} ${path}`);
    const expected = toFieldErrors(reference.validateRequest(request, operation).errors ?? []);
    const parsed = reference.router.parseRequest(request, operation);

    // Act
    const actual = validateRequest(operation.operationId, {
      params: parsed.params,
      query: parsed.query,
      headers: parsed.headers,
      body: parsed.requestBody,
    });

    // Assert
    expect(actual.errors).toEqual(expected);
  });

  it('converts query values to the spec types and fills in its defaults', () => {
    // Act
    const given = validateRequest('listUsers', { params: {}, query: { limit: '7' }, headers: {}, body: undefined });
    const defaulted = validateRequest('listUsers', { params: {}, query: {}, headers: {}, body: undefined });

    // Assert
    expect(given).toEqual({ errors: [], params: {}, query: { limit: 7 } });
    expect(defaulted.query).toEqual({ limit: 25 });
  });

  it('names each invalid field', () => {
    // Act
    const { errors } = validateRequest('createUser', {
      params: {},
      query: {},
      headers: json,
      body: { name: '', email: 'not-an-email' },
    });
    expect(new Set(errors.map((e) => `${e.location} ${e.pointer}`))).toEqual(new Set(['body /name', 'body /email']));
  });

  it('fails closed for an operation it has no validator for', () => {
    // Act / Assert
    expect(() => validateRequest('dropTables', { params: {}, query: {}, headers: {}, body: undefined })).toThrow(
      /no request validator/,
    );
  });
});
