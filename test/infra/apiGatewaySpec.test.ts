// The synth-time transform of the spec into API Gateway's import, on the real spec and on a fixture that has security.
import { describe, expect, it } from 'vitest';
import {
  API_KEY_SCHEME,
  type ApiGatewaySpecOptions,
  GATEWAY_METHODS,
  type OpenApiDocument,
  operationsOf,
  REQUEST_VALIDATOR,
  toApiGatewaySpec,
} from '../../apiGateway/apiGatewaySpec.js';
import { gatewayProblems, VALIDATION_MESSAGE } from '../../apiGateway/gatewayResponses.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import secured from '../fixtures/secured-openapi.json' with { type: 'json' };
import { lintForApiGateway } from '../helpers/apiGatewayLint.js';
import type { CfnJson } from '../helpers/synthStack.js';

const options: ApiGatewaySpecOptions = {
  integrationUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:fn:live/invocations',
  userPoolArn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_test',
  scopePrefix: 'users-api',
  gatewayResponses: { allowOrigin: '*' },
  caching: true,
};
const real = spec as unknown as OpenApiDocument;
const fixture = secured as unknown as OpenApiDocument;
type Op = Record<string, unknown> & { parameters?: { name: string; in: string; required?: boolean }[] };
const op = (doc: OpenApiDocument, path: string, method: string) => doc.paths[path]?.[method] as Op;

/** HEAD wherever GET is (API Gateway answers HEAD only where a head method exists), enforced and proxied as the GET. */
function expectHeadLikeGet(imported: OpenApiDocument) {
  const gets = operationsOf(imported).filter((o) => o.method === 'get');
  expect(gets.length).toBeGreaterThan(0);
  for (const { path } of gets) {
    const get = op(imported, path, 'get');
    const head = op(imported, path, 'head');
    expect(head, path).toBeDefined();
    expect(head.security, path).toEqual(get.security);
    expect(head['x-amazon-apigateway-request-validator'], path).toBe(REQUEST_VALIDATOR);
    // The GET's parameters, but for the Authorization header a cached GET declares only as its cache key.
    const cacheKeyOnly = (p: { name: string; in: string; required?: boolean }) =>
      p.in === 'header' && p.name === 'Authorization' && p.required === false;
    expect(head.parameters, path).toEqual(get.parameters?.filter((p) => !cacheKeyOnly(p)));
    const {
      cacheNamespace: _ns,
      cacheKeyParameters: _keys,
      ...proxied
    } = get['x-amazon-apigateway-integration'] as CfnJson;
    // Never cached: a stage cache answers GET only, and a HEAD's bodiless answer must not be served to a GET.
    expect(head['x-amazon-apigateway-integration'], path).toEqual(proxied);
    const responses = head.responses as Record<string, { content?: unknown }>;
    expect(Object.keys(responses), path).toEqual(Object.keys(get.responses as object));
    for (const response of Object.values(responses)) expect(response.content, path).toBeUndefined();
  }
}

describe('the imported spec from generated/openapi.json', () => {
  const imported = toApiGatewaySpec(real, options);

  it('has the same paths, methods and operationIds, plus a HEAD per GET and an OPTIONS preflight on every path', () => {
    const ids = (doc: OpenApiDocument) =>
      operationsOf(doc)
        .filter((o) => o.method !== 'head')
        .map((o) => `${o.method} ${o.path} ${o.operation.operationId}`);
    expect(ids(imported)).toEqual(ids(real));
    const heads = operationsOf(imported).filter((o) => o.method === 'head');
    expect(heads.map((o) => `${o.path} ${o.operation.operationId}`)).toEqual(
      operationsOf(real)
        .filter((o) => o.method === 'get')
        .map((o) => `${o.path} ${o.operation.operationId}Head`),
    );
    for (const path of Object.keys(real.paths)) {
      expect(op(imported, path, 'options')['x-amazon-apigateway-integration']).toMatchObject({ type: 'aws_proxy' });
    }
  });

  it('proxies every operation to the Lambda alias with the body-and-params validator', () => {
    for (const { path, method } of operationsOf(real)) {
      const operation = op(imported, path, method);
      expect(operation['x-amazon-apigateway-integration']).toEqual(
        expect.objectContaining({ type: 'aws_proxy', httpMethod: 'POST', uri: options.integrationUri }),
      );
      expect(operation['x-amazon-apigateway-request-validator']).toBe(REQUEST_VALIDATOR);
    }
    expect(imported['x-amazon-apigateway-request-validators']).toEqual({
      [REQUEST_VALIDATOR]: { validateRequestBody: true, validateRequestParameters: true },
    });
  });

  it('states the security each operation has in the spec (none yet: every operation is public)', () => {
    for (const { path, method, operation } of operationsOf(real)) {
      const expected = (operation.security ?? real.security ?? []).length === 0 ? [] : expect.any(Array);
      expect(op(imported, path, method).security).toEqual(expected);
    }
  });

  it('copies path-level parameters onto each operation so API Gateway validates them per method', () => {
    const names = op(imported, '/users/{userId}', 'get').parameters?.map((p) => `${p.in}:${p.name}`);
    expect(names?.[0]).toBe('path:userId');
    expect(names).toContain('header:If-None-Match');
    for (const parameter of op(imported, '/users/{userId}', 'get').parameters ?? [])
      expect(parameter).not.toHaveProperty('$ref');
    expect(op(imported, '/users/{userId}', 'options').parameters).toEqual([
      expect.objectContaining({ name: 'userId', in: 'path' }),
    ]);
  });

  it('answers every gateway error as problem+json with CORS headers and a status matching the body', () => {
    const responses = imported['x-amazon-apigateway-gateway-responses'] as Record<string, CfnJson>;
    for (const type of [
      'UNAUTHORIZED',
      'ACCESS_DENIED',
      'MISSING_AUTHENTICATION_TOKEN',
      'UNSUPPORTED_MEDIA_TYPE',
      'THROTTLED',
      'BAD_REQUEST_BODY',
      'DEFAULT_4XX',
      'DEFAULT_5XX',
    ]) {
      const response = responses[type];
      // The validator's message arrives as a quoted JSON string (apiGateway/gatewayResponses.ts).
      const template = response.responseTemplates['application/json'].replace(VALIDATION_MESSAGE, '"[a message]"');
      const body = JSON.parse(template);
      expect(body).toEqual({
        type: expect.stringMatching(/^\/problems\//),
        title: expect.any(String),
        status: Number(response.statusCode),
        detail: type.startsWith('BAD_REQUEST') ? '[a message]' : expect.any(String),
        instance: '$context.requestId',
      });
      expect(response.responseParameters).toMatchObject({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
        'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
      });
    }
    expect(responses.MISSING_AUTHENTICATION_TOKEN.statusCode).toBe('404');
    expect(responses.THROTTLED.statusCode).toBe('429');
    expect(responses.BAD_REQUEST_BODY.statusCode).toBe('400');
    expect(Object.keys(responses)).toEqual(Object.keys(gatewayProblems));
  });

  it('names one allowed origin, or leaves the header out when a stage allows several', () => {
    const one = toApiGatewaySpec(real, { ...options, gatewayResponses: { allowOrigin: 'https://app.example.com' } });
    const none = toApiGatewaySpec(real, { ...options, gatewayResponses: { allowOrigin: undefined } });
    const header = (doc: OpenApiDocument) =>
      (doc['x-amazon-apigateway-gateway-responses'] as Record<string, CfnJson>).DEFAULT_4XX.responseParameters;
    expect(header(one)).toMatchObject({
      'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
      'gatewayresponse.header.Vary': "'Origin'",
    });
    expect(header(none)['gatewayresponse.header.Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('leaves every users read uncached: their responses are private and revalidated (Cache-Control, ETag)', () => {
    for (const { path, method } of operationsOf(real)) {
      const integration = op(imported, path, method)['x-amazon-apigateway-integration'] as Record<string, unknown>;
      expect(integration.cacheKeyParameters, `${method} ${path}`).toBeUndefined();
    }
  });

  it('passes the API Gateway compatibility lint', async () => {
    const { errors, output } = await lintForApiGateway(imported);
    expect(errors, output).toBe(0);
  });

  it('keeps nothing API Gateway would ignore or warn about (it imports with failOnWarnings)', () => {
    const keys = (value: unknown, at: string[] = []): string[][] => {
      if (value === null || typeof value !== 'object') return [];
      return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...keys(v, [...at, k])]);
    };
    // A key named like a keyword inside `properties` is a property name, not the keyword.
    const keywordAt = (path: string[]) => path.at(-2) !== 'properties';
    const offending = keys(imported)
      .filter((path) => ['example', 'examples', 'default', 'format', 'links'].includes(path.at(-1) as string))
      .filter((path) => keywordAt(path) && !path.some((k) => k.startsWith('x-amazon-apigateway')));
    expect(offending.map((p) => p.join('.'))).toEqual([]);
    for (const { path, method } of operationsOf(imported)) {
      for (const parameter of op(imported, path, method).parameters ?? []) {
        expect(Object.keys(parameter).sort(), `${method} ${path} ${parameter.name}`).toEqual(
          expect.arrayContaining(['in', 'name', 'schema']),
        );
        expect(
          Object.keys(parameter).every((k) => ['name', 'in', 'required', 'description', 'schema'].includes(k)),
        ).toBe(true);
        expect(Object.keys((parameter as unknown as { schema: object }).schema)).toEqual(['type']);
      }
    }
    expect(Object.keys(imported.components ?? {}).sort()).toEqual(['schemas', 'securitySchemes']);
    // The constraints the models can hold stay, so the gateway still refuses a malformed body early.
    expect(JSON.stringify(imported.components?.schemas)).toContain('"maxLength"');
    expect(op(imported, '/users/{userId}', 'get').parameters?.[0]).toEqual({
      name: 'userId',
      in: 'path',
      required: true,
      description: expect.any(String),
      schema: { type: 'string' },
    });
  });

  it('answers HEAD wherever GET is: same security, parameters, validator and Lambda, no body', () => {
    expectHeadLikeGet(imported);
  });

  it('does not change the source document', () => {
    expect(JSON.stringify(spec)).not.toContain('x-amazon-apigateway');
  });
});

describe('the imported spec of a document with security (the fixture)', () => {
  const imported = toApiGatewaySpec(fixture, options);
  const schemes = (imported.components?.securitySchemes ?? {}) as Record<string, CfnJson>;

  it('turns the OAuth2 scheme into a Cognito user pool authorizer and the header key into API Gateway api_key', () => {
    expect(schemes.cognito).toEqual({
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      description: 'Cognito access token (client credentials).',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [options.userPoolArn] },
    });
    expect(schemes[API_KEY_SCHEME]).toMatchObject({ type: 'apiKey', name: 'x-api-key', in: 'header' });
    expect(imported['x-amazon-apigateway-api-key-source']).toBe('HEADER');
  });

  it("gives each operation its own requirement with Cognito's scope names, from the operation or the default", () => {
    expect(op(imported, '/ping', 'get').security).toEqual([]);
    expect(op(imported, '/items', 'get').security).toEqual([{ cognito: ['users-api/users:read'], api_key: [] }]);
    expect(op(imported, '/items', 'post').security).toEqual([{ cognito: ['users-api/users:write'], api_key: [] }]);
    expect(op(imported, '/items/{itemId}', 'put').security).toEqual([{ cognito: ['users-api/users:admin'] }]);
    expect(op(imported, '/items', 'options').security).toEqual([]);
    expect(imported.security).toBeUndefined();
  });

  it('keeps required header and query parameters so the validator enforces them', () => {
    expect(op(imported, '/items/{itemId}', 'put').parameters).toEqual([
      expect.objectContaining({ name: 'itemId', in: 'path', required: true }),
      expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
    ]);
    expect(op(imported, '/items', 'get').parameters).toContainEqual(
      expect.objectContaining({ name: 'limit', in: 'query' }),
    );
  });

  it("caches parameterised reads per parameter and per caller's token, and nothing else", () => {
    const integration = (path: string, method: string) =>
      op(imported, path, method)['x-amazon-apigateway-integration'] as Record<string, unknown>;
    expect(integration('/items/{itemId}', 'get').cacheKeyParameters).toEqual([
      'method.request.path.itemId',
      'method.request.header.Authorization',
    ]);
    expect(op(imported, '/items/{itemId}', 'get').parameters).toContainEqual(
      expect.objectContaining({ name: 'Authorization', in: 'header', required: false }),
    );
    expect(integration('/items', 'get').cacheKeyParameters).toEqual([
      'method.request.querystring.limit',
      'method.request.header.Authorization',
    ]);
    for (const [path, method] of [
      ['/ping', 'get'],
      ['/items', 'post'],
      ['/items/{itemId}', 'put'],
    ]) {
      expect(integration(path as string, method as string).cacheKeyParameters).toBeUndefined();
    }
    const uncached = toApiGatewaySpec(fixture, { ...options, caching: false });
    expect(
      (op(uncached, '/items/{itemId}', 'get')['x-amazon-apigateway-integration'] as CfnJson).cacheKeyParameters,
    ).toBeUndefined();
  });

  it('answers HEAD wherever GET is, with the GET’s scopes and key and without its cache', () => {
    expectHeadLikeGet(imported);
    expect(op(imported, '/items', 'head').security).toEqual([{ cognito: ['users-api/users:read'], api_key: [] }]);
  });

  it('refuses what API Gateway cannot enforce instead of importing it open', () => {
    const alternatives = structuredClone(fixture);
    (alternatives.paths['/ping']?.get as Op).security = [{ cognito: [] }, { apiKey: [] }];
    expect(() => toApiGatewaySpec(alternatives, options)).toThrow(/GET \/ping: .*alternative/);
    const basic = structuredClone(fixture);
    (basic.components?.securitySchemes as Record<string, unknown>).apiKey = { type: 'http', scheme: 'basic' };
    expect(() => toApiGatewaySpec(basic, options)).toThrow(/cannot enforce security scheme apiKey/);
    expect(() => toApiGatewaySpec(fixture, { ...options, userPoolArn: undefined })).toThrow(
      /needs a Cognito user pool/,
    );
  });

  it('covers every HTTP method of the fixture and passes the API Gateway compatibility lint', async () => {
    expect(operationsOf(imported).every((o) => GATEWAY_METHODS.includes(o.method))).toBe(true);
    const { errors, output } = await lintForApiGateway(imported);
    expect(errors, output).toBe(0);
  });
});
