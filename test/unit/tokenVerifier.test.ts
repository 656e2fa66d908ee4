// Each forged token is stopped by the check meant for it (jose's error code or the claim check), not by accident.
import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClaimsRejected, toPrincipal } from '../../src/auth/accessClaims.js';
import { createTokenVerifier, TokenRejected } from '../../src/auth/tokenVerifier.js';
import { loadConfig } from '../../src/config.js';
import {
  createSigningKey,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  publicJwks,
  type SigningKey,
} from '../../src/local/devAuth.js';
import { type ForgedToken, forgedTokens, validToken } from '../helpers/forgedTokens.js';

const { auth } = loadConfig({ AUTH_ISSUER: LOCAL_ISSUER, AUTH_CLIENT_IDS: LOCAL_CLIENT_ID });
let key: SigningKey;
let cases: ForgedToken[];
beforeAll(async () => {
  key = await createSigningKey();
  cases = forgedTokens(key, await createSigningKey());
});

/** The reason a token is refused: TokenRejected carries jose's error code, ClaimsRejected the claim that failed. */
async function rejection(token: string): Promise<string> {
  const verify = createTokenVerifier(auth, createLocalJWKSet(publicJwks(key)));
  try {
    toPrincipal(await verify(token), auth);
  } catch (error) {
    if (error instanceof TokenRejected || error instanceof ClaimsRejected) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('the token verifier', () => {
  it('accepts a valid access token and reads its scopes', async () => {
    const verify = createTokenVerifier(auth, createLocalJWKSet(publicJwks(key)));
    const principal = toPrincipal(await verify(await validToken(key)), auth);
    expect(principal).toEqual({
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
    const verify = createTokenVerifier(loadConfig({}).auth, createLocalJWKSet(publicJwks(key)));
    await expect(verify(await validToken(key))).rejects.toThrow(TokenRejected);
  });
});

describe('scopes', () => {
  it('strips the Cognito resource-server prefix when one is configured, and ignores other scopes', () => {
    const prefixed = loadConfig({
      AUTH_ISSUER: LOCAL_ISSUER,
      AUTH_CLIENT_IDS: LOCAL_CLIENT_ID,
      AUTH_SCOPE_PREFIX: 'users-api/',
    }).auth;
    const principal = toPrincipal(
      {
        iss: LOCAL_ISSUER,
        sub: 's',
        token_use: 'access',
        client_id: LOCAL_CLIENT_ID,
        scope: 'users-api/users:read other/users:admin users:write',
      },
      prefixed,
    );
    expect([...principal.scopes]).toEqual(['users:read']);
  });
});
