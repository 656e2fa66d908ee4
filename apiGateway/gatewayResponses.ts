// The answers API Gateway gives on its own (auth, validation, throttling, routing) as RFC 9457 problem+json with CORS headers.

import { BEARER_CHALLENGE } from '../config/openapi.js';
import { type ProblemTypeEntry, problemTypes } from '../config/problemTypes.js';

export interface GatewayResponseOptions {
  /** `*`, the one allowed origin, or undefined when a stage allows several (a static header cannot pick one). */
  readonly allowOrigin: string | undefined;
}

interface GatewayProblem {
  readonly status: number;
  readonly slug: ProblemSlug;
  readonly title: string;
  /** A fixed text, or VALIDATION_MESSAGE: the request validator's own message. */
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
}

type ProblemSlug = keyof typeof problemTypes;

/**
 * The request validator's message. Like `$context.error.messageString` it renders as a quoted JSON string, so the
 * template leaves it unquoted: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
export const VALIDATION_MESSAGE = '$context.error.validationErrorString';

/** A problem type of config/problemTypes.ts, with its fixed detail unless the gateway says more. */
function problem(slug: ProblemSlug, detail?: string, headers?: Record<string, string>): GatewayProblem {
  const entry: ProblemTypeEntry = problemTypes[slug];
  const text = detail ?? entry.detail;
  if (text === undefined) throw new Error(`The problem type ${slug} has no fixed detail: give the gateway's own`);
  return { status: entry.status, slug, title: entry.title, detail: text, ...(headers ? { headers } : {}) };
}

const bearer = { 'WWW-Authenticate': BEARER_CHALLENGE };

/**
 * Every response type API Gateway can produce for this API, mapped to the same problem types the Lambda uses. Details
 * are fixed texts, except the request validator's message, which says what in the request broke the model (authorizer
 * errors never reach the client).
 * Not REQUEST_TOO_LARGE: API Gateway answers a body over its 10 MB limit with its own 413 `{"message":...}` whatever
 * the document says (the spec lists that body too).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
export const gatewayProblems: Readonly<Record<string, GatewayProblem>> = {
  BAD_REQUEST_BODY: problem('validation', VALIDATION_MESSAGE),
  BAD_REQUEST_PARAMETERS: problem('validation', VALIDATION_MESSAGE),
  // Only a gateway response can carry WWW-Authenticate: the Lambda's arrives as X-Amzn-Remapped-WWW-Authenticate.
  UNAUTHORIZED: problem('unauthorized', undefined, bearer),
  // An expired AWS credential (SigV4): like every refused token, the body does not say why.
  EXPIRED_TOKEN: problem('unauthorized', undefined, bearer),
  ACCESS_DENIED: problem('forbidden', 'The credentials do not grant this operation.'),
  INVALID_API_KEY: problem('forbidden', 'A valid x-api-key header is required.'),
  INVALID_SIGNATURE: problem('forbidden', 'The request signature is not valid.'),
  WAF_FILTERED: problem('forbidden', 'The request was blocked by the firewall.'),
  // API Gateway answers a route that does not exist as a missing token; to a client it is a 404.
  MISSING_AUTHENTICATION_TOKEN: problem('not-found', 'No route matches this method and path.'),
  RESOURCE_NOT_FOUND: problem('not-found', 'No route matches this method and path.'),
  UNSUPPORTED_MEDIA_TYPE: problem('unsupported-media-type'),
  THROTTLED: problem('throttled', undefined, { 'Retry-After': '1' }),
  // A static header cannot say when the day's quota resets: an hour is a polite retry interval.
  QUOTA_EXCEEDED: problem('quota-exceeded', undefined, { 'Retry-After': '3600' }),
  DEFAULT_4XX: problem('bad-request'),
  AUTHORIZER_FAILURE: problem('internal'),
  AUTHORIZER_CONFIGURATION_ERROR: problem('internal'),
  API_CONFIGURATION_ERROR: problem('internal'),
  INTEGRATION_FAILURE: problem('bad-gateway'),
  INTEGRATION_TIMEOUT: problem('gateway-timeout'),
  DEFAULT_5XX: problem('internal'),
};

/** The value of a stage's static Access-Control-Allow-Origin, or undefined when only a per-request answer would do. */
export function gatewayAllowOrigin(origins: readonly string[]): string | undefined {
  if (origins.includes('*')) return '*';
  return origins.length === 1 ? origins[0] : undefined;
}

const EXPOSED_HEADERS = 'Location, ETag, Retry-After, Allow';

/** Header values are API Gateway expressions: a literal is single-quoted. */
const literal = (value: string) => `'${value}'`;

function corsHeaders(allowOrigin: string | undefined): Record<string, string> {
  if (allowOrigin === undefined) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': allowOrigin,
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    ...(allowOrigin === '*' ? {} : { Vary: 'Origin' }),
  };
}

/** The value of `x-amazon-apigateway-gateway-responses`. */
export function problemGatewayResponses({ allowOrigin }: GatewayResponseOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [type, p] of Object.entries(gatewayProblems)) {
    const headers = { 'Content-Type': 'application/problem+json', ...corsHeaders(allowOrigin), ...p.headers };
    const body = JSON.stringify({
      type: `/problems/${p.slug}`,
      title: p.title,
      status: p.status,
      detail: p.detail,
      instance: '$context.requestId',
    }).replace(`"${VALIDATION_MESSAGE}"`, VALIDATION_MESSAGE);
    out[type] = {
      statusCode: String(p.status),
      responseParameters: Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [`gatewayresponse.header.${name}`, literal(value)]),
      ),
      // API Gateway falls back to the application/json template whatever the request's Accept says.
      responseTemplates: { 'application/json': body },
    };
  }
  return out;
}
