// The API's error hierarchy: every failure a client may see is one of these, turned into problem+json by toProblem().

export interface FieldError {
  location: 'body' | 'path' | 'query' | 'header';
  pointer: string;
  message: string;
}

export abstract class HttpError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** Slug of the problem type: the body's `type` is `/problems/<slug>`. */
  abstract readonly slug: string;
  readonly headers: Record<string, string> = {};

  /** `detail` is shown to the client: never put a library's or AWS's message in it. */
  constructor(
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    // No stack trace: an HttpError is an answer, not a bug, and capturing one was the main cost of a 400.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail, options);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = new.target.name;
  }
}

export class ValidationError extends HttpError {
  readonly status = 400;
  readonly title = 'Bad Request';
  readonly slug = 'validation';
  constructor(readonly errors: FieldError[]) {
    super(`The request has ${errors.length} invalid input${errors.length === 1 ? '' : 's'}.`);
  }
}

export class MalformedJsonError extends HttpError {
  readonly status = 400;
  readonly title = 'Bad Request';
  readonly slug = 'malformed-json';
  constructor() {
    super('The request body is not valid JSON.');
  }
}

export class NotFoundError extends HttpError {
  readonly status = 404;
  readonly title = 'Not Found';
  readonly slug = 'not-found';
}

export class MethodNotAllowedError extends HttpError {
  readonly status = 405;
  readonly title = 'Method Not Allowed';
  readonly slug = 'method-not-allowed';
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(`${method} is not allowed on ${path}.`);
    this.headers.Allow = allowed.join(', ');
  }
}

export class PayloadTooLargeError extends HttpError {
  readonly status = 413;
  readonly title = 'Payload Too Large';
  readonly slug = 'payload-too-large';
  constructor(limitBytes: number) {
    super(`The request body exceeds ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  readonly status = 415;
  readonly title = 'Unsupported Media Type';
  readonly slug = 'unsupported-media-type';
  constructor(detail = 'Send the body as application/json.') {
    super(detail);
  }
}

export class DuplicateKeyError extends HttpError {
  readonly status = 400;
  readonly title = 'Bad Request';
  readonly slug = 'duplicate-key';
  constructor() {
    super('The request body has an object with the same key twice; send each key once.');
  }
}

export class InvalidUtf8Error extends HttpError {
  readonly status = 400;
  readonly title = 'Bad Request';
  readonly slug = 'invalid-utf8';
  constructor() {
    super('The request body is not valid UTF-8.');
  }
}

export class ServiceUnavailableError extends HttpError {
  readonly status = 503;
  readonly title = 'Service Unavailable';
  readonly slug = 'service-unavailable';
  constructor(retryAfterSeconds = 1, options?: ErrorOptions) {
    super('The service is temporarily unavailable. Retry later.', options);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

export class ConflictError extends HttpError {
  readonly status = 409;
  readonly title = 'Conflict';
  readonly slug = 'conflict';
  constructor(detail: string, retryAfterSeconds?: number) {
    super(detail);
    if (retryAfterSeconds !== undefined) this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

export class PreconditionFailedError extends HttpError {
  readonly status = 412;
  readonly title = 'Precondition Failed';
  readonly slug = 'precondition-failed';
  constructor() {
    super('The user has changed since you read it (If-Match does not match its ETag).');
  }
}

export class PreconditionRequiredError extends HttpError {
  readonly status = 428;
  readonly title = 'Precondition Required';
  readonly slug = 'precondition-required';
  constructor() {
    super('Send If-Match with the ETag of the version you are changing.');
  }
}

export class IdempotencyKeyReusedError extends HttpError {
  readonly status = 422;
  readonly title = 'Unprocessable Content';
  readonly slug = 'idempotency-key-reused';
  constructor() {
    super('This Idempotency-Key was already used with a different request body.');
  }
}

export class InvalidCursorError extends HttpError {
  readonly status = 400;
  readonly title = 'Bad Request';
  readonly slug = 'invalid-cursor';
  constructor() {
    super('The cursor is not one this API issued. Start again without a cursor.');
  }
}

/** 401: no usable bearer token. The detail is the same whatever the reason, so it tells an attacker nothing. */
export class UnauthorizedError extends HttpError {
  readonly status = 401;
  readonly title = 'Unauthorized';
  readonly slug = 'unauthorized';
  constructor(options: { tokenPresented?: boolean } & ErrorOptions = {}) {
    super('A valid bearer token is required.', options);
    // RFC 6750: say a token was refused, never why.
    this.headers['WWW-Authenticate'] = options.tokenPresented
      ? 'Bearer realm="users-api", error="invalid_token"'
      : 'Bearer realm="users-api"';
  }
}

/** 403: the caller is known but not allowed (a scope the token lacks, or no valid API key). */
export class ForbiddenError extends HttpError {
  readonly status = 403;
  readonly title = 'Forbidden';
  readonly slug = 'forbidden';
}

export class InsufficientScopeError extends ForbiddenError {
  constructor(readonly missingScopes: readonly string[]) {
    super(`The token lacks the scope ${missingScopes.join(' ')}.`);
    this.headers['WWW-Authenticate'] =
      `Bearer realm="users-api", error="insufficient_scope", scope="${missingScopes.join(' ')}"`;
  }
}

/** 429: the API key's usage plan (rate, burst or daily quota) is used up. */
export class TooManyRequestsError extends HttpError {
  readonly status = 429;
  readonly title = 'Too Many Requests';
  readonly slug = 'too-many-requests';
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}
