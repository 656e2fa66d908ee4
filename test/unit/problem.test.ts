// The error mapper: known errors keep their status and detail; anything else is a generic 500 that leaks nothing.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  AvatarNotFound,
  AvatarTypeRefused,
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
  const cases: [() => Error, number, string, Record<string, string>, string][] = [
    [() => new UserNotFound('42'), 404, '/problems/not-found', {}, 'No user with id 42.'],
    [() => new AvatarNotFound('42'), 404, '/problems/not-found', {}, 'User 42 has no avatar.'],
    [() => new AvatarTypeRefused(['image/png', 'image/webp']), 400, '/problems/validation', {}, ''],
    [() => new VersionMismatch(), 412, '/problems/precondition-failed', {}, ''],
    [() => new VersionRequired(), 428, '/problems/precondition-required', {}, ''],
    [() => new EmailTaken(), 409, '/problems/conflict', {}, 'Another user already has this email.'],
    [() => new InvalidCursor(), 400, '/problems/invalid-cursor', {}, ''],
    [
      () => new StorageUnavailable(2, { cause: new Error('ThrottlingException') }),
      503,
      '/problems/service-unavailable',
      { 'Retry-After': '2' },
      '',
    ],
    [() => new StorageUnavailable(), 503, '/problems/service-unavailable', { 'Retry-After': '1' }, ''],
    [() => new IdempotencyKeyReused(), 422, '/problems/idempotency-key-reused', {}, ''],
    [
      () => new IdempotentRequestInProgress(),
      409,
      '/problems/conflict',
      { 'Retry-After': '1' },
      'A request with this Idempotency-Key is still being processed. Retry later.',
    ],
    [
      () => new WriteContention(3),
      409,
      '/problems/conflict',
      { 'Retry-After': '3' },
      'Other requests are changing this user at the same moment. Retry shortly.',
    ],
    [() => new WriteContention(), 409, '/problems/conflict', { 'Retry-After': '1' }, ''],
  ];
  for (const [build, status, type, headers, detail] of cases) {
    it(`${build().name} is answered ${status}${detail === '' ? '' : ' with its own detail'}`, () => {
      const response = toProblem(build(), 'r');

      expect(response.statusCode).toBe(status);
      expect(body(response)).toMatchObject({ status, type });
      if (detail !== '') expect(body(response).detail).toBe(detail);
      expect(response.headers).toMatchObject(headers);
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

  it('answers a domain error it has no answer for as a generic 500', () => {
    expect(toHttpError(new UserIdTaken('42'))).toBeUndefined();
    const response = toProblem(new UserIdTaken('42'), 'r');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('42');
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
      'This Idempotency-Key was already used with a different request body.',
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
