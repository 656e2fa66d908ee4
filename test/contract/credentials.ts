// Turns the configured token/API key into what an operation's `security` asks for, and makes wrong variants of it.
import type { RequestInput } from './exchange.js';
import type { Operation, SecurityAlternative, SecurityScheme } from './spec.js';

export interface Credentials {
  /** For http bearer, oauth2 and openIdConnect schemes. */
  token?: string;
  /** For apiKey schemes. */
  apiKey?: string;
}

/** Gets a valid token carrying exactly these scopes (for example by running `npm run token -- --scope …`). */
export type TokenForScopes = (scopes: string[]) => Promise<string>;

/**
 * For each security alternative that names scopes: the scopes a token must lack to be refused with 403
 * (every other scope the scheme knows; none when it knows no others).
 */
export function insufficientScopes(operation: Operation): { label: string; scopes: string[] }[] {
  const out: { label: string; scopes: string[] }[] = [];
  for (const alternative of operation.security) {
    for (const { scheme, definition, scopes } of alternative) {
      if (scopes.length === 0) continue;
      const known = new Set(Object.values(definition.flows ?? {}).flatMap((flow) => Object.keys(flow.scopes ?? {})));
      const others = [...known].filter((s) => !scopes.includes(s));
      out.push({ label: `a ${scheme} token without ${scopes.join(' ')}`, scopes: others });
    }
  }
  return out;
}

type Placement = { in: 'header' | 'query'; name: string; value: string };

/** Where a scheme's credential goes and what it is, or undefined when none is configured or the scheme is unknown. */
function place(definition: SecurityScheme, credentials: Credentials): Placement | undefined {
  if (definition.type === 'apiKey') {
    if (credentials.apiKey === undefined || (definition.in !== 'header' && definition.in !== 'query')) return undefined;
    return { in: definition.in, name: definition.name ?? '', value: credentials.apiKey };
  }
  const bearer =
    (definition.type === 'http' && definition.scheme?.toLowerCase() === 'bearer') ||
    definition.type === 'oauth2' ||
    definition.type === 'openIdConnect';
  if (!bearer || credentials.token === undefined) return undefined;
  return { in: 'header', name: 'authorization', value: `Bearer ${credentials.token}` };
}

function put(input: RequestInput, placement: Placement): void {
  if (placement.in === 'header') input.headers[placement.name.toLowerCase()] = placement.value;
  else input.query[placement.name] = placement.value;
}

/** The first security alternative the configured credentials satisfy. */
export function satisfiable(operation: Operation, credentials: Credentials): SecurityAlternative | undefined {
  return operation.security.find((alternative) => alternative.every((s) => place(s.definition, credentials)));
}

/**
 * Adds credentials to a request. Returns what is missing (scheme names) when the operation needs credentials
 * that are not configured; an empty list when it is public or satisfied.
 */
export function authenticate(operation: Operation, credentials: Credentials, input: RequestInput): string[] {
  if (operation.security.length === 0) return [];
  const alternative = satisfiable(operation, credentials);
  if (alternative === undefined) return operation.security.map((a) => a.map((s) => s.scheme).join('+'));
  for (const s of alternative) put(input, place(s.definition, credentials) as Placement);
  return [];
}

export interface AuthVariant {
  label: string;
  credentials: Credentials;
}

/** A token signed with "none" that claims every scope the operation's schemes know: accepting it skips the signature. */
function unsignedToken(operation: Operation): string {
  const scopes = new Set(
    operation.security.flatMap((alternative) =>
      alternative.flatMap(({ definition }) =>
        Object.values(definition.flows ?? {}).flatMap((flow) => Object.keys(flow.scopes ?? {})),
      ),
    ),
  );
  const claims = { sub: 'contract-test', scope: [...scopes].join(' '), exp: 4102444800 };
  return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
}

/**
 * Requests that must be refused with 401/403: none, garbage, an unsigned token, and (when an alternative needs
 * several schemes) each scheme's credential alone.
 */
export function badCredentials(operation: Operation, credentials: Credentials): AuthVariant[] {
  const variants: AuthVariant[] = [
    { label: 'no credentials', credentials: {} },
    { label: 'malformed credentials', credentials: { token: 'not-a-token', apiKey: 'not-an-api-key' } },
    { label: 'unsigned token (alg none)', credentials: { token: unsignedToken(operation) } },
  ];
  if (credentials.token !== undefined) {
    // Keep the real API key only where it cannot open the operation by itself.
    const keyAlone = credentials.apiKey !== undefined && satisfiable(operation, { apiKey: credentials.apiKey });
    variants.push({
      label: 'tampered token',
      credentials: { token: `${credentials.token}x`, ...(keyAlone ? {} : { apiKey: credentials.apiKey }) },
    });
  }
  // Each configured credential alone must not open an operation that needs both.
  for (const only of ['token', 'apiKey'] as const) {
    const partial: Credentials = { [only]: credentials[only] };
    if (credentials[only] !== undefined && satisfiable(operation, partial) === undefined) {
      variants.push({ label: `only the ${only === 'token' ? 'token' : 'API key'}`, credentials: partial });
    }
  }
  return variants;
}
