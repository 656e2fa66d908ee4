// The suite must catch bugs planted on purpose, each with a minimal curl reproducer that replays the fault.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import bundled from '../../generated/openapi.json' with { type: 'json' };
import { InMemoryUsersRepository } from '../../local/memory/InMemoryUsersRepository.js';
import type { Api } from '../../src/api.js';
import { StorageUnavailable, UserNotFound } from '../../src/domain/domainErrors.js';
import type { ExpectedVersion } from '../../src/domain/etag.js';
import type { User, UserChanges } from '../../src/domain/user.js';
import type { VersionedUser } from '../../src/repository/UsersRepository.js';
import { type InProcessApi, startInProcessApi } from '../helpers/inProcessApi.js';
import { send } from './exchange.js';
import { type Failure, formatReport, type Report } from './report.js';
import { runContract } from './runContract.js';
import type { Document } from './spec.js';

const SEED = Number(process.env.SEED ?? 20261124);

let api: InProcessApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

function failure(report: Report, operationId: string, check: string): Failure {
  const found = report.failures.find((f) => f.operationId === operationId && f.check === check);
  expect(found, `expected ${operationId} ${check} to fail:\n${formatReport(report)}`).toBeDefined();
  return found as Failure;
}

/** Runs the contract suite's hostile phase alone against an in-process API built with these options. */
async function hostilePhaseOn(options: Parameters<typeof startInProcessApi>[0]): Promise<Report> {
  api = await startInProcessApi(options);
  return runContract({ baseUrl: api.baseUrl, credentials: api.credentials, seed: SEED, phases: ['hostile'] });
}

/** Sends a failure's last request again, as its reproducer's last curl would. */
const replayLast = (found: Failure) =>
  send(found.exchanges.at(-1)?.request as Failure['exchanges'][number]['request'], 5000);

/** Leaks a field the spec does not document (and the schema forbids) in every read. */
class LeakyRepository extends InMemoryUsersRepository {
  override async get(userId: string): Promise<VersionedUser | undefined> {
    const found = await super.get(userId);
    if (found === undefined) return undefined;
    return { ...found, user: { ...found.user, passwordHash: 'bcrypt$2b$10$…' } as User };
  }
}

/** Says it deleted the user but keeps it. */
class ForgetfulRepository extends InMemoryUsersRepository {
  override async delete(userId: string): Promise<void> {
    if (!this.users.has(userId)) throw new UserNotFound(userId);
  }
}

/**
 * Crashes on a body whose email is not an email instead of answering 400. A format is what API Gateway's draft 4
 * models leave to the function (a body that is not JSON never reaches it), so this is a bug a client could meet.
 */
const crashOnBadEmail = (real: Api): Api => ({
  async handle(request) {
    let email: unknown;
    try {
      email = request.body ? (JSON.parse(request.body) as { email?: unknown }).email : undefined;
    } catch {
      email = undefined;
    }
    if (typeof email === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      return {
        statusCode: 500,
        headers: { 'Content-Type': 'application/problem+json' },
        body: JSON.stringify({
          type: '/problems/internal',
          title: 'Internal Server Error',
          status: 500,
          detail: 'Something went wrong.',
          instance: request.requestId,
        }),
      };
    }
    return real.handle(request);
  },
});

/** Reads `limit` as Number() would (1e1 is 10): the lenient coercion issue 20 found. */
const numberLimit = (real: Api): Api => ({
  handle(request) {
    const limit = request.query.limit;
    const lenient = limit === undefined ? undefined : Number(limit);
    if (lenient === undefined || !Number.isInteger(lenient)) return real.handle(request);
    return real.handle({ ...request, query: { ...request.query, limit: String(lenient) } });
  },
});

/** Parses the body with JSON.parse and sends it on re-serialised: the last of two equal keys silently wins. */
const lastKeyWins = (real: Api): Api => ({
  handle(request) {
    try {
      return real.handle({ ...request, body: request.body && JSON.stringify(JSON.parse(request.body)) });
    } catch {
      return real.handle(request);
    }
  },
});

/**
 * Optimistic writes that give up with StorageUnavailable (503) while other writers keep winning: the outage issue 20
 * found for contention, as DynamoUsersRepository answered before WriteContention (409). Writes to one user overlap here.
 */
class OutageOnContention extends InMemoryUsersRepository {
  private readonly writing = new Set<string>();

  override update(userId: string, changes: UserChanges, now: Date, expected: ExpectedVersion): Promise<VersionedUser> {
    return this.alone(userId, () => super.update(userId, changes, now, expected));
  }

  override delete(userId: string, expected: ExpectedVersion): Promise<void> {
    return this.alone(userId, () => super.delete(userId, expected));
  }

  private async alone<T>(userId: string, write: () => Promise<T>): Promise<T> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!this.writing.has(userId)) {
        this.writing.add(userId);
        try {
          await sleep(5);
          return await write();
        } finally {
          this.writing.delete(userId);
        }
      }
      await sleep(1);
    }
    throw new StorageUnavailable();
  }
}

/** Compares an If-Match tag with the version as numbers: `"01"`, `W/"1"` and `1` all match `"1"` (issue 20). */
class NumericEtags extends InMemoryUsersRepository {
  override update(userId: string, changes: UserChanges, now: Date, expected: ExpectedVersion): Promise<VersionedUser> {
    return super.update(userId, changes, now, this.lenient(userId, expected));
  }

  override delete(userId: string, expected: ExpectedVersion): Promise<void> {
    return super.delete(userId, this.lenient(userId, expected));
  }

  private lenient(userId: string, expected: ExpectedVersion): ExpectedVersion {
    const version = this.users.get(userId)?.version;
    if (expected === 'any' || version === undefined) return expected;
    const asNumber = (tag: string) => Number(tag.replace(/^W\//, '').replaceAll('"', ''));
    return expected.some((tag) => asNumber(tag) === version) ? 'any' : expected;
  }
}

/** Forgets which single-valued headers came twice, so the last line wins, as before the repeated-header fix. */
const lastHeaderWins = (real: Api): Api => ({
  handle: (request) => real.handle({ ...request, repeatedHeaders: undefined }),
});

/** Accepts a user id in upper case, then looks it up as a case-sensitive store would: a user that exists is not found. */
const caseSensitiveIds = (real: Api): Api => ({
  handle: (request) =>
    real.handle({
      ...request,
      path: request.path.replace(/[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}/, (id) =>
        id === id.toLowerCase() ? id : randomUUID(),
      ),
    }),
});

/** Answers HEAD as the Lambda did before it routed HEAD as GET: 405, with an Allow that omits HEAD. */
const headNotAllowed = (real: Api): Api => ({
  async handle(request) {
    if (request.method !== 'HEAD') return real.handle(request);
    return {
      statusCode: 405,
      headers: { Allow: 'GET', 'Content-Type': 'application/problem+json' },
      body: JSON.stringify({
        type: '/problems/method-not-allowed',
        title: 'Method Not Allowed',
        status: 405,
        detail: `HEAD is not allowed on ${request.path}.`,
        instance: request.requestId,
      }),
    };
  },
});

describe('a planted bug makes the suite fail with a reproducer', () => {
  it.each([
    ['a lenient integer parser', numberLimit, 'listUsers', 'plain_integer_only', /limit=/],
    ['JSON.parse keeping the last duplicate key', lastKeyWins, 'createUser', 'duplicate_key_refused', /--data-binary/],
  ])(
    'hostile phase: finds %s',
    async (_label, wrap, operationId, check, inCurl) => {
      // Arrange, act
      const report = await hostilePhaseOn({ wrap });

      // Assert
      const found = failure(report, operationId, check);
      expect(found.reproducer.at(-1)).toMatch(inCurl);
      const replayed = await replayLast(found);
      // The reproducer replays: the bug still does not refuse it (a replayed create may now meet its own email, 409).
      expect(replayed.status).not.toBe(400);
    },
    60_000,
  );

  // Each is one fix of issue 20 reverted; the hostile phase alone is run, and names the class in the failing check.
  it.each([
    {
      label: 'contention answered as an outage (503)',
      options: { repository: new OutageOnContention() },
      operationId: 'updateUser',
      check: 'contention_not_an_outage',
      inCurl: /-X PUT .*'if-match: \*'/,
    },
    {
      label: 'entity tags compared as numbers',
      options: { repository: new NumericEtags() },
      operationId: 'updateUser',
      check: 'etag_compared_strongly',
      inCurl: /-X PUT .*'if-match: "0\d+"'/,
    },
    {
      label: 'the last of two Authorization lines winning',
      options: { wrap: lastHeaderWins },
      operationId: 'getUser',
      check: 'repeated_header_refused',
      inCurl: /'authorization: Bearer .*'authorization: Bearer /,
      replays: 200,
    },
    {
      label: 'ids matched case-sensitively',
      options: { wrap: caseSensitiveIds },
      operationId: 'getUser',
      check: 'id_case_consistent',
      inCurl: /^curl .*\/users\/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}'/,
      replays: 200,
    },
    {
      label: 'HEAD answered 405',
      options: { wrap: headNotAllowed },
      operationId: 'getUser',
      check: 'head_like_get',
      inCurl: /^curl -I 'http:\/\/127\.0\.0\.1:\d+\/users\/[0-9a-f-]{36}'/,
      replays: 405,
    },
  ])(
    'hostile phase: finds $label',
    async ({ options, operationId, check, inCurl, replays }) => {
      // Arrange, act
      const report = await hostilePhaseOn(options);

      // Assert
      const found = failure(report, operationId, check);
      expect(found.input).not.toBe('');
      expect(
        found.reproducer.some((curl) => inCurl.test(curl)),
        found.reproducer.join('\n'),
      ).toBe(true);
      expect(formatReport(report)).toContain(`FAIL ${operationId} ${check}`);
      // A read changes nothing, so its last request alone replays the fault; a write's needs the resource it changed.
      if (replays !== undefined) {
        const replayed = await replayLast(found);
        expect(replayed.status).toBe(replays);
      }
    },
    60_000,
  );

  it('finds an undocumented field in a response', async () => {
    // Arrange
    api = await startInProcessApi({ repository: new LeakyRepository() });

    // Act
    const report = await runContract({
      baseUrl: api.baseUrl,
      credentials: api.credentials,
      examples: 20,
      seed: SEED,
      phases: ['positive'],
    });

    // Assert
    expect(report.ok).toBe(false);
    const found = failure(report, 'getUser', 'response_schema');
    expect(found.message).toContain('must NOT have additional properties ("passwordHash")');
    expect(found.reproducer.at(-1)).toMatch(/^curl -i -X GET 'http:\/\/127\.0\.0\.1:\d+\/users\/[0-9a-f-]{36}'/);
    expect(formatReport(report)).toContain('FAIL getUser response_schema');
    // The reproducer replays: the same request still gets the leaking answer.
    const replayed = await replayLast(found);
    expect(replayed.status).toBe(200);
    expect(replayed.text).toContain('passwordHash');
  }, 60_000);

  it('finds a 500 answered to a body the gateway lets through (a bad email), shrunk to a small body', async () => {
    // Arrange
    api = await startInProcessApi({ wrap: crashOnBadEmail });

    // Act
    const report = await runContract({
      baseUrl: api.baseUrl,
      credentials: api.credentials,
      examples: 50,
      seed: SEED,
      phases: ['negative'],
    });

    // Assert
    // Whichever body with an email the run broke first (which one depends on how many fields the user has).
    const operation = report.failures.find((f) => f.check === 'not_a_server_error')?.operationId ?? 'createUser';
    expect(['createUser', 'updateUser']).toContain(operation);
    const found = failure(report, operation, 'not_a_server_error');
    expect(found.message).toBe('answered 500');
    expect(found.input).toContain('email');
    const curl = found.reproducer.at(-1) ?? '';
    expect(curl).toMatch(
      /^curl -i -X (POST|PUT) 'http:\/\/127\.0\.0\.1:\d+\/users(\/[0-9a-f-]{36})?' .*--data-binary '/,
    );
    expect(found.exchanges.at(-1)?.request.body?.length).toBeLessThan(80);
    const replayed = await replayLast(found);
    expect(replayed.status).toBe(500);
  }, 60_000);

  it('finds a user that can still be read after it was deleted', async () => {
    // Arrange
    api = await startInProcessApi({ repository: new ForgetfulRepository() });

    // Act
    const report = await runContract({
      baseUrl: api.baseUrl,
      credentials: api.credentials,
      examples: 5,
      seed: SEED,
      phases: ['scenario'],
    });

    // Assert
    const found = failure(report, 'getUser', 'use_after_free');
    expect(found.message).toBe('read after delete answered 200');
    const methods = found.reproducer.map((c) => c.split(' ')[3]);
    expect(methods.slice(0, 2)).toEqual(['POST', 'GET']);
    expect(methods.slice(-2)).toEqual(['DELETE', 'GET']);
    // The scenario stopped at the failing step, so the last command still shows the zombie user.
    const replayed = await replayLast(found);
    expect(replayed.status).toBe(200);
  }, 60_000);

  it('finds an API that ignores the security its spec declares, and checks none where none is declared', async () => {
    // Arrange: the same spec, but every operation requires a bearer token; the API under test checks none.
    api = await startInProcessApi();
    const secured = structuredClone(bundled) as unknown as Document & { components: Record<string, unknown> };
    secured.components.securitySchemes = {
      oauth: {
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl: 'https://auth.invalid/token', scopes: { read: '', write: '' } } },
      },
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    };
    secured.security = [{ oauth: ['read'], apiKey: [] }];
    for (const item of Object.values(secured.paths)) {
      for (const operation of Object.values(item) as { security?: unknown }[]) operation.security = secured.security;
    }
    const scopesAsked: string[][] = [];

    // Act
    const report = await runContract({
      baseUrl: api.baseUrl,
      examples: 5,
      seed: SEED,
      phases: ['auth'],
      spec: secured,
      credentials: { token: 'a-real-token', apiKey: 'a-real-key' },
      tokenForScopes: async (scopes) => {
        scopesAsked.push(scopes);
        return `token-with-${scopes.join('-')}`;
      },
    });
    const real = await runContract({
      baseUrl: api.baseUrl,
      credentials: api.credentials,
      examples: 5,
      seed: SEED,
      phases: ['auth'],
    });

    // Assert
    const found = failure(report, 'getHello', 'auth_enforced');
    expect(found.message).toMatch(/answered 200, not 401\/403$/);
    expect(found.reproducer.at(-1)).not.toContain('a-real-token');
    expect(found.reproducer.at(-1)).not.toContain('a-real-key');
    // A token lacking the operation's scope is one of the variants the suite tries.
    expect(scopesAsked).toContainEqual(['write']);
    // With the real spec, the API enforces what it declares, and public operations get no auth checks.
    expect(real.failures, formatReport(real)).toEqual([]);
    expect(real.checks.some((c) => c.operationId === 'getHello' && c.check === 'auth_enforced')).toBe(false);
  }, 60_000);
});

describe('a throttled API', () => {
  it('is waited for (Retry-After) rather than reported', async () => {
    // Arrange: every third request is throttled once, as a usage plan would.
    let requests = 0;
    let throttled = 0;
    api = await startInProcessApi({
      wrap: (real) => ({
        async handle(request) {
          requests++;
          if (requests % 3 !== 0) return real.handle(request);
          throttled++;
          return {
            statusCode: 429,
            headers: { 'Retry-After': '0', 'Content-Type': 'application/problem+json' },
            body: '{}',
          };
        },
      }),
    });

    // Act
    const report = await runContract({
      baseUrl: api.baseUrl,
      credentials: api.credentials,
      examples: 10,
      seed: SEED,
      phases: ['scenario', 'positive'],
    });

    // Assert
    expect(report.failures, formatReport(report)).toEqual([]);
    expect(throttled).toBeGreaterThan(10);
  }, 60_000);
});
