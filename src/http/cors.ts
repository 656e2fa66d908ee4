// CORS: the headers every response carries, and the answer to a preflight.
import type { ApiResponse } from './response.js';

const ALLOWED_HEADERS = 'Content-Type, Authorization, X-Api-Key, If-Match, If-None-Match, Idempotency-Key';
const EXPOSED_HEADERS = 'Location, ETag, Retry-After, Allow';

export function corsHeaders(
  requestOrigin: string | undefined,
  allowedOrigins: readonly string[],
): Record<string, string> {
  if (allowedOrigins.includes('*')) {
    return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED_HEADERS };
  }
  if (requestOrigin !== undefined && allowedOrigins.includes(requestOrigin)) {
    return {
      'Access-Control-Allow-Origin': requestOrigin,
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
      Vary: 'Origin',
    };
  }
  return { Vary: 'Origin' };
}

export function preflightResponse(allowedMethods: readonly string[]): ApiResponse {
  return {
    statusCode: 204,
    headers: {
      'Access-Control-Allow-Methods': [...allowedMethods, 'OPTIONS'].join(', '),
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
    },
  };
}
