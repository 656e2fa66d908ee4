// openapi-backend security handlers derived from the spec's securitySchemes, and the 401/403 answer when one fails.
// The scopes an operation needs are read from its `security` in the spec: there is no hand-written table.
import type { Context, Document, Operation } from 'openapi-backend';
import { HTTP_METHODS, isBearerScheme, type SchemeKind } from '../../config/openapi.js';
import type { AuthConfig } from '../config.js';
import {
  ForbiddenError,
  HttpError,
  InsufficientScopeError,
  ServiceUnavailableError,
  UnauthorizedError,
} from '../http/httpErrors.js';
import { type Caller, type Claims, toCaller } from './accessClaims.js';
import type { TokenVerifier } from './tokenVerifier.js';

/** What API Gateway verified before the Lambda ran. Only ever filled from `requestContext`, never from a header. */
export interface GatewayIdentity {
  /** The id of the API key API Gateway validated (REST `requestContext.identity.apiKeyId`). */
  readonly apiKeyId?: string;
  /** Claims of a token API Gateway's Cognito/JWT authorizer verified. */
  readonly claims?: Claims;
}

export interface AuthRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly gateway?: GatewayIdentity;
}

/** Resolves to the scheme's result, or rejects when the request does not meet it. */
type SecurityHandler = (c: Pick<Context, 'operation'>, request: AuthRequest) => Promise<unknown>;
type Requirement = Record<string, string[]>;

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 9110 §11.1). */
const BEARER = /^bearer +(\S+)$/i;

/**
 * A scheme's handler cannot tell which requirement object it is evaluated for, so an operation must list the same
 * scopes for a scheme in every requirement object naming it. Checked at start-up: an ambiguous spec never serves.
 */
function assertUnambiguousScopes(spec: Document): void {
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, { security?: Requirement[] }>)[method];
      if (operation === undefined) continue;
      const seen = new Map<string, string>();
      for (const requirement of operation.security ?? (spec.security as Requirement[] | undefined) ?? []) {
        for (const [scheme, scopes] of Object.entries(requirement)) {
          const key = [...scopes].sort().join(' ');
          if ((seen.get(scheme) ?? key) !== key) {
            throw new Error(`${method.toUpperCase()} ${path}: scheme ${scheme} is listed with different scopes`);
          }
          seen.set(scheme, key);
        }
      }
    }
  }
}

function requiredScopes(operation: Operation | undefined, scheme: string): string[] {
  const requirement = (operation?.security as Requirement[] | undefined)?.find((r) => scheme in r);
  return requirement?.[scheme] ?? [];
}

export interface SecurityHandlers {
  /** One per security scheme of the spec, by name: what openapi-backend's runSecurityHandlers runs. */
  readonly handlers: Record<string, SecurityHandler>;
  /** The caller a bearer scheme authenticated, from the results openapi-backend recorded (context.security). */
  callerOf(results: Record<string, unknown>): Caller | undefined;
}

export function createSecurityHandlers(spec: Document, auth: AuthConfig, verify: TokenVerifier): SecurityHandlers {
  assertUnambiguousScopes(spec);

  /** The caller: claims API Gateway verified, else the bearer token's, verified here. */
  async function authenticate(request: AuthRequest): Promise<Caller> {
    const verified = request.gateway?.claims;
    if (verified !== undefined) {
      try {
        return toCaller(verified, auth);
      } catch (cause) {
        throw new UnauthorizedError({ tokenPresented: true, cause });
      }
    }
    const header = request.headers.authorization;
    if (header === undefined || header === '') throw new UnauthorizedError();
    const token = header.length <= auth.maxTokenBytes + 16 ? BEARER.exec(header)?.[1] : undefined;
    if (token === undefined) throw new UnauthorizedError({ tokenPresented: true });
    try {
      return toCaller(await verify(token), auth);
    } catch (cause) {
      if (cause instanceof ServiceUnavailableError) throw cause;
      // Claims refused after verification are refused like a bad signature.
      throw new UnauthorizedError({ tokenPresented: true, cause });
    }
  }

  const bearer =
    (scheme: string): SecurityHandler =>
    async (c, request) => {
      const caller = await authenticate(request);
      const missing = requiredScopes(c.operation, scheme).filter((s) => !caller.scopes.has(s));
      if (missing.length > 0) throw new InsufficientScopeError(missing);
      return caller;
    };

  // API Gateway checks the key against its usage plans and passes only the key's id; a raw x-api-key header proves nothing.
  const gatewayApiKey: SecurityHandler = async (_c, request) => {
    const apiKeyId = request.gateway?.apiKeyId;
    if (apiKeyId === undefined || apiKeyId === '') throw new ForbiddenError('A valid API key is required.');
    return { apiKeyId };
  };

  const handlers: Record<string, SecurityHandler> = {};
  const bearerSchemes: string[] = [];
  for (const [name, scheme] of Object.entries(spec.components?.securitySchemes ?? {}) as [string, SchemeKind][]) {
    if (isBearerScheme(scheme)) {
      handlers[name] = bearer(name);
      bearerSchemes.push(name);
    } else if (scheme.type === 'apiKey') handlers[name] = gatewayApiKey;
    else throw new Error(`security scheme ${name} (${scheme.type}) has no handler`);
  }
  return {
    handlers,
    callerOf(results) {
      // A bearer scheme's result is the Caller its handler returned, or openapi-backend's { error } when it refused.
      for (const name of bearerSchemes) {
        const result = results[name] as Caller | { error: unknown } | undefined;
        if (result !== undefined && !('error' in result)) return result;
      }
      return undefined;
    },
  };
}

/** The error to answer when openapi-backend found the request unauthorized: outage, then 401, then 403. */
export function securityFailure(results: Record<string, unknown> | undefined): HttpError {
  const failures = Object.values(results ?? {})
    .map((result) =>
      typeof result === 'object' && result !== null ? (result as { error?: unknown }).error : undefined,
    )
    .filter((error): error is HttpError => error instanceof HttpError);
  return (
    failures.find((e) => e instanceof ServiceUnavailableError) ??
    failures.find((e) => e instanceof UnauthorizedError) ??
    failures[0] ??
    // A requirement failed without saying why (a falsy result): still closed.
    new UnauthorizedError()
  );
}
