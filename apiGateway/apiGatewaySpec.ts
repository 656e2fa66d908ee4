// The document API Gateway imports, built from the bundled spec. Pure (no CDK), so the local gateway can read it too.
import { isBearerScheme } from '../config/openapi.js';
import { API_GATEWAY_INTEGRATION_TIMEOUT_MS } from '../config/timeBudget.js';
import { type GatewayResponseOptions, problemGatewayResponses } from './gatewayResponses.js';
import { ANY_METHOD, GATEWAY_METHODS, type GatewayMethod, importableSubset } from './importableSubset.js';

export { ANY_METHOD, GATEWAY_METHODS } from './importableSubset.js';

/** The slice of an OpenAPI 3.0 document this transform reads; everything else passes through untouched. */
export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, PathItem>;
  components?: Record<string, unknown> & { securitySchemes?: Record<string, SecurityScheme> };
  security?: SecurityRequirement[];
};
type PathItem = Record<string, unknown> & { parameters?: Parameter[] };
export type Operation = Record<string, unknown> & {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: SecurityRequirement[];
};
type Parameter = { name: string; in: string; required?: boolean; $ref?: string } & Record<string, unknown>;
type SecurityScheme = { type: string; scheme?: string; in?: string; name?: string } & Record<string, unknown>;
type SecurityRequirement = Record<string, string[]>;

/** API Gateway recognises an API-key requirement only under this scheme name. */
export const API_KEY_SCHEME = 'api_key';
export const REQUEST_VALIDATOR = 'body-and-params';

export interface ApiGatewaySpecOptions {
  /** `arn:aws:apigateway:…:lambda:path/…/invocations` of the Lambda alias every operation is proxied to. */
  readonly integrationUri: string;
  /** Cognito user pool that backs every bearer / OAuth2 / OpenID Connect scheme. */
  readonly userPoolArn?: string;
  /** Cognito prefixes a resource server's scopes with its identifier: `users:read` arrives as `<prefix>/users:read`. */
  readonly scopePrefix?: string;
  readonly gatewayResponses: GatewayResponseOptions;
  /** Whether the stage has a cache: then the operations `isCacheable` selects get their cache keys. */
  readonly caching: boolean;
}

/** The methods of the spec's operations: OPTIONS is the CORS preflight this document adds to every path. */
const OPERATION_METHODS = GATEWAY_METHODS.filter((method) => method !== 'options');

export interface SpecOperation {
  readonly path: string;
  readonly method: GatewayMethod;
  readonly operation: Operation;
}

export function operationsOf(spec: OpenApiDocument): SpecOperation[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    OPERATION_METHODS.filter((method) => item[method] !== undefined).map((method) => ({
      path,
      method,
      operation: item[method] as Operation,
    })),
  );
}

function resolveParameter(spec: OpenApiDocument, parameter: Parameter): Parameter {
  if (parameter.$ref === undefined) return parameter;
  const name = parameter.$ref.replace('#/components/parameters/', '');
  const resolved = (spec.components?.parameters as Record<string, Parameter> | undefined)?.[name];
  if (resolved === undefined) throw new Error(`Cannot resolve parameter ${parameter.$ref}`);
  return resolved;
}

/** Path-level parameters copied onto each operation (operation wins), $refs inlined: what API Gateway reads per method. */
function parametersOf(spec: OpenApiDocument, item: PathItem, operation: Operation | undefined): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const p of [...(item.parameters ?? []), ...(operation?.parameters ?? [])]) {
    const resolved = resolveParameter(spec, p);
    byKey.set(`${resolved.in}:${resolved.name}`, structuredClone(resolved));
  }
  return [...byKey.values()];
}

/** Success-response headers by which the contract asks for per-caller privacy or revalidation. */
const UNCACHEABLE_HEADERS = ['cache-control', 'etag'];

/**
 * Which GETs API Gateway's cache (a cache shared by all callers) may answer. Cached ones are keyed by every declared
 * parameter and, when a bearer token is needed, by the Authorization header, so no caller is ever served a response
 * cached for another token. Left uncached: a GET whose success response declares Cache-Control or ETag (the contract
 * promises private, revalidated, strongly consistent reads - today every users operation), and a GET without
 * parameters (a fixed resource such as the liveness check, which must reach the Lambda).
 */
export function isCacheable(spec: OpenApiDocument, op: SpecOperation): boolean {
  if (op.method !== 'get') return false;
  const item = spec.paths[op.path] ?? {};
  if (parametersOf(spec, item, op.operation).length === 0) return false;
  const responses = Object.entries((op.operation.responses ?? {}) as Record<string, { headers?: object }>);
  return (
    responses
      // A redirect is an answer too (GET .../avatar succeeds only with a 302 to a URL that expires).
      .filter(([status]) => status.startsWith('2') || status.startsWith('3'))
      .every(([, response]) =>
        Object.keys(response.headers ?? {}).every((name) => !UNCACHEABLE_HEADERS.includes(name.toLowerCase())),
      )
  );
}

const isHeaderApiKey = (scheme: SecurityScheme) => scheme.type === 'apiKey' && scheme.in === 'header';

/** What API Gateway enforces for one operation, read from the spec's security requirements. */
export interface GatewaySecurity {
  readonly bearerScheme?: string;
  readonly scopes: readonly string[];
  readonly apiKey: boolean;
}

export function securityOf(spec: OpenApiDocument, { path, method, operation }: SpecOperation): GatewaySecurity {
  const requirements = operation.security ?? spec.security ?? [];
  // API Gateway takes one authorizer plus an optional API key per method: it cannot express "A or B".
  const nonEmpty = requirements.filter((r) => Object.keys(r).length > 0);
  if (nonEmpty.length === 0) return { scopes: [], apiKey: false };
  if (requirements.length > 1) {
    throw new Error(`${method.toUpperCase()} ${path}: API Gateway cannot enforce alternative security requirements`);
  }
  const schemes = spec.components?.securitySchemes ?? {};
  let security: GatewaySecurity = { scopes: [], apiKey: false };
  for (const [name, scopes] of Object.entries(nonEmpty[0] ?? {})) {
    const scheme = schemes[name];
    if (scheme === undefined) throw new Error(`${method.toUpperCase()} ${path}: unknown security scheme ${name}`);
    if (isBearerScheme(scheme)) security = { ...security, bearerScheme: name, scopes };
    else if (isHeaderApiKey(scheme)) security = { ...security, apiKey: true };
    else throw new Error(`${method.toUpperCase()} ${path}: API Gateway cannot enforce security scheme ${name}`);
  }
  return security;
}

function securitySchemesFor(spec: OpenApiDocument, options: ApiGatewaySpecOptions): Record<string, SecurityScheme> {
  const out: Record<string, SecurityScheme> = {};
  for (const [name, scheme] of Object.entries(spec.components?.securitySchemes ?? {})) {
    if (isBearerScheme(scheme)) {
      if (options.userPoolArn === undefined) throw new Error(`Security scheme ${name} needs a Cognito user pool`);
      out[name] = {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        description: scheme.description,
        'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [options.userPoolArn] },
      };
    } else if (isHeaderApiKey(scheme)) {
      out[API_KEY_SCHEME] = { type: 'apiKey', name: 'x-api-key', in: 'header', description: scheme.description };
    }
  }
  return out;
}

function gatewayRequirement(security: GatewaySecurity, scopePrefix: string | undefined): SecurityRequirement[] {
  const requirement: SecurityRequirement = {};
  if (security.bearerScheme !== undefined) {
    requirement[security.bearerScheme] = security.scopes.map((s) => (scopePrefix ? `${scopePrefix}/${s}` : s));
  }
  if (security.apiKey) requirement[API_KEY_SCHEME] = [];
  return Object.keys(requirement).length === 0 ? [] : [requirement];
}

const proxyIntegration = (uri: string) => ({
  type: 'aws_proxy',
  httpMethod: 'POST',
  uri,
  passthroughBehavior: 'when_no_match',
  timeoutInMillis: API_GATEWAY_INTEGRATION_TIMEOUT_MS,
});

const requestParameter = (p: Parameter) => `method.request.${p.in === 'query' ? 'querystring' : p.in}.${p.name}`;

function gatewayOperation(spec: OpenApiDocument, item: PathItem, op: SpecOperation, options: ApiGatewaySpecOptions) {
  const security = securityOf(spec, op);
  const parameters = parametersOf(spec, item, op.operation);
  const integration: Record<string, unknown> = proxyIntegration(options.integrationUri);
  if (options.caching && isCacheable(spec, op)) {
    // Declared (not required: the authorizer answers a missing token) so it can be a cache key.
    if (security.bearerScheme !== undefined)
      parameters.push({ name: 'Authorization', in: 'header', required: false, schema: { type: 'string' } });
    integration.cacheNamespace = `${op.method}:${op.path}`;
    integration.cacheKeyParameters = parameters.filter((p) => p.in !== 'cookie').map(requestParameter);
  }
  return {
    ...op.operation,
    ...(parameters.length > 0 ? { parameters } : {}),
    security: gatewayRequirement(security, options.scopePrefix),
    'x-amazon-apigateway-request-validator': REQUEST_VALIDATOR,
    'x-amazon-apigateway-integration': integration,
  };
}

/** A response as HEAD answers it: GET's status and headers, no content (RFC 9110 §9.3.2). */
function withoutContent(spec: OpenApiDocument, response: unknown): unknown {
  let resolved = response as Record<string, unknown>;
  if (typeof resolved.$ref === 'string') {
    const name = resolved.$ref.replace('#/components/responses/', '');
    resolved = (spec.components?.responses as Record<string, Record<string, unknown>> | undefined)?.[name] ?? {};
  }
  const { content: _content, links: _links, ...rest } = resolved;
  return rest;
}

/**
 * API Gateway answers HEAD only where a head method is defined (otherwise the ANY method's 405): each GET gets one
 * with the same security, parameters, validator and Lambda, which routes it as the GET and drops the body.
 */
function headOperation(spec: OpenApiDocument, get: Record<string, unknown>) {
  const { operationId, summary, responses, ...rest } = get as Operation & { summary?: string };
  return {
    ...rest,
    ...(operationId === undefined ? {} : { operationId: `${operationId}Head` }),
    summary: `${summary ?? operationId ?? 'GET'} (HEAD: the GET's status and headers, no body)`,
    responses: Object.fromEntries(
      Object.entries((responses ?? {}) as Record<string, unknown>).map(([status, r]) => [
        status,
        withoutContent(spec, r),
      ]),
    ),
  };
}

/** Preflights reach the Lambda, which answers them from the same CORS settings as every response; no credentials. */
function preflightOperation(spec: OpenApiDocument, item: PathItem, options: ApiGatewaySpecOptions) {
  const pathParameters = parametersOf(spec, item, undefined).filter((p) => p.in === 'path');
  return {
    summary: 'CORS preflight',
    ...(pathParameters.length > 0 ? { parameters: pathParameters } : {}),
    security: [],
    responses: { '204': { description: 'CORS preflight answer.' } },
    'x-amazon-apigateway-integration': proxyIntegration(options.integrationUri),
  };
}

/**
 * Every method a path does not define reaches the Lambda, unauthenticated, so it answers 405 with `Allow` as the
 * contract says; without it API Gateway answers MISSING_AUTHENTICATION_TOKEN. Defined methods take precedence.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-any-method.html
 */
function otherMethodsOperation(spec: OpenApiDocument, item: PathItem, options: ApiGatewaySpecOptions) {
  const pathParameters = parametersOf(spec, item, undefined).filter((p) => p.in === 'path');
  return {
    summary: 'Methods this path does not have (answered 405 by the Lambda)',
    ...(pathParameters.length > 0 ? { parameters: pathParameters } : {}),
    security: [],
    responses: { '405': { description: 'Method Not Allowed; `Allow` lists the methods the path has.' } },
    'x-amazon-apigateway-integration': proxyIntegration(options.integrationUri),
  };
}

export function toApiGatewaySpec(source: OpenApiDocument, options: ApiGatewaySpecOptions): OpenApiDocument {
  const spec = structuredClone(source);
  const paths: Record<string, PathItem> = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    const out: PathItem = {};
    for (const op of operationsOf(spec).filter((o) => o.path === path)) {
      out[op.method] = gatewayOperation(spec, item, op, options);
    }
    if (out.get !== undefined && out.head === undefined) {
      out.head = headOperation(
        spec,
        gatewayOperation(spec, item, { path, method: 'head', operation: item.get as Operation }, options),
      );
    }
    out.options = preflightOperation(spec, item, options);
    out[ANY_METHOD] = otherMethodsOperation(spec, item, options);
    paths[path] = out;
  }
  // Each operation now states its own requirement in API Gateway's terms; the spec-level default would only mislead.
  // `servers` name the local gateway and mock; the deployed API has its own URL and base path.
  const { security: _defaultSecurity, servers: _servers, ...rest } = spec;
  return importableSubset({
    ...rest,
    paths,
    components: { ...spec.components, securitySchemes: securitySchemesFor(spec, options) },
    'x-amazon-apigateway-api-key-source': 'HEADER',
    'x-amazon-apigateway-request-validators': {
      [REQUEST_VALIDATOR]: { validateRequestBody: true, validateRequestParameters: true },
    },
    'x-amazon-apigateway-request-validator': REQUEST_VALIDATOR,
    'x-amazon-apigateway-gateway-responses': problemGatewayResponses(options.gatewayResponses),
  }) as OpenApiDocument;
}
