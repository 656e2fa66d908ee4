// The error mapper: known errors keep their status and detail; anything else is a generic 500 that leaks nothing.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  AvatarNotFound,
  AvatarTypeRefused,
  DomainError,
  EmailTaken,
  IdempotencyKeyReused,
  IdempotentRequestInProgress,
  InvalidCursor,
  StorageUnavailable,
  UserIdTaken,
  UserNotFound,
  VersionMismatch,
  VersionRequired,
  WriteContention,
} from '../../src/domain/errors.js';
import { NotFoundError, ServiceUnavailableError, ValidationError } from '../../src/http/errors.js';
import { toHttpError, toProblem } from '../../src/http/problem.js';
import { LEAK_PATTERN } from '../helpers/http.js';

const body = (r: { body?: string }) => JSON.parse(r.body ?? '');

describe('toProblem', () => {
  it('maps an HttpError to its status, type, title and detail, with the request id as instance', () => {
    const response = toProblem(new NotFoundError('No user with id 42.'), 'req-1');
    expect(response.statusCode).toBe(404);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(body(response)).toEqual({
      type: '/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'No user with id 42.',
      instance: 'req-1',
    });
  });

  it('adds the field errors to a 400', () => {
    const errors = [{ location: 'body' as const, pointer: '/email', message: 'is required' }];
    expect(body(toProblem(new ValidationError(errors), 'r')).errors).toEqual(errors);
  });

  it('carries Retry-After on a 503', () => {
    const response = toProblem(new ServiceUnavailableError(2), 'r');
    expect(response.statusCode).toBe(503);
    expect(response.headers['Retry-After']).toBe('2');
  });

  const leaky: [string, unknown][] = [
    [
      'an AWS SDK error',
      new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
    ],
    [
      'a throttling error',
      new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds', $metadata: {} }),
    ],
    [
      'a TypeError with a stack',
      new TypeError("Cannot read properties of undefined (reading 'x') at /var/task/index.js:1:2"),
    ],
    ['a thrown string', 'DynamoDB ValidationException: secret table name users-prod'],
    [
      'an error with a secret message',
      Object.assign(new Error('password=hunter2 in node_modules/foo'), { code: 'ECONNREFUSED' }),
    ],
  ];
  for (const [name, error] of leaky) {
    it(`turns ${name} into a generic 500 that leaks nothing`, () => {
      const response = toProblem(error, 'req-9');
      expect(response.statusCode).toBe(500);
      expect(body(response)).toEqual({
        type: '/problems/internal',
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred. Quote the instance id when reporting it.',
        instance: 'req-9',
      });
      expect(response.body).not.toMatch(LEAK_PATTERN);
      expect(response.body).not.toContain('hunter2');
    });
  }
});

describe('the errors of the domain', () => {
  // Each error is built inside its case: one built while the file loads would predate the mutant under test.
  // The whole answer is pinned: status, type, title, detail and headers, as clients saw them before the error table.
  const cases: [() => Error, number, string, string, string, Record<string, string>][] = [
    [() => new UserNotFound('42'), 404, 'not-found', 'Not Found', 'No user with id 42.', {}],
    [() => new AvatarNotFound('42'), 404, 'not-found', 'Not Found', 'User 42 has no avatar.', {}],
    [
      () => new AvatarTypeRefused(['image/png', 'image/webp']),
      400,
      'validation',
      'Bad Request',
      'The request has 1 invalid input.',
      {},
    ],
    [
      () => new VersionMismatch(),
      412,
      'precondition-failed',
      'Precondition Failed',
      'The user has changed since you read it (If-Match does not match its ETag).',
      {},
    ],
    [
      () => new VersionRequired(),
      428,
      'precondition-required',
      'Precondition Required',
      'Send If-Match with the ETag of the version you are changing.',
      {},
    ],
    [() => new EmailTaken(), 409, 'conflict', 'Conflict', 'Another user already has this email.', {}],
    [
      () => new InvalidCursor(),
      400,
      'invalid-cursor',
      'Bad Request',
      'The cursor is not one this API issued. Start again without a cursor.',
      {},
    ],
    [
      () => new StorageUnavailable(2, { cause: new Error('ThrottlingException') }),
      503,
      'service-unavailable',
      'Service Unavailable',
      'The service is temporarily unavailable. Retry later.',
      { 'Retry-After': '2' },
    ],
    [
      () => new StorageUnavailable(),
      503,
      'service-unavailable',
      'Service Unavailable',
      'The service is temporarily unavailable. Retry later.',
      { 'Retry-After': '1' },
    ],
    [
      () => new IdempotencyKeyReused(),
      422,
      'idempotency-key-reused',
      'Unprocessable Content',
      'This Idempotency-Key was already used with a different request to this operation.',
      {},
    ],
    [
      () => new IdempotentRequestInProgress(),
      409,
      'conflict',
      'Conflict',
      'A request with this Idempotency-Key is still being processed. Retry later.',
      { 'Retry-After': '1' },
    ],
    [
      () => new WriteContention('user', 3),
      409,
      'conflict',
      'Conflict',
      'Other requests are changing this user at the same moment. Retry shortly.',
      { 'Retry-After': '3' },
    ],
    [
      () => new WriteContention('user'),
      409,
      'conflict',
      'Conflict',
      'Other requests are changing this user at the same moment. Retry shortly.',
      { 'Retry-After': '1' },
    ],
  ];
  for (const [build, status, slug, title, detail, headers] of cases) {
    it(`${build().name} is answered ${status} ${slug}`, () => {
      const response = toProblem(build(), 'r');

      expect(response.statusCode).toBe(status);
      expect(response.headers).toEqual({ 'Content-Type': 'application/problem+json', ...headers });
      const { errors: _errors, ...problem } = body(response);
      expect(problem).toEqual({ type: `/problems/${slug}`, title, status, detail, instance: 'r' });
      expect(response.body).not.toMatch(LEAK_PATTERN);
    });
  }

  it('answers an avatar type the stage does not take as a 400 naming the field', () => {
    const response = toProblem(new AvatarTypeRefused(['image/png', 'image/webp']), 'r');
    expect(body(response).errors).toEqual([
      { location: 'body', pointer: '/contentType', message: 'must be one of image/png, image/webp' },
    ]);
  });

  it('keeps a storage outage as the cause of its 503, for the log', () => {
    const outage = new StorageUnavailable(2);
    expect(toHttpError(outage)?.cause).toBe(outage);
  });

  it('answers UserIdTaken (a bug upstream: ids are generated) as the generic 500, keeping it as the cause', () => {
    const taken = new UserIdTaken('42');
    expect(toHttpError(taken)?.cause).toBe(taken);
    const response = toProblem(taken, 'r');
    expect(response.statusCode).toBe(500);
    expect(body(response)).toEqual(body(toProblem(new Error('a bug'), 'r')));
    expect(response.body).not.toContain('42');
  });

  it('answers a domain error the table has no entry for as a generic 500', () => {
    class Unlisted extends DomainError {}
    expect(toHttpError(new Unlisted('secret detail'))).toBeUndefined();
    const response = toProblem(new Unlisted('secret detail'), 'r');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
  });

  it('answers a subclass of a listed domain error as its parent is answered', () => {
    class GoneForGood extends UserNotFound {}
    const response = toProblem(new GoneForGood('7'), 'r');
    expect([response.statusCode, body(response).detail]).toEqual([404, 'No user with id 7.']);
  });

  it('names each error after its class and says what went wrong', () => {
    expect([new UserIdTaken('42').name, new UserIdTaken('42').userId]).toEqual(['UserIdTaken', '42']);
    expect(new UserIdTaken('42').message).toBe('A user with id 42 already exists.');
    expect(new VersionMismatch().message).toBe(
      'The user has changed since you read it (If-Match does not match its ETag).',
    );
    expect(new VersionRequired().message).toBe('Send If-Match with the ETag of the version you are changing.');
    expect(new InvalidCursor().message).toBe('The cursor is not one this API issued. Start again without a cursor.');
    expect(new StorageUnavailable().message).toBe('Storage is temporarily unavailable.');
    expect(new IdempotencyKeyReused().message).toBe(
      'This Idempotency-Key was already used with a different request to this operation.',
    );
    expect(new AvatarTypeRefused(['image/png', 'image/webp']).message).toBe('must be one of image/png, image/webp');
  });

  it('are all the operations, the domain, the repositories and storage know: nothing there imports src/http', () => {
    const src = resolve(import.meta.dirname, '../../src');
    const files = ['operations', 'domain', 'repository', 'storage'].flatMap((dir) =>
      readdirSync(join(src, dir)).map((name) => join(src, dir, name)),
    );
    const importing = files.filter((file) => /from '\.\.\/http\//.test(readFileSync(file, 'utf8')));

    expect(files.length).toBeGreaterThan(10);
    expect(importing).toEqual([]);
  });
});

describe('HttpError', () => {
  it('carries no stack trace (an answer, not a bug) and leaves the global stack limit as it was', () => {
    const limit = Error.stackTraceLimit;
    const cause = new Error('storage down');

    const error = new ServiceUnavailableError(1, { cause });

    expect(error.stack).not.toMatch(/\n\s+at /);
    expect(error.cause).toBe(cause);
    expect(cause.stack).toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('a bug').stack).toMatch(/\n\s+at /);
  });
});
