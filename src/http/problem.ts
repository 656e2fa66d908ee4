// The single place that turns any thrown value into an RFC 9457 problem+json response (the table: ./errorTable.ts).
import { DomainError } from '../domain/errors.js';
import { type FieldError, HttpError, ValidationError } from './errors.js';
import { domainErrorAnswer, problemType, problemTypes } from './errorTable.js';
import type { ApiResponse } from './response.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
}

/** How the API answers an error of the domain, as the error table says; one it has no answer for stays unknown. */
export function toHttpError(error: DomainError): HttpError | undefined {
  const answer = domainErrorAnswer(error);
  if (answer === undefined) return undefined;
  if (answer.errors !== undefined) return new ValidationError(answer.errors(error));
  const { detail = error.message } = problemType(answer.type);
  // The domain error stays the cause: the log of a 5xx shows what really happened.
  return new HttpError(answer.type, detail, { cause: error, headers: answer.headers?.(error) });
}

const { title, status, detail } = problemTypes.internal;
const internal = (instance: string): Problem => ({ type: '/problems/internal', title, status, detail, instance });

/**
 * Known errors keep their status and detail; anything else (AWS SDK errors, bugs) becomes a generic 500
 * whose body carries only the request id, so nothing internal can leak. The caller logs the original.
 */
export function toProblem(thrown: unknown, requestId: string): ApiResponse {
  const error = thrown instanceof DomainError ? toHttpError(thrown) : thrown;
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
      : internal(requestId);
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': 'application/problem+json', ...(error instanceof HttpError ? error.headers : {}) },
    body: JSON.stringify(problem),
  };
}
