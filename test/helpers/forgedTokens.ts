// Tokens an attacker might send, each spoiling one property of a valid local access token, with the check that stops it.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { exportSPKI, importJWK, type JWTPayload, SignJWT } from 'jose';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, type SigningKey } from '../../local/devAuth.js';
import { allScopes } from './specFacts.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Claims of a valid local access token with every scope. */
export function goodClaims(): JWTPayload {
  return {
    iss: LOCAL_ISSUER,
    sub: 'attacker',
    client_id: LOCAL_CLIENT_ID,
    token_use: 'access',
    scope: allScopes.join(' '),
    iat: now(),
    exp: now() + 600,
  };
}

export interface ForgedToken {
  name: string;
  /** The whole Authorization header value; '' means none is sent. */
  authorization: () => Promise<string>;
  /** Why the verifier (jose error code) or the claim check rejects it; undefined when the header never parses. */
  reason?: string;
}

export function forgedTokens(key: SigningKey, otherKey: SigningKey): ForgedToken[] {
  const sign = async (
    claims: JWTPayload,
    options: { with?: SigningKey; header?: Record<string, unknown>; crit?: Record<string, boolean>; alg?: string } = {},
  ) => {
    const alg = options.alg ?? 'RS256';
    return new SignJWT(claims)
      .setProtectedHeader({ alg, kid: key.kid, ...options.header })
      .sign(await importJWK((options.with ?? key).privateJwk, alg), options.crit && { crit: options.crit });
  };
  const bearer = async (token: Promise<string> | string) => `Bearer ${await token}`;
  const { client_id: _clientId, scope: _scope, ...withoutClient } = goodClaims();

  return [
    { name: 'no Authorization header', authorization: async () => '' },
    {
      name: 'alg none',
      authorization: async () => bearer(`${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(goodClaims())}.`),
      reason: 'ERR_JOSE_ALG_NOT_ALLOWED',
    },
    {
      name: 'HS256 signed with the public key (key confusion)',
      authorization: async () => {
        const publicPem = await exportSPKI(
          createPublicKey(createPrivateKey({ key: key.privateJwk as never, format: 'jwk' })) as never,
        );
        return bearer(
          new SignJWT(goodClaims())
            .setProtectedHeader({ alg: 'HS256', kid: key.kid })
            .sign(new TextEncoder().encode(publicPem)),
        );
      },
      reason: 'ERR_JOSE_ALG_NOT_ALLOWED',
    },
    {
      name: 'wrong signature (another key, same kid)',
      authorization: () => bearer(sign(goodClaims(), { with: otherKey })),
      reason: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    },
    {
      name: 'payload swapped under a valid signature',
      authorization: async () => {
        const [header, , signature] = (await sign(goodClaims())).split('.');
        return bearer(`${header}.${b64url({ ...goodClaims(), sub: 'someone-else' })}.${signature}`);
      },
      reason: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    },
    {
      name: 'expired',
      authorization: () => bearer(sign({ ...goodClaims(), exp: now() - 120 })),
      reason: 'ERR_JWT_EXPIRED',
    },
    {
      name: 'nbf in the future',
      authorization: () => bearer(sign({ ...goodClaims(), nbf: now() + 120 })),
      reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    },
    {
      name: 'no exp',
      authorization: () => bearer(sign({ ...goodClaims(), exp: undefined })),
      reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    },
    {
      name: 'wrong issuer',
      authorization: () => bearer(sign({ ...goodClaims(), iss: 'https://evil.example.com' })),
      reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    },
    {
      name: 'wrong app client',
      authorization: () => bearer(sign({ ...goodClaims(), client_id: 'someone-elses-client' })),
      reason: 'client',
    },
    {
      name: 'wrong audience (no client_id)',
      authorization: () => bearer(sign({ ...withoutClient, aud: 'another-api' })),
      reason: 'client',
    },
    {
      name: 'ID token where an access token is required',
      authorization: () => bearer(sign({ ...withoutClient, token_use: 'id', aud: LOCAL_CLIENT_ID })),
      reason: 'not an access token',
    },
    {
      name: 'no token_use',
      authorization: () => bearer(sign({ ...goodClaims(), token_use: undefined })),
      reason: 'not an access token',
    },
    {
      name: 'unknown kid',
      authorization: () => bearer(sign(goodClaims(), { header: { kid: 'not-a-known-kid' } })),
      reason: 'ERR_JWKS_NO_MATCHING_KEY',
    },
    { name: 'malformed token', authorization: async () => 'Bearer not.a.jwt', reason: 'ERR_JWS_INVALID' },
    { name: 'garbage', authorization: async () => 'Bearer %%%', reason: 'ERR_JWS_INVALID' },
    {
      name: 'oversized token (validly signed)',
      authorization: () => bearer(sign({ ...goodClaims(), padding: 'x'.repeat(10_000) })),
      reason: 'token too large',
    },
    { name: 'missing Bearer prefix', authorization: () => sign(goodClaims()) },
    { name: 'Basic scheme', authorization: async () => `Basic ${Buffer.from('admin:admin').toString('base64')}` },
    { name: 'empty Bearer', authorization: async () => 'Bearer ' },
    { name: 'Bearer with only spaces', authorization: async () => 'Bearer    ' },
    {
      name: 'valid token with a space inside',
      authorization: async () => {
        const token = await sign(goodClaims());
        return `Bearer ${token.slice(0, 40)} ${token.slice(40)}`;
      },
      // The header still decodes, but the signed input is no longer the one signed.
      reason: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    },
    {
      name: 'valid token with a tab inside',
      authorization: async () => {
        const token = await sign(goodClaims());
        return `Bearer ${token.slice(0, 40)}\t${token.slice(40)}`;
      },
      reason: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    },
    {
      name: 'crit header with an unknown extension',
      authorization: () =>
        bearer(
          sign(goodClaims(), {
            header: { crit: ['x-must-understand'], 'x-must-understand': true },
            crit: { 'x-must-understand': true },
          }),
        ),
      reason: 'ERR_JOSE_NOT_SUPPORTED',
    },
    {
      name: 'algorithm outside the allow-list (RS512)',
      authorization: () => bearer(sign(goodClaims(), { alg: 'RS512' })),
      reason: 'ERR_JOSE_ALG_NOT_ALLOWED',
    },
  ];
}

/** A valid token signed with `key`, for control cases. */
export async function validToken(key: SigningKey, claims: JWTPayload = goodClaims()): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .sign(await importJWK(key.privateJwk, 'RS256'));
}
