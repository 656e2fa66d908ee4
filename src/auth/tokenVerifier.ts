// Verifies a bearer JWT with jose: signature from the issuer's JWKS, allowed algorithms, issuer, time claims, size.
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { AuthConfig } from '../config.js';
import { ServiceUnavailableError } from '../http/errors.js';
import { type Claims, ClaimsRejected } from './accessClaims.js';

export type TokenVerifier = (token: string) => Promise<Claims>;

/** The token is not acceptable; the reason is for logs and tests, never for the client. */
export class TokenRejected extends Error {
  override name = 'TokenRejected';
}

/**
 * Errors that say something about the token (unknown kid, unsupported key or header) reject it; anything else
 * from the key source (timeout, network, a broken JWKS document) is our outage, not the caller's fault.
 */
const isTokenProblem = (error: unknown) =>
  error instanceof errors.JWKSNoMatchingKey ||
  error instanceof errors.JWKSMultipleMatchingKeys ||
  error instanceof errors.JOSENotSupported ||
  error instanceof errors.JOSEAlgNotAllowed;

/**
 * Built once per container. The remote JWKS is fetched on first use and kept for an hour (Cognito rotates keys
 * rarely); a token with an unknown kid makes jose refetch it, at most every 30 s, so a flood of bogus kids cannot
 * turn into a flood of fetches.
 */
export function createTokenVerifier(auth: AuthConfig, keys?: JWTVerifyGetKey): TokenVerifier {
  const { issuer, jwksUrl } = auth;
  const source =
    keys ??
    (jwksUrl === undefined
      ? undefined
      : createRemoteJWKSet(new URL(jwksUrl), {
          timeoutDuration: 3000,
          cooldownDuration: 30_000,
          cacheMaxAge: 3_600_000,
        }));
  const getKey: JWTVerifyGetKey | undefined =
    source &&
    (async (header, token) => {
      try {
        return await source(header, token);
      } catch (error) {
        if (isTokenProblem(error)) throw error;
        throw new ServiceUnavailableError(1, { cause: error });
      }
    });

  return async (token) => {
    if (issuer === undefined || getKey === undefined) throw new TokenRejected('no issuer configured');
    if (Buffer.byteLength(token, 'utf8') > auth.maxTokenBytes) throw new TokenRejected('token too large');
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms: [...auth.algorithms],
        issuer,
        clockTolerance: auth.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (error) {
      if (error instanceof ServiceUnavailableError || error instanceof ClaimsRejected) throw error;
      throw new TokenRejected(error instanceof errors.JOSEError ? error.code : 'malformed', { cause: error });
    }
  };
}
