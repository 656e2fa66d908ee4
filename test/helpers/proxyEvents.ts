// API Gateway proxy events as AWS sends them: REST API (v1) and HTTP API (payload format 2.0).
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

interface EventInput {
  method: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  base64?: boolean;
  /** What API Gateway verified: set only in requestContext, as AWS does. */
  gateway?: { apiKeyId?: string; claims?: Record<string, unknown> };
}

export function restEvent({
  method,
  path,
  headers = {},
  query,
  body,
  base64 = false,
  gateway,
}: EventInput): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    resource: path,
    headers,
    multiValueHeaders: {},
    queryStringParameters: query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body === undefined ? null : base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    requestContext: {
      requestId: 'rest-request-id',
      stage: 'prod',
      path: `/prod${path}`,
      identity: { apiKeyId: gateway?.apiKeyId ?? null, apiKey: gateway?.apiKeyId === undefined ? null : 'key-value' },
      authorizer: gateway?.claims === undefined ? null : { claims: gateway.claims },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

export function httpApiEvent(
  { method, path, headers = {}, query, body, base64 = false, gateway }: EventInput,
  stage = '$default',
): APIGatewayProxyEventV2 {
  const rawPath = stage === '$default' ? path : `/${stage}${path}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    ...(query === undefined ? {} : { queryStringParameters: query }),
    ...(body === undefined ? {} : { body: base64 ? Buffer.from(body).toString('base64') : body }),
    isBase64Encoded: base64,
    requestContext: {
      requestId: 'http-api-request-id',
      stage,
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(gateway?.claims === undefined ? {} : { authorizer: { jwt: { claims: gateway.claims, scopes: null } } }),
    } as APIGatewayProxyEventV2['requestContext'],
  };
}
