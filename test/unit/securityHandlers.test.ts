// The security handlers built from a spec's schemes: who may call, with which scopes, and the 401/403/503 answered.
import type { Context, Document } from 'openapi-backend';
import { describe, expect, it } from 'vitest';
import { createSecurityHandlers, securityFailure } from '../../src/auth/securityHandlers.js';
import type { TokenVerifier } from '../../src/auth/tokenVerifier.js';
import { TokenRejected } from '../../src/auth/tokenVerifier.js';
import type { AuthConfig } from '../../src/config.js';
import {
  ForbiddenError,
  InsufficientScopeError,
  ServiceUnavailableError,
  UnauthorizedError,
} from '../../src/http/httpErrors.js';

const auth: AuthConfig = {
  issuer: 'https://issuer.example.com',
  jwksUrl: undefined,
  jwksTimeoutMs: 1500,
  clientIds: ['app-client'],
  algorithms: ['RS256'],
  clockToleranceSeconds: 5,
  maxTokenBytes: 512,
  scopePrefix: '',
};
const claims = (scope: string, sub = 'user-1') => ({
  iss: auth.issuer,
  sub,
  token_use: 'access',
  client_id: 'app-client',
  scope,
});
const schemes = {
  userPool: { type: 'oauth2', flows: {} },
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
};
const specWith = (security: unknown, securitySchemes: Record<string, unknown> = schemes, global?: unknown) =>
  ({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    ...(global === undefined ? {} : { security: global }),
    paths: { '/x': { get: { operationId: 'x', security, responses: {} } } },
    components: { securitySchemes },
  }) as unknown as Document;
const contextOf = (security?: unknown) => ({ operation: security === undefined ? {} : { security } }) as Context;

/** A verifier that knows one token per subject, behind the TokenVerifier port; counts what it was asked. */
function verifierFor(tokens: Record<string, Record<string, unknown> | Error>) {
  const asked: string[] = [];
  const verify: TokenVerifier = async (token) => {
    asked.push(token);
    const known = tokens[token];
    if (known === undefined) throw new TokenRejected('ERR_JWS_INVALID');
    if (known instanceof Error) throw known;
    return known;
  };
  return { verify, asked };
}

async function outcome(promise: Promise<unknown> | undefined): Promise<unknown> {
  try {
    return { resolved: await promise };
  } catch (error) {
    return error;
  }
}

describe('a bearer scheme', () => {
  const readers = [{ userPool: ['users:read'] }];

  it('answers the caller of a valid bearer token with the scopes the operation needs', async () => {
    const { verify, asked } = verifierFor({ good: claims('users:read users:write') });
    const { handlers } = createSecurityHandlers(specWith(readers), auth, verify);
    const result = await handlers.userPool?.(contextOf(readers), { headers: { authorization: 'bearer   good' } });
    expect(result).toEqual({
      subject: 'user-1',
      clientId: 'app-client',
      scopes: new Set(['users:read', 'users:write']),
    });
    expect(asked).toEqual(['good']);
  });

  it('refuses a token without a needed scope with 403, naming the missing scopes', async () => {
    const { verify } = verifierFor({ good: claims('users:read') });
    const { handlers } = createSecurityHandlers(specWith(readers), auth, verify);
    const writers = [{ userPool: ['users:read', 'users:write', 'users:admin'] }];
    const error = await outcome(handlers.userPool?.(contextOf(writers), { headers: { authorization: 'Bearer good' } }));
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect((error as InsufficientScopeError).missingScopes).toEqual(['users:write', 'users:admin']);
  });

  it('needs no scope when the operation names none for this scheme, or has no security', async () => {
    const { verify } = verifierFor({ good: claims('') });
    const { handlers } = createSecurityHandlers(specWith(readers), auth, verify);
    const request = { headers: { authorization: 'Bearer good' } };
    expect(await handlers.userPool?.(contextOf([{ apiKey: [] }]), request)).toMatchObject({ subject: 'user-1' });
    expect(await handlers.userPool?.(contextOf(), request)).toMatchObject({ subject: 'user-1' });
    expect(await handlers.userPool?.({} as Context, request)).toMatchObject({ subject: 'user-1' });
  });

  it('answers 401 without error="invalid_token" when no token is sent', async () => {
    const { verify, asked } = verifierFor({});
    const { handlers } = createSecurityHandlers(specWith(readers), auth, verify);
    for (const headers of [{}, { authorization: '' }]) {
      const error = await outcome(handlers.userPool?.(contextOf(readers), { headers }));
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as UnauthorizedError).headers['WWW-Authenticate']).toBe('Bearer realm="users-api"');
    }
    expect(asked).toEqual([]);
  });

  it('answers 401 invalid_token for another scheme, a refused token, or refused claims', async () => {
    const { verify, asked } = verifierFor({ idToken: { ...claims('users:read'), token_use: 'id' } });
    const { handlers } = createSecurityHandlers(specWith(readers), auth, verify);
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Bearer forged', 'Bearer idToken']) {
      const error = await outcome(handlers.userPool?.(contextOf(readers), { headers: { authorization } }));
      expect({ authorization, error }).toEqual({ authorization, error: expect.any(UnauthorizedError) });
      expect((error as UnauthorizedError).headers['WWW-Authenticate']).toBe(
        'Bearer realm="users-api", error="invalid_token"',
      );
    }
    expect(asked).toEqual(['forged', 'idToken']);
  });

  it('passes a token as long as the configured limit (plus the scheme) to the verifier, and refuses a longer one', async () => {
    const fits = 'a'.repeat(auth.maxTokenBytes + 16 - 'Bearer '.length);
    const { verify, asked } = verifierFor({ [fits]: claims('users:read') });
    const { handlers } = createSecurityHandlers(specWith(readers), auth, verify);
    const answer = (token: string) =>
      outcome(handlers.userPool?.(contextOf(readers), { headers: { authorization: `Bearer ${token}` } }));
    expect(await answer(fits)).toMatchObject({ resolved: { subject: 'user-1' } });
    expect(await answer(`${fits}a`)).toBeInstanceOf(UnauthorizedError);
    expect(asked).toEqual([fits]);
  });

  it('answers 503 when the key source is down, not 401: the caller did nothing wrong', async () => {
    const down = new ServiceUnavailableError(1);
    const { verify } = verifierFor({ token: down });
    const { handlers } = createSecurityHandlers(specWith(readers), auth, verify);
    expect(await outcome(handlers.userPool?.(contextOf(readers), { headers: { authorization: 'Bearer token' } }))).toBe(
      down,
    );
  });

  it('takes claims API Gateway verified over any header, and refuses them with 401 invalid_token if they fail', async () => {
    const { verify, asked } = verifierFor({});
    const { handlers } = createSecurityHandlers(specWith(readers), auth, verify);
    const gateway = { claims: claims('users:read', 'from-gateway') };
    const caller = await handlers.userPool?.(contextOf(readers), {
      headers: { authorization: 'Bearer ignored' },
      gateway,
    });
    expect(caller).toMatchObject({ subject: 'from-gateway' });
    const refused = await outcome(
      handlers.userPool?.(contextOf(readers), { headers: {}, gateway: { claims: { ...gateway.claims, sub: '' } } }),
    );
    expect(refused).toBeInstanceOf(UnauthorizedError);
    expect((refused as UnauthorizedError).headers['WWW-Authenticate']).toContain('error="invalid_token"');
    expect(asked).toEqual([]);
  });

  it('falls back to the Authorization header when the gateway verified only an API key', async () => {
    const { verify } = verifierFor({ good: claims('users:read') });
    const { handlers } = createSecurityHandlers(specWith(readers), auth, verify);
    const request = { headers: { authorization: 'Bearer good' }, gateway: { apiKeyId: 'k1' } };
    expect(await handlers.userPool?.(contextOf(readers), request)).toMatchObject({ subject: 'user-1' });
  });
});

describe('the API key scheme', () => {
  it('accepts only a key API Gateway validated, never a raw x-api-key header', async () => {
    const { handlers } = createSecurityHandlers(specWith([{ apiKey: [] }]), auth, verifierFor({}).verify);
    expect(await handlers.apiKey?.(contextOf(), { headers: {}, gateway: { apiKeyId: 'k1' } })).toEqual({
      apiKeyId: 'k1',
    });
    for (const request of [
      { headers: { 'x-api-key': 'k1' } },
      { headers: {}, gateway: {} },
      { headers: {}, gateway: { apiKeyId: '' } },
    ]) {
      const error = await outcome(handlers.apiKey?.(contextOf(), request));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).detail).toBe('A valid API key is required.');
    }
  });
});

describe('building the handlers from the spec', () => {
  it('gives oauth2, openIdConnect and http bearer schemes the bearer check, and apiKey the gateway key check', async () => {
    const { verify } = verifierFor({ good: claims('users:read') });
    const { handlers } = createSecurityHandlers(
      specWith([], {
        pool: { type: 'oauth2', flows: {} },
        oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://issuer.example.com' },
        jwt: { type: 'http', scheme: 'Bearer' },
        key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      }),
      auth,
      verify,
    );
    expect(Object.keys(handlers)).toEqual(['pool', 'oidc', 'jwt', 'key']);
    const bearerRequest = { headers: { authorization: 'Bearer good' } };
    for (const name of ['pool', 'oidc', 'jwt']) {
      expect(await handlers[name]?.(contextOf(), bearerRequest)).toMatchObject({ subject: 'user-1' });
    }
    expect(await outcome(handlers.key?.(contextOf(), bearerRequest))).toBeInstanceOf(ForbiddenError);
  });

  it('refuses, at start-up, a scheme it has no handler for', () => {
    const verify = verifierFor({}).verify;
    expect(() =>
      createSecurityHandlers(specWith([], { basic: { type: 'http', scheme: 'basic' } }), auth, verify),
    ).toThrow('security scheme basic (http) has no handler');
    expect(() => createSecurityHandlers(specWith([], { bare: { type: 'http' } }), auth, verify)).toThrow(
      'security scheme bare (http) has no handler',
    );
    expect(() =>
      createSecurityHandlers(specWith([], { tls: { type: 'mutualTLS', scheme: 'bearer' } }), auth, verify),
    ).toThrow('security scheme tls (mutualTLS) has no handler');
  });

  it('refuses, at start-up, one scheme listed with different scopes, in the operation or the global security', () => {
    const verify = verifierFor({}).verify;
    expect(() =>
      createSecurityHandlers(specWith([{ userPool: ['a', 'b'] }, { userPool: ['b', 'a'], apiKey: [] }]), auth, verify),
    ).not.toThrow();
    expect(() =>
      createSecurityHandlers(specWith([{ userPool: ['a'] }, { apiKey: [], userPool: ['b'] }]), auth, verify),
    ).toThrow('GET /x: scheme userPool is listed with different scopes');
    expect(() =>
      createSecurityHandlers(specWith([{ userPool: ['ab'] }, { userPool: ['a', 'b'] }]), auth, verify),
    ).toThrow('GET /x: scheme userPool is listed with different scopes');
    expect(() =>
      createSecurityHandlers(specWith(undefined, schemes, [{ userPool: ['a'] }, { userPool: [] }]), auth, verify),
    ).toThrow('GET /x: scheme userPool is listed with different scopes');
  });
});

describe('securityFailure', () => {
  it('answers an outage first, then 401, then whatever failed, and 401 when nothing says why', () => {
    const down = new ServiceUnavailableError(1);
    const unauthorized = new UnauthorizedError();
    const forbidden = new ForbiddenError('A valid API key is required.');
    expect(securityFailure({ a: { error: unauthorized }, b: { error: down } })).toBe(down);
    expect(securityFailure({ a: { error: forbidden }, b: { error: unauthorized } })).toBe(unauthorized);
    expect(
      securityFailure({ a: null, b: 'no', c: { error: new Error('not an answer') }, d: { error: forbidden } }),
    ).toBe(forbidden);
    for (const results of [undefined, {}, { a: false }, { a: null }, { a: undefined }]) {
      expect(securityFailure(results)).toBeInstanceOf(UnauthorizedError);
    }
  });
});

describe('callerOf', () => {
  const { callerOf } = createSecurityHandlers(
    specWith([], { pool: { type: 'oauth2', flows: {} }, jwt: { type: 'http', scheme: 'bearer' }, key: schemes.apiKey }),
    auth,
    verifierFor({}).verify,
  );
  const alice = { subject: 'alice', clientId: 'app-client', scopes: new Set(['users:read']) };

  it('answers the caller a bearer scheme authenticated, never what another scheme returned', () => {
    expect(callerOf({ key: { apiKeyId: 'k1' }, pool: alice, authorized: true })).toBe(alice);
    expect(callerOf({ pool: { error: new UnauthorizedError() }, jwt: alice })).toBe(alice);
    expect(callerOf({ key: { apiKeyId: 'k1' } })).toBeUndefined();
    expect(callerOf({ pool: { error: new UnauthorizedError() }, key: { apiKeyId: 'k1' } })).toBeUndefined();
    expect(callerOf({})).toBeUndefined();
  });
});
