// Verifies a bearer JWT with jose: signature from the issuer's JWKS, allowed algorithms, issuer, time claims, size.
// jose is loaded by the first token to verify: behind API Gateway's authorizer a cold start never needs it.
import type { JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config.js';
import { ServiceUnavailableError } from '../http/httpErrors.js';
import { type Claims, ClaimsRejected } from './accessClaims.js';
import { createVerifiedTokens } from './verifiedTokens.js';

/** Resolves to the token's claims, from memory for a token verified before and still in its time window. */
export type TokenVerifier = (token: string) => Promise<Claims>;

/** The token is not acceptable; the reason is for logs and tests, never for the client. */
export class TokenRejected extends Error {
  override name = 'TokenRejected';
}

export interface TokenVerifierOptions {
  /** The signing keys; by default the remote JWKS at `auth.jwksUrl`. */
  readonly keys?: JWTVerifyGetKey;
  /** How many verified tokens to remember (0: verify every time). */
  readonly cacheSize?: number;
  readonly now?: () => number;
}

type Jose = typeof import('./jose.js');

/** How long signing keys, and the tokens verified with them, are trusted without asking the issuer again. */
const KEY_CACHE_MS = 3_600_000;

/**
 * Errors that say something about the token (unknown kid, unsupported key or header) reject it; anything else
 * from the key source (timeout, network, a broken JWKS document) is our outage, not the caller's fault.
 */
const isTokenProblem = ({ errors }: Jose, error: unknown) =>
  error instanceof errors.JWKSNoMatchingKey ||
  error instanceof errors.JWKSMultipleMatchingKeys ||
  error instanceof errors.JOSENotSupported ||
  error instanceof errors.JOSEAlgNotAllowed;

/**
 * The remote JWKS is fetched on first use and kept for an hour (Cognito rotates keys rarely); a token with an
 * unknown kid makes jose refetch it, at most every 30 s, so a flood of bogus kids cannot turn into a flood of fetches.
 */
function keySource(jose: Jose, auth: AuthConfig, keys: JWTVerifyGetKey | undefined): JWTVerifyGetKey | undefined {
  const source =
    keys ??
    (auth.jwksUrl === undefined
      ? undefined
      : jose.createRemoteJWKSet(new URL(auth.jwksUrl), {
          timeoutDuration: auth.jwksTimeoutMs,
          cooldownDuration: 30_000,
          cacheMaxAge: KEY_CACHE_MS,
        }));
  return (
    source &&
    (async (header, token) => {
      try {
        return await source(header, token);
      } catch (error) {
        if (isTokenProblem(jose, error)) throw error;
        throw new ServiceUnavailableError(1, { cause: error });
      }
    })
  );
}

/** Built once per container. */
export function createTokenVerifier(auth: AuthConfig, options: TokenVerifierOptions = {}): TokenVerifier {
  const { issuer } = auth;
  const now = options.now ?? Date.now;
  // A token is trusted from the cache no longer than its signing key would be from the key cache.
  const verified = createVerifiedTokens({
    maxEntries: options.cacheSize ?? 1000,
    maxAgeMs: KEY_CACHE_MS,
    clockToleranceSeconds: auth.clockToleranceSeconds,
    now,
  });
  let loaded: Promise<{ jose: Jose; getKey: JWTVerifyGetKey | undefined }> | undefined;
  const load = () =>
    (loaded ??= import('./jose.js').then((jose) => ({ jose, getKey: keySource(jose, auth, options.keys) })));

  async function verifyAfresh(token: string): Promise<Claims> {
    if (issuer === undefined) throw new TokenRejected('no issuer configured');
    if (Buffer.byteLength(token) > auth.maxTokenBytes) throw new TokenRejected('token too large');
    const { jose, getKey } = await load();
    if (getKey === undefined) throw new TokenRejected('no issuer configured');
    try {
      const { payload } = await jose.jwtVerify(token, getKey, {
        algorithms: [...auth.algorithms],
        issuer,
        clockTolerance: auth.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(now()),
      });
      return verified.remember(token, payload);
    } catch (error) {
      if (error instanceof ServiceUnavailableError || error instanceof ClaimsRejected) throw error;
      throw new TokenRejected(error instanceof jose.errors.JOSEError ? error.code : 'malformed', { cause: error });
    }
  }

  // Only a token that passed every check above is ever remembered.
  return async (token) => verified.get(token) ?? verifyAfresh(token);
}
