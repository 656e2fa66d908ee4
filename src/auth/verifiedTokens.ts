// The bearer tokens this container has already verified, so a client's repeated token is checked once.
// An RS256 verification costs more than the rest of a GET.
//
// Written here rather than taken from lru-cache: an entry's life is the token's own `exp`/`nbf` window, re-checked
// on every hit with the clock tolerance jose applies, capped by a maximum age; the store is a bounded Map evicting
// its oldest entry. That is a dozen lines, and keeps another package out of the cold start.
import type { Claims } from './accessClaims.js';

export interface VerifiedTokensOptions {
  /** At most this many tokens are kept; the oldest is forgotten first. */
  readonly maxEntries: number;
  /** An entry is dropped after this long even if the token is still valid (a removed signing key takes effect). */
  readonly maxAgeMs: number;
  readonly clockToleranceSeconds: number;
  readonly now: () => number;
}

interface Entry {
  readonly claims: Claims;
  /** Epoch ms; the token is used from the cache only inside [validFrom, validUntil). */
  readonly validFrom: number;
  readonly validUntil: number;
}

export interface VerifiedTokens {
  /** The claims of a token verified before and still inside its time window, else undefined. */
  get(token: string): Claims | undefined;
  /** Only ever called with a token that has just passed full verification; answers the (frozen) claims kept. */
  remember(token: string, claims: Claims): Claims;
}

const seconds = (claims: Claims, name: 'exp' | 'nbf') =>
  typeof claims[name] === 'number' ? (claims[name] as number) * 1000 : undefined;

export function createVerifiedTokens({
  maxEntries,
  maxAgeMs,
  clockToleranceSeconds,
  now,
}: VerifiedTokensOptions): VerifiedTokens {
  const entries = new Map<string, Entry>();
  const tolerance = clockToleranceSeconds * 1000;
  return {
    get(token) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      const at = now();
      if (at >= entry.validFrom && at < entry.validUntil) return entry.claims;
      entries.delete(token); // verified afresh, so the caller gets the verifier's own reason for refusing it
      return undefined;
    },
    remember(token, verified) {
      // Frozen: the same object is handed to every request presenting this token.
      const claims = Object.freeze({ ...verified });
      const exp = seconds(claims, 'exp');
      // A token without exp is never remembered (this API requires exp anyway).
      if (maxEntries <= 0 || exp === undefined) return claims;
      const at = now();
      const nbf = seconds(claims, 'nbf');
      entries.delete(token);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, {
        claims,
        validFrom: nbf === undefined ? Number.NEGATIVE_INFINITY : nbf - tolerance,
        validUntil: Math.min(exp + tolerance, at + maxAgeMs),
      });
      return claims;
    },
  };
}
