// The single place that turns any thrown value into an RFC 9457 problem+json response.
import { type FieldError, HttpError, ValidationError } from './errors.js';
import type { ApiResponse } from './response.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
}

/**
 * Known errors keep their status and detail; anything else (AWS SDK errors, bugs) becomes a generic 500
 * whose body carries only the request id, so nothing internal can leak. The caller logs the original.
 */
export function toProblem(error: unknown, requestId: string): ApiResponse {
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
