// Each forged token is stopped by the check meant for it (jose's error code or the claim check), not by accident.
import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createSigningKey, LOCAL_CLIENT_ID, LOCAL_ISSUER, publicJwks, type SigningKey } from '../../local/devAuth.js';
import { memoryDependencies } from '../../local/memory/memoryDependencies.js';
import { freePort } from '../../local/services/dynamoDbLocal.js';
import { createApi } from '../../src/api.js';
import { ClaimsRejected, toCaller } from '../../src/auth/accessClaims.js';
import { createSecurityHandlers } from '../../src/auth/securityHandlers.js';
import { createTokenVerifier, TokenRejected } from '../../src/auth/tokenVerifier.js';
import { createVerifiedTokens } from '../../src/auth/verifiedTokens.js';
import { loadConfig } from '../../src/config.js';
import { ServiceUnavailableError } from '../../src/http/httpErrors.js';
import { type ForgedToken, forgedTokens, goodClaims, validToken } from '../helpers/forgedTokens.js';
import { LEAK_PATTERN } from '../helpers/http.js';

const { auth } = loadConfig({ AUTH_ISSUER: LOCAL_ISSUER, AUTH_CLIENT_IDS: LOCAL_CLIENT_ID });
let key: SigningKey;
let cases: ForgedToken[];
beforeAll(async () => {
  key = await createSigningKey();
  cases = forgedTokens(key, await createSigningKey());
});

/** The reason a token is refused: TokenRejected carries jose's error code, ClaimsRejected the claim that failed. */
async function rejection(token: string): Promise<string> {
  const verify = createTokenVerifier(auth, { keys: createLocalJWKSet(publicJwks(key)) });
  try {
    toCaller(await verify(token), auth);
  } catch (error) {
    if (error instanceof TokenRejected || error instanceof ClaimsRejected) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('the token verifier', () => {
  it('accepts a valid access token and reads its scopes', async () => {
    const verify = createTokenVerifier(auth, { keys: createLocalJWKSet(publicJwks(key)) });
    const caller = toCaller(await verify(await validToken(key)), auth);
    expect(caller).toEqual({
      subject: 'attacker',
      clientId: LOCAL_CLIENT_ID,
      scopes: new Set(['users:read', 'users:write', 'users:admin']),
    });
  });

  it('refuses every forged token for its own reason', async () => {
    const withReason = cases.filter((c) => c.reason !== undefined);
    expect(withReason.length).toBeGreaterThan(15);
    for (const c of withReason) {
      const token = (await c.authorization()).replace(/^Bearer /, '');
      expect({ name: c.name, reason: await rejection(token) }).toEqual({ name: c.name, reason: c.reason });
    }
  });

  it('refuses everything when no issuer is configured (only gateway-verified claims count then)', async () => {
    const verify = createTokenVerifier(loadConfig({}).auth, { keys: createLocalJWKSet(publicJwks(key)) });
    await expect(verify(await validToken(key))).rejects.toThrow(TokenRejected);
  });
});

describe('remembering verified tokens', () => {
  /** A verifier on a clock the test moves, counting how often it needs a signing key (once per full verification). */
  function countingVerifier(cacheSize?: number) {
    const clock = { now: Date.now() };
    const jwks = createLocalJWKSet(publicJwks(key));
    const calls = { keys: 0 };
    const verify = createTokenVerifier(auth, {
      keys: (header, token) => {
        calls.keys += 1;
        return jwks(header, token);
      },
      now: () => clock.now,
      ...(cacheSize === undefined ? {} : { cacheSize }),
    });
    return { verify, clock, calls };
  }
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const reasonOf = (verified: unknown) =>
    Promise.resolve(verified).then(
      () => 'accepted',
      (error: unknown) => (error instanceof TokenRejected ? error.message : String(error)),
    );

  it('verifies a token once and answers the same token from memory, with the same claims', async () => {
    const { verify, calls } = countingVerifier();
    const token = await validToken(key);
    const first = await verify(token);
    const second = await verify(token);
    expect(calls.keys).toBe(1);
    expect(second).toEqual(first);
  });

  it('refuses a remembered token once it expires, for the verifier’s own reason', async () => {
    const { verify, clock, calls } = countingVerifier();
    const token = await validToken(key, { ...goodClaims(), exp: seconds(clock.now) + 60 });
    await verify(token);
    clock.now += 60_000 + auth.clockToleranceSeconds * 1000 - 1000;
    expect(await verify(token)).toMatchObject({ sub: 'attacker' }); // still inside the tolerance
    expect(calls.keys).toBe(1);
    clock.now += 2000;
    expect(await reasonOf(verify(token))).toBe('ERR_JWT_EXPIRED');
  });

  it('re-checks nbf on every use, so a clock stepping back cannot use a token before its time', async () => {
    const { verify, clock } = countingVerifier();
    const token = await validToken(key, { ...goodClaims(), nbf: seconds(clock.now) });
    await verify(token);
    clock.now -= 60_000;
    expect(await reasonOf(verify(token))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('never remembers a refusal: a bad signature is checked, and refused, every time', async () => {
    const { verify, calls } = countingVerifier();
    const good = await validToken(key);
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const tampered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await reasonOf(verify(tampered))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(await reasonOf(verify(tampered))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(calls.keys).toBe(2);
  });

  it('forgets the oldest token when full, and every token after the key cache’s hour', async () => {
    const { verify, clock, calls } = countingVerifier(2);
    const tokens = await Promise.all(
      ['a', 'b', 'c'].map((sub) => validToken(key, { ...goodClaims(), sub, exp: seconds(clock.now) + 7200 })),
    );
    for (const token of tokens) await verify(token as string);
    await verify(tokens[2] as string); // remembered
    expect(calls.keys).toBe(3);
    await verify(tokens[0] as string); // forgotten: the oldest of three with room for two
    expect(calls.keys).toBe(4);
    clock.now += 3_600_000;
    await verify(tokens[0] as string); // still valid for an hour, but remembered for at most one
    expect(calls.keys).toBe(5);
  });

  it('never answers one token with another’s claims, even when they differ in one character', () => {
    const tokens = createVerifiedTokens({ maxEntries: 10, maxAgeMs: 60_000, clockToleranceSeconds: 0, now: Date.now });
    const tail = 'x'.repeat(40);
    const exp = seconds(Date.now()) + 60;
    tokens.remember(`a.${tail}`, { sub: 'a', exp });
    expect(tokens.get(`b.${tail}`)).toBeUndefined();
    expect(tokens.get(`a.${tail}`)).toMatchObject({ sub: 'a' });
    tokens.remember(`b.${tail}`, { sub: 'b', exp });
    expect(tokens.get(`b.${tail}`)).toMatchObject({ sub: 'b' });
    expect(tokens.get(`a.${tail}`)).toMatchObject({ sub: 'a' });
  });

  it('verifies every time with a cache size of 0', async () => {
    const { verify, calls } = countingVerifier(0);
    const token = await validToken(key);
    await verify(token);
    await verify(token);
    expect(calls.keys).toBe(2);
  });
});

describe('scopes', () => {
  it('strips the Cognito resource-server prefix when one is configured, and ignores other scopes', () => {
    const prefixed = loadConfig({
      AUTH_ISSUER: LOCAL_ISSUER,
      AUTH_CLIENT_IDS: LOCAL_CLIENT_ID,
      AUTH_SCOPE_PREFIX: 'users-api/',
    }).auth;
    const caller = toCaller(
      {
        iss: LOCAL_ISSUER,
        sub: 's',
        token_use: 'access',
        client_id: LOCAL_CLIENT_ID,
        scope: 'users-api/users:read other/users:admin users:write',
      },
      prefixed,
    );
    expect([...caller.scopes]).toEqual(['users:read']);
  });
});

describe('when the key source is down', () => {
  it('answers 503 with Retry-After, not 401: the caller did nothing wrong', async () => {
    // Arrange: a JWKS URL on a loopback port nothing listens on
    const port = await freePort();
    const down = loadConfig({
      AUTH_ISSUER: LOCAL_ISSUER,
      AUTH_CLIENT_IDS: LOCAL_CLIENT_ID,
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      VALIDATE_RESPONSES: 'true',
    });
    const api = createApi(memoryDependencies(down), { error: () => undefined });
    // Act
    const res = await api.handle({
      method: 'GET',
      path: '/users',
      headers: { authorization: `Bearer ${await validToken(key)}` },
      query: {},
      body: undefined,
      requestId: 'r1',
      gateway: { apiKeyId: 'k1' },
    });
    // Assert
    expect(res.statusCode).toBe(503);
    expect(res.headers['Retry-After']).toBe('1');
    expect(res.body).not.toMatch(LEAK_PATTERN);
  });
});

describe('security handlers from the spec', () => {
  const spec = (security: unknown, schemes: Record<string, unknown> = { userPool: { type: 'oauth2', flows: {} } }) =>
    ({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: { '/x': { get: { operationId: 'x', security, responses: {} } } },
      components: { securitySchemes: schemes },
    }) as never;

  it('refuses, at start-up, a spec listing one scheme with different scopes for one operation', () => {
    expect(() =>
      createSecurityHandlers(spec([{ userPool: ['a'] }, { userPool: ['b'] }]), auth, async () => ({})),
    ).toThrow(/GET \/x: scheme userPool is listed with different scopes/);
  });

  it('refuses, at start-up, a scheme type it has no handler for', () => {
    expect(() => createSecurityHandlers(spec([]), auth, async () => ({}))).not.toThrow();
    expect(() =>
      createSecurityHandlers(spec([], { basic: { type: 'http', scheme: 'basic' } }), auth, async () => ({})),
    ).toThrow(/security scheme basic \(http\) has no handler/);
  });

  it('logs why a token was refused, for operators only', async () => {
    const info = vi.fn();
    const api = createApi(
      memoryDependencies(loadConfig({})),
      { error: () => undefined, info },
      createTokenVerifier(auth, { keys: createLocalJWKSet(publicJwks(key)) }),
    );
    const expired = await validToken(key, { ...goodClaims(), exp: Math.floor(Date.now() / 1000) - 600 });
    const res = await api.handle({
      method: 'GET',
      path: '/users',
      headers: { authorization: `Bearer ${expired}` },
      query: {},
      body: undefined,
      requestId: 'r2',
      gateway: { apiKeyId: 'k1' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('EXPIRED');
    expect(info).toHaveBeenCalledWith('request not authorized', {
      requestId: 'r2',
      status: 401,
      reason: 'ERR_JWT_EXPIRED',
    });
  });
});

describe('the token verifier, before and around jose', () => {
  const rejectionOf = (verified: Promise<unknown>) =>
    verified.then(
      () => undefined,
      (error: unknown) => error,
    );

  it('refuses every token, naming why, when no issuer is configured or no key source is known', async () => {
    const token = await validToken(key);
    const noIssuer = await rejectionOf(createTokenVerifier(loadConfig({}).auth)(token));
    expect(noIssuer).toBeInstanceOf(TokenRejected);
    expect([(noIssuer as Error).name, (noIssuer as Error).message]).toEqual(['TokenRejected', 'no issuer configured']);
    const withoutKeys = { ...auth, jwksUrl: undefined };
    const noKeys = await rejectionOf(createTokenVerifier(withoutKeys)(token));
    expect([(noKeys as Error).name, (noKeys as Error).message]).toEqual(['TokenRejected', 'no issuer configured']);
  });

  it('refuses a token longer than the limit before parsing it, and parses one exactly at the limit', async () => {
    const verify = createTokenVerifier(auth, { keys: createLocalJWKSet(publicJwks(key)) });
    const tooLarge = await rejectionOf(verify('a'.repeat(auth.maxTokenBytes + 1)));
    expect((tooLarge as Error).message).toBe('token too large');
    const atLimit = await rejectionOf(verify('a'.repeat(auth.maxTokenBytes)));
    expect([(atLimit as Error).name, (atLimit as Error).message]).toEqual(['TokenRejected', 'ERR_JWS_INVALID']);
    expect((atLimit as Error).cause).toBeInstanceOf(Error);
  });

  it('answers 503 with the key source’s failure as the cause when the keys cannot be had', async () => {
    const failure = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const verify = createTokenVerifier(auth, {
      keys: async () => {
        throw failure;
      },
    });
    const error = await rejectionOf(verify(await validToken(key)));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).cause).toBe(failure);
  });
});
