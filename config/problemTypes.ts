// Every problem type of the API: its status, title and fixed detail, for the function and API Gateway alike.
// Read by src/http/errorTable.ts (the function's answers), apiGateway/gatewayResponses.ts and the firewall's 429.

export interface ProblemTypeEntry {
  readonly status: number;
  readonly title: string;
  /** The detail every answer of this type gives, whatever was thrown: it says nothing a client should not know. */
  readonly detail?: string;
}

/** Every problem type: the body's `type` is `/problems/<key>`. */
export const problemTypes = {
  validation: { status: 400, title: 'Bad Request' },
  'bad-request': { status: 400, title: 'Bad Request', detail: 'The request was rejected.' },
  'malformed-json': { status: 400, title: 'Bad Request', detail: 'The request body is not valid JSON.' },
  'duplicate-key': {
    status: 400,
    title: 'Bad Request',
    detail: 'The request body has an object with the same key twice; send each key once.',
  },
  'invalid-utf8': { status: 400, title: 'Bad Request', detail: 'The request body is not valid UTF-8.' },
  'invalid-cursor': { status: 400, title: 'Bad Request' },
  unauthorized: { status: 401, title: 'Unauthorized', detail: 'A valid bearer token is required.' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not Found' },
  'method-not-allowed': { status: 405, title: 'Method Not Allowed' },
  conflict: { status: 409, title: 'Conflict' },
  'precondition-failed': { status: 412, title: 'Precondition Failed' },
  'payload-too-large': { status: 413, title: 'Payload Too Large' },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported Media Type',
    detail: 'Send the body as application/json.',
  },
  'idempotency-key-reused': { status: 422, title: 'Unprocessable Content' },
  'precondition-required': { status: 428, title: 'Precondition Required' },
  throttled: { status: 429, title: 'Too Many Requests', detail: 'Request rate limit exceeded. Retry later.' },
  'quota-exceeded': {
    status: 429,
    title: 'Too Many Requests',
    detail: 'The daily request quota of this API key is used up.',
  },
  // The firewall's per-address limit (infra/lib/constructs/ApiFirewall.ts): WAF answers it before API Gateway.
  'too-many-requests': {
    status: 429,
    title: 'Too Many Requests',
    detail: 'Too many requests from this address. Retry later.',
  },
  internal: {
    status: 500,
    title: 'Internal Server Error',
    detail: 'An unexpected error occurred. Quote the instance id when reporting it.',
  },
  'bad-gateway': { status: 502, title: 'Bad Gateway', detail: 'The service failed to answer. Retry later.' },
  'service-unavailable': {
    status: 503,
    title: 'Service Unavailable',
    detail: 'The service is temporarily unavailable. Retry later.',
  },
  'gateway-timeout': {
    status: 504,
    title: 'Gateway Timeout',
    detail: 'The service did not answer in time. Retry later.',
  },
} as const satisfies Record<string, ProblemTypeEntry>;
