// The errors the HTTP side throws (routing, body checks, validation, auth), each answered by toProblem().
// Status, title and fixed details come from the error table (./errorTable.ts); the subclasses add what varies.
import { BEARER_CHALLENGE } from '../../config/openapi.js';
import { type FixedDetailType, type ProblemType, problemType, retryAfter } from './errorTable.js';

export interface FieldError {
  location: 'body' | 'path' | 'query' | 'header';
  pointer: string;
  message: string;
}

export interface HttpErrorOptions extends ErrorOptions {
  readonly headers?: Record<string, string>;
}

export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly headers: Record<string, string>;
  /** `detail` is shown to the client: never put a library's or AWS's message in it. */
  readonly detail: string;

  /** A type whose detail the table fixes may leave it out. */
  constructor(slug: FixedDetailType, detail?: string, options?: HttpErrorOptions);
  constructor(slug: ProblemType, detail: string, options?: HttpErrorOptions);
  constructor(
    /** The problem type: the body's `type` is `/problems/<slug>`. */
    readonly slug: ProblemType,
    detail?: string,
    options: HttpErrorOptions = {},
  ) {
    const entry = problemType(slug);
    const text = detail ?? entry.detail ?? '';
    // No stack trace: an HttpError is an answer, not a bug, and capturing one was the main cost of a 400.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(text, options);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = new.target.name;
    this.detail = text;
    this.status = entry.status;
    this.title = entry.title;
    this.headers = { ...options.headers };
  }
}

export class ValidationError extends HttpError {
  constructor(readonly errors: FieldError[]) {
    super('validation', `The request has ${errors.length} invalid input${errors.length === 1 ? '' : 's'}.`);
  }
}

export class MalformedJsonError extends HttpError {
  constructor() {
    super('malformed-json');
  }
}

export class NotFoundError extends HttpError {
  constructor(detail: string) {
    super('not-found', detail);
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super('method-not-allowed', `${method} is not allowed on ${path}.`, { headers: { Allow: allowed.join(', ') } });
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super('payload-too-large', `The request body exceeds ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(detail?: string) {
    super('unsupported-media-type', detail);
  }
}

export class DuplicateKeyError extends HttpError {
  constructor() {
    super('duplicate-key');
  }
}

export class InvalidUtf8Error extends HttpError {
  constructor() {
    super('invalid-utf8');
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(retryAfterSeconds = 1, options?: ErrorOptions) {
    super('service-unavailable', undefined, { ...options, headers: retryAfter({ retryAfterSeconds }) });
  }
}

/** 401: no usable bearer token. The detail is the same whatever the reason, so it tells an attacker nothing. */
export class UnauthorizedError extends HttpError {
  constructor(options: { tokenPresented?: boolean } & ErrorOptions = {}) {
    // RFC 6750: say a token was refused, never why.
    const challenge = options.tokenPresented ? `${BEARER_CHALLENGE}, error="invalid_token"` : BEARER_CHALLENGE;
    super('unauthorized', undefined, { ...options, headers: { 'WWW-Authenticate': challenge } });
  }
}

/** 403: the caller is known but not allowed (a scope the token lacks, or no valid API key). */
export class ForbiddenError extends HttpError {
  constructor(detail: string, options?: HttpErrorOptions) {
    super('forbidden', detail, options);
  }
}

export class InsufficientScopeError extends ForbiddenError {
  constructor(readonly missingScopes: readonly string[]) {
    const scopes = missingScopes.join(' ');
    super(`The token lacks the scope ${scopes}.`, {
      headers: { 'WWW-Authenticate': `${BEARER_CHALLENGE}, error="insufficient_scope", scope="${scopes}"` },
    });
  }
}
