// The document's Cognito user-pool authorizer, with the dev JWKS as the pool.
// It checks signature, expiry, issuer, app client, token use and the method's authorization scopes; the claims land
// where AWS puts them for the Lambda. A token's signature is verified once and remembered until its `exp`.
import { createLocalJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import type { OpenApiDocument, Operation } from '../../apiGateway/apiGatewaySpec.js';
import { createVerifiedTokens } from '../../src/auth/verifiedTokens.js';

export interface LocalUserPool {
  readonly arn: string;
  readonly issuer: string;
  readonly clientIds: readonly string[];
  readonly jwks: JSONWebKeySet;
}

export interface CognitoAuthorizerOptions {
  /** The clock for expiry, of verified and of remembered tokens alike (tests move it). */
  readonly now?: () => number;
}

/** What the authorizer decided: no authorizer on the method, the claims it verified, or a refusal (401). */
export type AuthorizerDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'allowed'; readonly claims: Record<string, string> }
  | { readonly kind: 'refused'; readonly message: string };

type Scheme = { 'x-amazon-apigateway-authorizer'?: { type?: string; providerARNs?: string[] } };

const MAX_HEADERS_BYTES = 10_240;
/** Enough for every client of a local run; the gateway's JWKS never changes while it runs, so an hour is only a cap. */
const REMEMBERED_TOKENS = 1000;
const REMEMBERED_FOR_MS = 3_600_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');

/** REST authorizers pass every claim as a string, time claims as Java's Date#toString in UTC (`Tue Dec 01 10:00:00 UTC 2026`). */
function claimString(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && (name === 'exp' || name === 'iat' || name === 'auth_time')) {
    const d = new Date(value * 1000);
    const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
    return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const claimsOf = (payload: JWTPayload) =>
  Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, claimString(name, value)]));

/** Cognito's authorizer takes the token as the header's value, with or without the `Bearer ` scheme. */
const tokenOf = (header: string) => (/^bearer /i.test(header) ? header.slice(7).trim() : header.trim());

export function createCognitoAuthorizer(
  document: OpenApiDocument,
  pool: LocalUserPool,
  { now = Date.now }: CognitoAuthorizerOptions = {},
) {
  const schemes = (document.components?.securitySchemes ?? {}) as Record<string, Scheme>;
  const keys = createLocalJWKSet(pool.jwks);
  // Only what jose checks for every request alike (signature, issuer, algorithm, exp) is remembered; the method's
  // scopes and the app client are checked below on every request. No tolerance: jose here applies none either.
  const verified = createVerifiedTokens({
    maxEntries: REMEMBERED_TOKENS,
    maxAgeMs: REMEMBERED_FOR_MS,
    clockToleranceSeconds: 0,
    now,
  });

  /** The token's payload once jose has verified it; a token seen before and not yet expired is not verified again. */
  async function verify(token: string): Promise<JWTPayload> {
    const remembered = verified.get(token);
    if (remembered !== undefined) return remembered;
    const { payload } = await jwtVerify(token, keys, {
      issuer: pool.issuer,
      algorithms: ['RS256'],
      requiredClaims: ['exp'],
      currentDate: new Date(now()),
    });
    return verified.remember(token, payload);
  }
  const unauthorized = (message = 'Unauthorized'): AuthorizerDecision => ({ kind: 'refused', message });

  /** The Cognito scheme and scopes the method requires, read from its security in the document. */
  function requirementOf(operation: Operation): { providers: string[]; scopes: string[] } | undefined {
    for (const requirement of operation.security ?? []) {
      for (const [name, scopes] of Object.entries(requirement)) {
        const authorizer = schemes[name]?.['x-amazon-apigateway-authorizer'];
        if (authorizer?.type === 'cognito_user_pools') return { providers: authorizer.providerARNs ?? [], scopes };
      }
    }
    return undefined;
  }

  return async (operation: Operation, authorization: string | undefined): Promise<AuthorizerDecision> => {
    const requirement = requirementOf(operation);
    if (requirement === undefined) return { kind: 'none' };
    if (authorization === undefined || authorization.trim() === '') return unauthorized();
    if (!requirement.providers.includes(pool.arn)) return unauthorized();
    // API Gateway takes at most 10 KB of headers in all: a longer token never reaches its authorizer.
    if (authorization.length > MAX_HEADERS_BYTES) return unauthorized();
    let payload: JWTPayload;
    try {
      payload = await verify(tokenOf(authorization));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return unauthorized(expired ? 'The incoming token has expired' : 'Unauthorized');
    }
    // With authorization scopes the method takes access tokens only, and one listed scope is enough.
    if (requirement.scopes.length > 0) {
      if (payload.token_use !== 'access') return unauthorized();
      const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!requirement.scopes.some((scope) => granted.includes(scope))) return unauthorized();
    }
    const client = payload.token_use === 'access' ? payload.client_id : payload.aud;
    if (typeof client !== 'string' || !pool.clientIds.includes(client)) return unauthorized();
    return { kind: 'allowed', claims: claimsOf(payload) };
  };
}
