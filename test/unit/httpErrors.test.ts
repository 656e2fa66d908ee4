// Every HttpError a client may see: status, title, problem type, detail and the headers it must carry.
import { describe, expect, it } from 'vitest';
import {
  DuplicateKeyError,
  ForbiddenError,
  InsufficientScopeError,
  InvalidUtf8Error,
  MalformedJsonError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../src/http/errors.js';

const shape = (error: {
  status: number;
  title: string;
  slug: string;
  detail: string;
  headers: Record<string, string>;
  name: string;
}) => ({
  status: error.status,
  title: error.title,
  slug: error.slug,
  detail: error.detail,
  headers: error.headers,
  name: error.name,
});

describe('HttpError subclasses', () => {
  it.each([
    [() => new NotFoundError('No user with id x.'), 404, 'Not Found', 'not-found', 'No user with id x.', {}],
    [() => new MalformedJsonError(), 400, 'Bad Request', 'malformed-json', 'The request body is not valid JSON.', {}],
    [
      () => new ValidationError([{ location: 'body', pointer: '/email', message: 'is required' }]),
      400,
      'Bad Request',
      'validation',
      'The request has 1 invalid input.',
      {},
    ],
    [() => new InvalidUtf8Error(), 400, 'Bad Request', 'invalid-utf8', 'The request body is not valid UTF-8.', {}],
    [
      () => new DuplicateKeyError(),
      400,
      'Bad Request',
      'duplicate-key',
      'The request body has an object with the same key twice; send each key once.',
      {},
    ],
    [
      () => new MethodNotAllowedError('PATCH', '/users', ['GET', 'POST']),
      405,
      'Method Not Allowed',
      'method-not-allowed',
      'PATCH is not allowed on /users.',
      { Allow: 'GET, POST' },
    ],
    [
      () => new PayloadTooLargeError(1024),
      413,
      'Payload Too Large',
      'payload-too-large',
      'The request body exceeds 1024 bytes.',
      {},
    ],
    [
      () => new UnsupportedMediaTypeError(),
      415,
      'Unsupported Media Type',
      'unsupported-media-type',
      'Send the body as application/json.',
      {},
    ],
    [
      () => new ServiceUnavailableError(),
      503,
      'Service Unavailable',
      'service-unavailable',
      'The service is temporarily unavailable. Retry later.',
      { 'Retry-After': '1' },
    ],
    [
      () => new ServiceUnavailableError(7),
      503,
      'Service Unavailable',
      'service-unavailable',
      'The service is temporarily unavailable. Retry later.',
      { 'Retry-After': '7' },
    ],
    [
      () => new UnauthorizedError(),
      401,
      'Unauthorized',
      'unauthorized',
      'A valid bearer token is required.',
      { 'WWW-Authenticate': 'Bearer realm="users-api"' },
    ],
    [
      () => new UnauthorizedError({ tokenPresented: true }),
      401,
      'Unauthorized',
      'unauthorized',
      'A valid bearer token is required.',
      { 'WWW-Authenticate': 'Bearer realm="users-api", error="invalid_token"' },
    ],
    [() => new ForbiddenError('No valid API key.'), 403, 'Forbidden', 'forbidden', 'No valid API key.', {}],
    [
      () => new InsufficientScopeError(['users:write', 'users:admin']),
      403,
      'Forbidden',
      'forbidden',
      'The token lacks the scope users:write users:admin.',
      { 'WWW-Authenticate': 'Bearer realm="users-api", error="insufficient_scope", scope="users:write users:admin"' },
    ],
  ] as const)('%s', (make, status, title, slug, detail, headers) => {
    // Built inside the test, so a mutant active for this test is in the error it checks.
    const error = make();
    expect(shape(error)).toEqual({ status, title, slug, detail, headers, name: error.constructor.name });
    expect(error.message).toBe(detail);
  });

  it('counts the invalid inputs of a ValidationError in its detail', () => {
    const field = { location: 'body', pointer: '/email', message: 'is required' } as const;
    expect(new ValidationError([field]).detail).toBe('The request has 1 invalid input.');
    expect(new ValidationError([field, field]).detail).toBe('The request has 2 invalid inputs.');
    expect(new ValidationError([field])).toMatchObject({ status: 400, slug: 'validation', errors: [field] });
  });

  it('carries no stack trace and restores the stack trace limit', () => {
    const limit = Error.stackTraceLimit;
    const error = new NotFoundError('x');
    expect(error.stack?.split('\n').filter((line) => line.trim().startsWith('at '))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('bug').stack).toContain('at ');
  });

  it('keeps the cause of a wrapped failure', () => {
    const cause = new Error('ECONNRESET');
    expect(new ServiceUnavailableError(1, { cause }).cause).toBe(cause);
    expect(new UnauthorizedError({ tokenPresented: true, cause }).cause).toBe(cause);
  });

  it('gives each error its own headers object', () => {
    new MethodNotAllowedError('PATCH', '/users', ['GET']);
    expect(new NotFoundError('x').headers).toEqual({});
  });
});
