// The claim checks every accepted access token passes, whether jose verified it here or API Gateway's authorizer did.
import type { AuthConfig } from '../config.js';

export type Claims = Readonly<Record<string, unknown>>;

/** Who is calling and what the token lets them do. */
export interface Caller {
  readonly subject: string;
  readonly clientId: string | undefined;
  readonly scopes: ReadonlySet<string>;
}

export class ClaimsRejected extends Error {
  override name = 'ClaimsRejected';
}

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];

/** Cognito puts scopes in `scope` as one space-separated string; some issuers use an array. */
function scopesOf(claims: Claims, prefix: string): Set<string> {
  const raw = strings(claims.scope)
    .flatMap((s) => s.split(' '))
    .filter((s) => s !== '');
  return new Set(raw.filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length)));
}

/**
 * Throws ClaimsRejected unless the claims are those of an access token for one of our app clients.
 * Cognito access tokens carry the app client in `client_id` and have no `aud`; other issuers use `aud`.
 */
export function toCaller(claims: Claims, auth: AuthConfig): Caller {
  if (claims.token_use !== 'access') throw new ClaimsRejected('not an access token');
  if (auth.issuer !== undefined && claims.iss !== auth.issuer) throw new ClaimsRejected('issuer');
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : undefined;
  const clients = [...(clientId === undefined ? [] : [clientId]), ...strings(claims.aud)];
  if (auth.clientIds.length > 0 && !clients.some((c) => auth.clientIds.includes(c))) {
    throw new ClaimsRejected('client');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new ClaimsRejected('subject');
  return { subject: claims.sub, clientId, scopes: scopesOf(claims, auth.scopePrefix) };
}
