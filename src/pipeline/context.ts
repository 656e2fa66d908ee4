// What one request carries through the pipeline: the request as sent, and what each step found.
import type { Operation } from 'openapi-backend';
import type { Caller } from '../auth/accessClaims.js';
import type { GatewayIdentity } from '../auth/securityHandlers.js';
import type { ApiResponse } from '../http/response.js';

/** A request as the Lambda adapter (src/lambda/proxyAdapter.ts) hands it over, transport-neutral. */
export interface ApiRequest {
  method: string;
  /** Path without stage prefix or query string, e.g. /users/123. */
  path: string;
  /** Lower-cased names. */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** Raw body as received (already base64-decoded). */
  body: string | undefined;
  /** Single-valued headers that were sent more than once (lower-cased names). */
  repeatedHeaders?: readonly string[];
  /** The body's bytes were not UTF-8: refused with 400, never decoded into replacement characters and stored. */
  invalidUtf8?: boolean;
  requestId: string;
  /** The Lambda's own request id (awsRequestId), for the logs only. */
  invocationId?: string;
  /** What precedes `path` in the URL the client called (the stage, e.g. /prod), for links back to the API. */
  basePath?: string;
  /** What API Gateway verified (API key, authorizer claims); filled from the event's requestContext only. */
  gateway?: GatewayIdentity;
}

/** The request as its operation's schemas describe it, after validation (types coerced, defaults filled in). */
export interface ValidatedInput {
  readonly params: Readonly<Record<string, unknown>>;
  /** The query parameters the operation declares, and only those. */
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

/**
 * One request's way through the pipeline. Each step reads what earlier steps found and adds its own finding; the
 * request is never changed. A step answers by setting `answer` (or by throwing, answered as a problem).
 */
export interface RequestContext {
  readonly request: ApiRequest;
  /** The operation the router matched, once (a HEAD as its GET): set by `route`. */
  operation?: Operation;
  /** Who is calling, as a bearer scheme authenticated them: set by `authorize` (none for a public operation). */
  caller?: Caller;
  /** Set by `validate`. */
  input?: ValidatedInput;
  /** The answer, from the step that answered (the preflight, the operation, or a refusal). */
  answer?: ApiResponse;
}

/** Where the pipeline logs: 5xx errors in full, and refused credentials (their reason goes to the logs only). */
export interface ErrorLogger {
  error(message: string, details: Record<string, unknown>): void;
  info?(message: string, details: Record<string, unknown>): void;
}

/** The operation `route` matched; a step that needs it before `route` ran is a wiring bug. */
export function matched(context: RequestContext): Operation {
  if (context.operation === undefined) throw new Error('the pipeline ran a step that needs the operation before route');
  return context.operation;
}
