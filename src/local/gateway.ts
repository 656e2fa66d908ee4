// The local stand-in for API Gateway: real HTTP in, the same proxy events AWS sends to the same handler, HTTP out.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Document, OpenAPIRouter } from 'openapi-backend';
import { API_GATEWAY_INTEGRATION_TIMEOUT_MS } from '../../config/timeBudget.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { corsHeaders } from '../http/cors.js';
import {
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../http/errors.js';
import { toProblem } from '../http/problem.js';
import type { ApiResponse } from '../http/response.js';
import type { ProxyEvent, ProxyResult } from '../lambda/proxyEvent.js';
import { gatewayResponseRenderer } from './gatewayResponse.js';
import { pathOf, toProxyEvent } from './proxyEvent.js';
import type { UsagePlan } from './usagePlan.js';

export type ProxyHandler = (event: ProxyEvent, context: { awsRequestId: string }) => Promise<ProxyResult>;

export interface GatewayOptions {
  handler: ProxyHandler;
  maxPayloadBytes: number;
  /** For the responses the gateway itself gives (like API Gateway's gateway responses). */
  corsAllowedOrigins: readonly string[];
  /** One line per request to stdout; off in tests. */
  log?: (line: string) => void;
  /** API keys (value → key id) and the usage plan they are on, enforced where the spec's security names an apiKey. */
  apiKeys: { keys: ReadonlyMap<string, string>; usagePlan: UsagePlan };
  /** The JWKS published at /.well-known/jwks.json (the local stand-in for Cognito's). */
  jwks?: unknown;
  /** Like API Gateway's integration timeout (29 s): a handler still running then gets INTEGRATION_TIMEOUT. */
  integrationTimeoutMs?: number;
}

type Requirement = Record<string, string[]>;
type Scheme = { type?: string; scheme?: string };
const schemesWhere = (test: (scheme: Scheme) => boolean) =>
  new Set(
    Object.entries((spec as unknown as Document).components?.securitySchemes ?? {})
      .filter(([, scheme]) => test(scheme as Scheme))
      .map(([name]) => name),
  );
const apiKeySchemes = schemesWhere((s) => s.type === 'apiKey');
/** The schemes API Gateway's Cognito authorizer enforces (src/apiGateway/apiGatewaySpec.ts maps the same ones). */
const bearerSchemes = schemesWhere(
  (s) => s.type === 'oauth2' || s.type === 'openIdConnect' || (s.type === 'http' && s.scheme === 'bearer'),
);
// The Lambda's router, so the gateway and the Lambda agree on which operation a request is.
const router = new OpenAPIRouter({ definition: spec as unknown as Document });

/** Whether the operation's security names one of these schemes (API Gateway's per-method settings, from the spec). */
function requires(schemes: ReadonlySet<string>, method: string, path: string): boolean {
  const operation = router.matchOperation({ method, path, headers: {} });
  const requirements = (operation?.security ?? []) as Requirement[];
  return requirements.some((requirement) => Object.keys(requirement).some((name) => schemes.has(name)));
}

/**
 * API Gateway renames these headers of a proxy integration's response (X-Amzn-Remapped-<name>); the ones this API sets.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html#api-gateway-known-issues-rest-apis
 */
const REMAPPED_HEADERS = new Set(['www-authenticate']);

function remapped(result: ProxyResult): ProxyResult {
  const headers = result.headers;
  if (headers === undefined || !Object.keys(headers).some((name) => REMAPPED_HEADERS.has(name.toLowerCase()))) {
    return result;
  }
  const out: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[REMAPPED_HEADERS.has(name.toLowerCase()) ? `X-Amzn-Remapped-${name}` : name] = value;
  }
  return { ...result, headers: out };
}

const specJson = JSON.stringify(spec);
/** Built by `npm run docs` (and before `npm start` and the tests); read per request so a rebuild shows at once. */
const docsFile = new URL('../../generated/docs/index.html', import.meta.url);

/** Without Content-Length or Transfer-Encoding an HTTP/1.1 request has no body (RFC 9112 §6.3): nothing to wait for. */
const hasBody = (req: IncomingMessage) =>
  req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;

const NO_BODY = Buffer.alloc(0);

/** Reads the body up to the limit; undefined means it was larger. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        done(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function send(
  res: ServerResponse,
  result: { statusCode: number; headers?: Record<string, string | number | boolean>; body?: string },
) {
  const body = result.body ?? '';
  // Node's flat [name, value, …] form: no copy of the handler's header object per request.
  const headers: string[] = [];
  for (const name in result.headers) headers.push(name, String(result.headers[name]));
  // A length, as API Gateway sends, rather than chunked encoding (204 and 304 carry neither).
  if (result.statusCode !== 204 && result.statusCode !== 304) {
    headers.push('Content-Length', String(Buffer.byteLength(body)));
  }
  res.writeHead(result.statusCode, headers);
  res.end(body);
}

/** The gateway's own answers (413, 403, 429) carry CORS headers, like API Gateway's gateway responses. */
const withCors = (problem: ApiResponse, req: IncomingMessage, allowedOrigins: readonly string[]) => ({
  ...problem,
  headers: { ...problem.headers, ...corsHeaders(req.headers.origin, allowedOrigins) },
});

export function createGateway({
  handler,
  maxPayloadBytes,
  corsAllowedOrigins,
  log,
  apiKeys,
  jwks,
  integrationTimeoutMs = API_GATEWAY_INTEGRATION_TIMEOUT_MS,
}: GatewayOptions): Server {
  const jwksJson = jwks === undefined ? undefined : JSON.stringify(jwks);
  const integrationTimeout = gatewayResponseRenderer('INTEGRATION_TIMEOUT', corsAllowedOrigins);
  /** The handler's result, or API Gateway's timeout answer once it has run too long (the handler is left running). */
  const invoke = async (event: ProxyEvent, requestId: string) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<ReturnType<typeof integrationTimeout>>((resolve) => {
      timer = setTimeout(() => resolve(integrationTimeout(requestId)), integrationTimeoutMs);
    });
    try {
      return await Promise.race([handler(event, { awsRequestId: requestId }).then(remapped), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
  return createServer(async (req, res) => {
    const path = pathOf(req.url ?? '/');
    if (log !== undefined) {
      const started = performance.now();
      res.on('finish', () =>
        log(`${req.method} ${req.url} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`),
      );
    }
    try {
      if (req.method === 'GET' && path === '/openapi.json') {
        return send(res, {
          statusCode: 200,
          headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
          body: specJson,
        });
      }
      if (req.method === 'GET' && (path === '/docs' || path === '/docs/')) {
        const html = await readFile(docsFile, 'utf8').catch(() => undefined);
        if (html === undefined) {
          return send(
            res,
            toProblem(new NotFoundError('The API docs are not built: run `npm run docs`.'), 'local-gateway'),
          );
        }
        return send(res, { statusCode: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html });
      }
      if (req.method === 'GET' && path === '/.well-known/jwks.json' && jwksJson !== undefined) {
        return send(res, { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: jwksJson });
      }
      const body = hasBody(req) ? await readBody(req, maxPayloadBytes) : NO_BODY;
      if (body === undefined) {
        // Like API Gateway/Lambda refusing an oversized payload before the function runs.
        res.setHeader('Connection', 'close');
        const problem = toProblem(new PayloadTooLargeError(maxPayloadBytes), 'local-gateway');
        return send(res, withCors(problem, req, corsAllowedOrigins));
      }
      const event = toProxyEvent(req, body.length > 0 ? body.toString('utf8') : undefined);
      // The path the function will route, not the raw one: a dot-segment must not route around the key.
      if (requires(apiKeySchemes, event.httpMethod, event.path)) {
        const { requestId } = event.requestContext;
        const value = req.headers['x-api-key'];
        const apiKeyId = typeof value === 'string' ? apiKeys.keys.get(value) : undefined;
        // API Gateway answers a missing or unknown key with 403 before the function runs.
        if (apiKeyId === undefined) {
          const problem = toProblem(new ForbiddenError('A valid API key is required in x-api-key.'), requestId);
          return send(res, withCors(problem, req, corsAllowedOrigins));
        }
        const usage = apiKeys.usagePlan.take(apiKeyId);
        if (!usage.allowed) {
          const detail =
            usage.reason === 'quota'
              ? "The API key's daily quota is used up. Retry later."
              : "The API key's request rate is exceeded. Retry later.";
          const problem = toProblem(new TooManyRequestsError(detail, usage.retryAfterSeconds), requestId);
          return send(res, withCors(problem, req, corsAllowedOrigins));
        }
        event.requestContext.identity.apiKey = value as string;
        event.requestContext.identity.apiKeyId = apiKeyId;
      }
      // Like the Cognito authorizer, which refuses a request without a token before the function runs.
      if (requires(bearerSchemes, event.httpMethod, event.path) && !req.headers.authorization) {
        const problem = toProblem(new UnauthorizedError(), event.requestContext.requestId);
        return send(res, withCors(problem, req, corsAllowedOrigins));
      }
      send(res, await invoke(event, event.requestContext.requestId));
    } catch {
      // The handler maps its own errors; reaching here is a gateway fault, answered like API Gateway's 502.
      send(res, {
        statusCode: 502,
        headers: { 'Content-Type': 'application/problem+json' },
        body: JSON.stringify({
          type: '/problems/bad-gateway',
          title: 'Bad Gateway',
          status: 502,
          detail: 'The integration failed.',
          instance: 'local-gateway',
        }),
      });
    }
  });
}
