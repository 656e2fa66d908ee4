// API Gateway proxy events (REST v1 and HTTP API v2) to the portable ApiRequest, and the ApiResponse back.
import { isUtf8 } from 'node:buffer';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import type { ApiRequest } from '../api.js';
import type { ApiResponse } from '../http/response.js';

export type ProxyEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;
export type ProxyResult = APIGatewayProxyResult & APIGatewayProxyStructuredResultV2;

type Claims = Record<string, unknown>;

const isV2 = (event: ProxyEvent): event is APIGatewayProxyEventV2 => (event as { version?: string }).version === '2.0';

const lowerCaseKeys = (record: Record<string, string | undefined> | null | undefined) =>
  Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key.toLowerCase(), value]));

/** Headers defined as one value (RFC 9110 and this API's own): sent twice, which one counts is ambiguous. */
const SINGLE_VALUED = new Set([
  'authorization',
  'x-api-key',
  'content-type',
  'content-length',
  'content-encoding',
  'host',
  'idempotency-key',
]);

/**
 * REST events keep only the last of repeated headers in `headers`; `multiValueHeaders` has them all. A list header
 * is combined as RFC 9110 §5.3 says; a repeated single-valued one is named, for the API to refuse.
 */
function restHeaders(event: APIGatewayProxyEvent): Pick<ApiRequest, 'headers' | 'repeatedHeaders'> {
  const headers = lowerCaseKeys(event.headers);
  // Names differ in case only as sent: `Authorization` and `authorization` are one header.
  const values = new Map<string, string[]>();
  for (const [name, sent] of Object.entries(event.multiValueHeaders ?? {})) {
    const lower = name.toLowerCase();
    values.set(lower, [...(values.get(lower) ?? []), ...(sent ?? [])]);
  }
  const repeated: string[] = [];
  for (const [name, sent] of values) {
    if (sent.length < 2) continue;
    if (SINGLE_VALUED.has(name)) repeated.push(name);
    else headers[name] = sent.join(', ');
  }
  return repeated.length === 0 ? { headers } : { headers, repeatedHeaders: repeated };
}

/** Only what API Gateway itself wrote into requestContext: a client cannot set these, unlike any header. */
function gatewayIdentity(
  apiKeyId: string | null | undefined,
  claims: Claims | null | undefined,
): ApiRequest['gateway'] {
  return {
    ...(apiKeyId ? { apiKeyId } : {}),
    ...(claims && typeof claims === 'object' && Object.keys(claims).length > 0 ? { claims } : {}),
  };
}

/** REST APIs report the path as called (with the stage, e.g. /prod/users) next to the routed one (/users). */
function basePathOf(calledPath: string | undefined, routedPath: string): string {
  if (calledPath === undefined || calledPath === routedPath || !calledPath.endsWith(routedPath)) return '';
  return calledPath.slice(0, -routedPath.length);
}

/** The body as text; bytes that are not UTF-8 are flagged rather than decoded into U+FFFD. */
function bodyOf(event: ProxyEvent): Pick<ApiRequest, 'body' | 'invalidUtf8'> {
  const raw = event.body ?? undefined;
  if (raw === undefined || !event.isBase64Encoded) return { body: raw };
  const bytes = Buffer.from(raw, 'base64');
  return isUtf8(bytes) ? { body: bytes.toString('utf8') } : { body: undefined, invalidUtf8: true };
}

export function toApiRequest(event: ProxyEvent): ApiRequest {
  const { body, invalidUtf8 } = bodyOf(event);
  if (isV2(event)) {
    const { stage } = event.requestContext;
    const prefix = stage && stage !== '$default' ? `/${stage}` : '';
    const path = prefix && event.rawPath.startsWith(`${prefix}/`) ? event.rawPath.slice(prefix.length) : event.rawPath;
    return {
      method: event.requestContext.http.method.toUpperCase(),
      path,
      headers: lowerCaseKeys(event.headers),
      query: { ...event.queryStringParameters },
      body,
      ...(invalidUtf8 ? { invalidUtf8 } : {}),
      requestId: event.requestContext.requestId,
      basePath: path === event.rawPath ? '' : prefix,
      // HTTP APIs have no API keys; a JWT authorizer leaves its claims here.
      gateway: gatewayIdentity(
        undefined,
        (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer?.jwt?.claims,
      ),
    };
  }
  return {
    method: event.httpMethod.toUpperCase(),
    path: event.path,
    ...restHeaders(event),
    query: { ...event.queryStringParameters },
    body,
    ...(invalidUtf8 ? { invalidUtf8 } : {}),
    requestId: event.requestContext.requestId,
    basePath: basePathOf(event.requestContext.path, event.path),
    // A Cognito user pool authorizer leaves the verified claims here; API key validation leaves the key's id.
    gateway: gatewayIdentity(
      event.requestContext.identity?.apiKeyId,
      event.requestContext.authorizer?.claims as Claims | undefined,
    ),
  };
}

/** The route template API Gateway matched, e.g. `/users/{userId}` (REST) or `GET /users/{userId}` (HTTP API). */
export const routeOf = (event: ProxyEvent) =>
  isV2(event) ? event.routeKey : (event.resource ?? event.requestContext.resourcePath);

export const toProxyResult = (response: ApiResponse): ProxyResult => ({
  statusCode: response.statusCode,
  headers: response.headers,
  body: response.body ?? '',
  isBase64Encoded: false,
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const absentOr = (value: unknown, check: (present: unknown) => boolean) =>
  value === undefined || value === null || check(value);
const stringValues = (value: unknown) =>
  isRecord(value) && Object.values(value).every((v) => v === undefined || typeof v === 'string');
const stringListValues = (value: unknown) =>
  isRecord(value) &&
  Object.values(value).every((v) => v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string')));

/**
 * Whether the event has every part `toApiRequest` reads, with the types API Gateway sends. By hand: a dozen typeof
 * checks, and the Lambda loads no schema compiler (its validators are precompiled).
 */
export function isProxyEvent(event: unknown): event is ProxyEvent {
  if (!isRecord(event) || !isRecord(event.requestContext) || typeof event.requestContext.requestId !== 'string') {
    return false;
  }
  const common =
    absentOr(event.headers, stringValues) &&
    absentOr(event.queryStringParameters, stringValues) &&
    absentOr(event.body, (body) => typeof body === 'string') &&
    absentOr(event.isBase64Encoded, (flag) => typeof flag === 'boolean');
  if (!common) return false;
  if (event.version === '2.0') {
    const { http } = event.requestContext;
    return typeof event.rawPath === 'string' && isRecord(http) && typeof http.method === 'string';
  }
  return (
    typeof event.httpMethod === 'string' &&
    typeof event.path === 'string' &&
    absentOr(event.multiValueHeaders, stringListValues)
  );
}
