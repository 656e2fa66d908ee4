// Builds the API Gateway REST (v1) proxy event that AWS would send for an incoming HTTP request.
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** Maps without a prototype: a header or query parameter named `__proto__` or `constructor` is just a name. */
const emptyMap = <T>() => Object.create(null) as Record<string, T>;

function append(values: Record<string, string[]>, name: string, value: string) {
  const list = values[name];
  if (list === undefined) values[name] = [value];
  else list.push(value);
}

/**
 * The path as sent, without the query: WHATWG URL parsing would resolve `%2E` and `%2E%2E` as dot segments, so
 * `/users/%2E%2E/hello` would reach /hello, which API Gateway does not do (the contract suite found this).
 */
export function pathOf(target: string): string {
  const queryAt = target.indexOf('?');
  return (queryAt === -1 ? target : target.slice(0, queryAt)) || '/';
}

/** The event without its body: `target` is the request target in origin-form (requestTarget.ts). */
export function toProxyEvent(req: IncomingMessage, target: string): APIGatewayProxyEvent {
  const queryAt = target.indexOf('?');
  const path = pathOf(target);
  const headers = emptyMap<string>();
  const multiValueHeaders = emptyMap<string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    const value = req.rawHeaders[i + 1] as string;
    headers[name] = value;
    append(multiValueHeaders, name, value);
  }
  const query = emptyMap<string>();
  const multiValueQuery = emptyMap<string[]>();
  if (queryAt !== -1) {
    // The query as a URL parser reads it (up to a fragment), without parsing the whole URL on every request.
    const fragmentAt = target.indexOf('#', queryAt);
    for (const [name, value] of new URLSearchParams(
      target.slice(queryAt + 1, fragmentAt === -1 ? undefined : fragmentAt),
    )) {
      query[name] = value;
      append(multiValueQuery, name, value);
    }
  }
  const hasQuery = Object.keys(query).length > 0;
  const method = (req.method ?? 'GET').toUpperCase();
  const requestId = randomUUID();
  return {
    resource: path,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: `HTTP/${req.httpVersion}`,
      httpMethod: method,
      identity: {
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
      },
      path,
      stage: 'local',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: path,
    },
  };
}

/** Bytes that are not UTF-8 go base64-encoded, as API Gateway sends a binary body, so the function can refuse them. */
export function withBody(event: APIGatewayProxyEvent, bytes: Buffer) {
  const text = isUtf8(bytes);
  event.body = bytes.toString(text ? 'utf8' : 'base64');
  event.isBase64Encoded = !text;
}
