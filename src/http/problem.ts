// The single place that turns any thrown value into an RFC 9457 problem+json response.
import {
  AvatarNotFound,
  AvatarTypeRefused,
  DomainError,
  EmailTaken,
  IdempotencyKeyReused,
  IdempotentRequestInProgress,
  InvalidCursor,
  StorageUnavailable,
  UserNotFound,
  VersionMismatch,
  VersionRequired,
  WriteContention,
} from '../domain/errors.js';
import {
  ConflictError,
  type FieldError,
  HttpError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ServiceUnavailableError,
  ValidationError,
} from './errors.js';
import type { ApiResponse } from './response.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
}

/** How the API answers each error of the domain; an unknown one stays unknown (a 500). */
export function toHttpError(error: DomainError): HttpError | undefined {
  if (error instanceof UserNotFound || error instanceof AvatarNotFound) return new NotFoundError(error.message);
  if (error instanceof AvatarTypeRefused) {
    return new ValidationError([{ location: 'body', pointer: '/contentType', message: error.message }]);
  }
  if (error instanceof VersionMismatch) return new PreconditionFailedError();
  if (error instanceof VersionRequired) return new PreconditionRequiredError();
  if (error instanceof EmailTaken) return new ConflictError(error.message);
  if (error instanceof InvalidCursor) return new InvalidCursorError();
  if (error instanceof StorageUnavailable)
    return new ServiceUnavailableError(error.retryAfterSeconds, { cause: error });
  if (error instanceof IdempotencyKeyReused) return new IdempotencyKeyReusedError();
  if (error instanceof WriteContention) return new ConflictError(error.message, error.retryAfterSeconds);
  if (error instanceof IdempotentRequestInProgress) return new ConflictError(error.message, error.retryAfterSeconds);
  return undefined;
}

/**
 * Known errors keep their status and detail; anything else (AWS SDK errors, bugs) becomes a generic 500
 * whose body carries only the request id, so nothing internal can leak. The caller logs the original.
 */
export function toProblem(thrown: unknown, requestId: string): ApiResponse {
  const error = thrown instanceof DomainError ? (toHttpError(thrown) ?? thrown) : thrown;
  const problem: Problem =
    error instanceof HttpError
      ? {
          type: `/problems/${error.slug}`,
          title: error.title,
          status: error.status,
          detail: error.detail,
          instance: requestId,
          ...(error instanceof ValidationError ? { errors: error.errors } : {}),
        }
      : {
          type: '/problems/internal',
          title: 'Internal Server Error',
          status: 500,
          detail: 'An unexpected error occurred. Quote the instance id when reporting it.',
          instance: requestId,
        };
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': 'application/problem+json', ...(error instanceof HttpError ? error.headers : {}) },
    body: JSON.stringify(problem),
  };
}
