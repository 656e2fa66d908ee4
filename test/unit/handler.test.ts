// The Lambda adapter and the API core, in process, with a fake repository behind the port.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { StorageUnavailable } from '../../src/domain/domainErrors.js';
import type { User } from '../../src/domain/user.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { type ProxyEvent, toApiRequest } from '../../src/lambda/proxyAdapter.js';
import { LEAK_PATTERN } from '../helpers/http.js';
import { InMemoryUsersRepository } from '../helpers/InMemoryUsersRepository.js';
import { memoryDependencies } from '../helpers/memoryDependencies.js';
import { httpApiEvent, restEvent } from '../helpers/proxyEvents.js';

const config = loadConfig({ VALIDATE_RESPONSES: 'true' });
const context = { awsRequestId: 'lambda-request-id' };

function setup(repository = new InMemoryUsersRepository()) {
  const logger = { error: vi.fn() };
  let n = 0;
  const api = createApi(
    memoryDependencies(config, {
      repository,
      now: () => new Date('2026-11-24T12:00:00.000Z'),
      newId: () => `00000000-0000-4000-8000-00000000000${n++}`,
    }),
    logger,
  );
  const handler = createHandler(config, () => api);
  return { handler, logger, repository, invoke: (event: ProxyEvent) => handler(event, context) };
}

const json = { 'Content-Type': 'application/json' };
/** As API Gateway passes them after its Cognito authorizer and API key check (REST v1). */
const admin = {
  apiKeyId: 'key-id-1',
  claims: { sub: 'user-1', token_use: 'access', client_id: 'client-1', scope: 'users:read users:write users:admin' },
};
const john = JSON.stringify({ name: 'John Doe', email: 'john@example.com', phone: '+1234567890' });

describe('the handler on REST API (v1) events', () => {
  it('creates and reads a user', async () => {
    const { invoke } = setup();
    const created = await invoke(
      restEvent({ method: 'POST', path: '/users', headers: json, body: john, gateway: admin }),
    );
    expect(created.statusCode).toBe(201);
    // Location includes the stage the client called, so it resolves against the invoke URL.
    expect(created.headers?.Location).toBe('/prod/users/00000000-0000-4000-8000-000000000000');
    const got = await invoke(
      restEvent({ method: 'GET', path: '/users/00000000-0000-4000-8000-000000000000', gateway: admin }),
    );
    expect(got.statusCode).toBe(200);
    expect(JSON.parse(got.body)).toMatchObject({ name: 'John Doe', createdAt: '2026-11-24T12:00:00.000Z' });
  });

  it('decodes a base64 body', async () => {
    const { invoke } = setup();
    const created = await invoke(
      restEvent({ method: 'POST', path: '/users', headers: json, body: john, base64: true, gateway: admin }),
    );
    expect(created.statusCode).toBe(201);
  });
});

describe('HEAD (the imported document proxies it like the GET)', () => {
  it('answers the GET’s status and headers with an empty body, conforming and unlogged, 404 for no user', async () => {
    const { invoke, logger } = setup();
    await invoke(restEvent({ method: 'POST', path: '/users', headers: json, body: john, gateway: admin }));
    const path = '/users/00000000-0000-4000-8000-000000000000';
    const get = await invoke(restEvent({ method: 'GET', path, gateway: admin }));
    const head = await invoke(restEvent({ method: 'HEAD', path, gateway: admin }));
    expect(get.body).not.toBe('');
    expect({ status: head.statusCode, headers: head.headers, body: head.body }).toEqual({
      status: 200,
      headers: get.headers,
      body: '',
    });
    const missing = await invoke(
      restEvent({ method: 'HEAD', path: '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6', gateway: admin }),
    );
    expect([missing.statusCode, missing.body]).toEqual([404, '']);
    // The GET's scope check: a token without users:read is refused as for GET.
    const reader = { ...admin, claims: { ...admin.claims, scope: 'users:write' } };
    expect((await invoke(restEvent({ method: 'HEAD', path, gateway: reader }))).statusCode).toBe(403);
    expect(logger.error).not.toHaveBeenCalled();
  });
});

describe('a body that is not a JSON object (the function’s own check, behind any gateway)', () => {
  it.each([
    ['a JSON string of a user (double-encoded)', JSON.stringify(john)],
    ['a JSON number', '5'],
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
  ])('%s → 400 naming the body, nothing stored', async (_name, body) => {
    const { invoke, repository } = setup();
    const res = await invoke(restEvent({ method: 'POST', path: '/users', headers: json, body, gateway: admin }));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([expect.objectContaining({ location: 'body', pointer: '' })]);
    expect((await repository.list({ limit: 10 })).users).toEqual([]);
  });
});

describe('the handler on HTTP API (v2) events', () => {
  it('decodes a base64 body and strips the stage from the path', () => {
    const request = toApiRequest(
      httpApiEvent({ method: 'POST', path: '/users', headers: json, body: john, base64: true }, 'prod'),
    );
    expect(request).toMatchObject({ method: 'POST', path: '/users', body: john });
  });

  it('refuses /users: an HTTP API has no API keys to satisfy the spec with', async () => {
    const { invoke, repository } = setup();
    const res = await invoke(
      httpApiEvent({ method: 'POST', path: '/users', headers: json, body: john, gateway: admin }, 'prod'),
    );
    expect(res.statusCode).toBe(403);
    expect(repository.users.size).toBe(0);
  });
});

describe.each([
  ['REST API (v1)', restEvent],
  ['HTTP API (v2)', (input: Parameters<typeof restEvent>[0]) => httpApiEvent(input, 'prod')],
])('the handler on %s events', (_name, event) => {
  it('answers the public /hello', async () => {
    const { invoke } = setup();
    const res = await invoke(event({ method: 'GET', path: '/hello' }));
    expect(res.statusCode).toBe(200);
  });

  it('knows the stage prefix the client called, for Location links', () => {
    expect(toApiRequest(event({ method: 'GET', path: '/users' }))).toMatchObject({ path: '/users', basePath: '/prod' });
  });

  it('uses the API Gateway request id as the problem instance', async () => {
    const { invoke } = setup();
    const res = await invoke(event({ method: 'GET', path: '/nope' }));
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body).instance).toMatch(/-request-id$/);
  });
});

describe('failures', () => {
  it('answers 503 with Retry-After when storage is throttled', async () => {
    const repository = new InMemoryUsersRepository();
    repository.get = async () => {
      throw new StorageUnavailable(1, { cause: new Error('ProvisionedThroughputExceededException') });
    };
    const { invoke } = setup(repository);
    const res = await invoke(
      restEvent({ method: 'GET', path: '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6', gateway: admin }),
    );
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['Retry-After']).toBe('1');
    expect(res.body).not.toMatch(LEAK_PATTERN);
  });

  it('answers a generic 500 for an unexpected error and logs the error with the request id', async () => {
    const repository = new InMemoryUsersRepository();
    const secret = new Error('AccessDeniedException: User arn:aws:iam::123:role/x is not authorized');
    repository.list = async () => {
      throw secret;
    };
    const { invoke, logger } = setup(repository);
    const res = await invoke(restEvent({ method: 'GET', path: '/users', gateway: admin }));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/AccessDenied|arn:aws|authorized/);
    expect(JSON.parse(res.body).instance).toBe('rest-request-id');
    expect(logger.error).toHaveBeenCalledWith(
      'request failed',
      expect.objectContaining({ requestId: 'rest-request-id', invocationId: context.awsRequestId, error: secret }),
    );
  });

  it('turns a response the spec does not allow into a 500 (response validation on)', async () => {
    const repository = new InMemoryUsersRepository();
    const leaky = {
      userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      name: 'A',
      email: 'a@example.com',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      passwordHash: 'x',
    };
    await repository.create(leaky as User);
    const { invoke, logger } = setup(repository);
    const res = await invoke(restEvent({ method: 'GET', path: `/users/${leaky.userId}`, gateway: admin }));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('passwordHash');
    expect(logger.error).toHaveBeenCalledWith(
      'request failed',
      expect.objectContaining({
        error: expect.objectContaining({ message: expect.stringContaining('must NOT have additional properties') }),
      }),
    );
  });
});

describe('the Lambda log', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** Runs `work` with everything written to stdout and stderr captured (and kept off the test output). */
  async function captured(work: () => Promise<unknown>): Promise<string[]> {
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      await work();
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    return written;
  }

  /** The Lambda's logger, as a container with this log level builds it. */
  async function lambdaLoggerAt(level: string) {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', level);
    vi.resetModules();
    return (await import('../../src/lambda/logger.js')).logger;
  }

  it('is Powertools JSON with the service name and the details given', async () => {
    // Arrange
    const logger = await lambdaLoggerAt('INFO');
    // Act
    const written = await captured(async () => {
      logger.error('request failed', { requestId: 'r1' });
      logger.info?.('request not authorized', { requestId: 'r2', status: 401 });
    });
    // Assert
    expect(written.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'request failed', service: 'users-api', requestId: 'r1' }),
      expect.objectContaining({ level: 'INFO', message: 'request not authorized', requestId: 'r2', status: 401 }),
    ]);
  });

  it('is written by the time the handler answers a 500', async () => {
    // Arrange: a repository that fails (a 500 is logged)
    const logger = await lambdaLoggerAt('INFO');
    const repository = new InMemoryUsersRepository();
    repository.list = async () => {
      throw new Error('disk on fire');
    };
    const api = createApi(
      { config, repository, idempotency: (_r, work) => work(), now: () => new Date(), newId: () => 'id' },
      logger,
    );
    const handler = createHandler(config, () => api);
    // Act: the capture ends as soon as the handler has answered
    let status: number | undefined;
    const written = await captured(async () => {
      status = (await handler(restEvent({ method: 'GET', path: '/users', gateway: admin }), context)).statusCode;
    });
    // Assert
    expect(status).toBe(500);
    expect(written.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'request failed', service: 'users-api' }),
    ]);
  });
});

// Issue 32, item 9: the Lambda's own 400 for a free-text rule said the rule as a 400-character regular expression.
describe('a 400 for a pattern rule', () => {
  it('says the rule in words, from the spec, with no regular expression', async () => {
    // Arrange: a name of a zero-width space only (not refused by API Gateway in a direct invocation)
    const { invoke } = setup();
    const body = JSON.stringify({ name: '\u200B', email: 'zero@example.com' });

    // Act
    const res = await invoke(restEvent({ method: 'POST', path: '/users', headers: json, body, gateway: admin }));

    // Assert
    expect(res.statusCode).toBe(400);
    const [error] = JSON.parse(res.body).errors;
    expect(error).toMatchObject({ location: 'body', pointer: '/name' });
    expect(error.message).toMatch(/^does not follow the rule: Display name: at least one visible character/);
    expect(res.body).not.toMatch(/\\u0000|\[\^|\$"/);
  });
});
