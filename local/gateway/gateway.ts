// The local stand-in for API Gateway: it interprets the document the stack imports (apiGateway/).
// In API Gateway's order: resource → Cognito authorizer → API key and usage plan → (only then the body is read) →
// request validator → Lambda proxy integration, each refusal rendered from the document's gateway responses.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { OpenApiDocument } from '../../apiGateway/apiGatewaySpec.js';
import { API_GATEWAY_INTEGRATION_TIMEOUT_MS } from '../../config/timeBudget.js';
import generatedSpec from '../../generated/openapi.json' with { type: 'json' };
import { corsHeaders } from '../../src/http/cors.js';
import { NotFoundError, PayloadTooLargeError } from '../../src/http/httpErrors.js';
import { toProblem } from '../../src/http/problem.js';
import type { ApiResponse } from '../../src/http/response.js';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../devAuth.js';
import { root } from '../root.js';
import { type ApiKeyStore, checkApiKey } from './apiKeyCheck.js';
import { createCognitoAuthorizer } from './authorizer.js';
import { LOCAL_USER_POOL_ARN, localGatewayDocument } from './gatewayDocument.js';
import { createGatewayResponses } from './gatewayResponse.js';
import { invoke, type ProxyHandler } from './integration.js';
import { asRefusal, EXPECTATION_FAILED, parserRefusal, rawResponse } from './parserRefusals.js';
import { pathOf, toProxyEvent, withBody } from './proxyEventFromHttp.js';
import { closeIfBodyUnread, readBody } from './readBody.js';
import { hasOneHost, originForm } from './requestTarget.js';
import { createRequestValidator } from './requestValidator.js';
import { createResourceMatcher } from './resources.js';

export type { ProxyHandler } from './integration.js';

export interface GatewayOptions {
  handler: ProxyHandler;
  maxPayloadBytes: number;
  /** The stage's CORS origins: the gateway responses' static Access-Control-Allow-Origin comes from them. */
  corsAllowedOrigins: readonly string[];
  /** One line per request to stdout; off in tests. */
  log?: (line: string) => void;
  /** A request the gateway itself failed on (a bug, never the client's): answered DEFAULT_5XX, reported here. */
  logError?: (message: string, error: unknown) => void;
  /** API keys (value → key id) and the usage plan they are on, enforced where the document's security names api_key. */
  apiKeys: ApiKeyStore;
  /** The JWKS published at /.well-known/jwks.json: the local stand-in for the Cognito user pool's keys. */
  jwks: { keys: unknown[] };
  /** Like API Gateway's integration timeout (29 s): a handler still running then gets INTEGRATION_TIMEOUT. */
  integrationTimeoutMs?: number;
  /** The bundled spec the gateway's document is built from; generated/openapi.json when unset. */
  spec?: OpenApiDocument;
}

/** The gateway's server; `useSpec` rebuilds what it enforces from a new bundled spec (npm start's reload). */
export interface GatewayServer extends Server {
  useSpec(spec: OpenApiDocument): void;
}
/** Built by `npm run docs` (and before `npm start` and the tests); read per request so a rebuild shows at once. */
const docsFile = join(root, 'generated/docs/index.html');

function send(
  res: ServerResponse,
  result: { statusCode: number; headers?: Record<string, string | number | boolean>; body?: string },
) {
  closeIfBodyUnread(res);
  // A HEAD answer has GET's headers and no body; no Content-Length, as it could not be the GET's (RFC 9110 §8.6).
  const head = res.req.method === 'HEAD';
  const body = head ? '' : (result.body ?? '');
  // Node's flat [name, value, …] form: no copy of the handler's header object per request.
  const headers: string[] = [];
  for (const name in result.headers) headers.push(name, String(result.headers[name]));
  // A length, as API Gateway sends, rather than chunked encoding (204 and 304 carry neither).
  if (!head && result.statusCode !== 204 && result.statusCode !== 304) {
    headers.push('Content-Length', String(Buffer.byteLength(body)));
  }
  res.writeHead(result.statusCode, headers);
  res.end(body);
}

/** The oversize answer carries CORS headers, like API Gateway's own 413. */
const withCors = (problem: ApiResponse, req: IncomingMessage, allowedOrigins: readonly string[]) => ({
  ...problem,
  headers: { ...problem.headers, ...corsHeaders(req.headers.origin, allowedOrigins) },
});

const headerOf = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function createGateway({
  handler,
  maxPayloadBytes,
  corsAllowedOrigins,
  log,
  apiKeys,
  jwks,
  integrationTimeoutMs = API_GATEWAY_INTEGRATION_TIMEOUT_MS,
  spec = generatedSpec as unknown as OpenApiDocument,
  logError = (message, error) => console.error(message, error),
}: GatewayOptions): GatewayServer {
  const jwksJson = JSON.stringify(jwks);
  /** Everything the gateway derives from the spec, built at once so a request sees one version of it. */
  const enforcing = (bundled: OpenApiDocument) => {
    const document = localGatewayDocument(corsAllowedOrigins, bundled);
    return {
      specJson: JSON.stringify(bundled),
      matchMethod: createResourceMatcher(document),
      authorize: createCognitoAuthorizer(document, {
        arn: LOCAL_USER_POOL_ARN,
        issuer: LOCAL_ISSUER,
        clientIds: [LOCAL_CLIENT_ID],
        jwks: jwks as never,
      }),
      validate: createRequestValidator(document),
      gatewayResponse: createGatewayResponses(document),
    };
  };
  let current = enforcing(spec);

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const { specJson, matchMethod, authorize, validate, gatewayResponse } = current;
    const target = originForm(req.url ?? '/');
    const path = pathOf(target);
    if (log !== undefined) {
      const started = performance.now();
      res.on('finish', () =>
        log(`${req.method} ${req.url} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`),
      );
    }
    if (!hasOneHost(req)) {
      // As Node answers a missing Host: a request proxies may read differently ends its connection.
      res.setHeader('Connection', 'close');
      return send(res, gatewayResponse('DEFAULT_4XX', { requestId: randomUUID() }));
    }
    // The local conveniences answer HEAD as GET, like every GET of the document.
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (get && path === '/openapi.json') {
      return send(res, {
        statusCode: 200,
        headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
        body: specJson,
      });
    }
    if (get && (path === '/docs' || path === '/docs/')) {
      const html = await readFile(docsFile, 'utf8').catch(() => undefined);
      if (html === undefined) {
        return send(
          res,
          toProblem(new NotFoundError('The API docs are not built: run `npm run docs`.'), 'local-gateway'),
        );
      }
      return send(res, { statusCode: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html });
    }
    if (get && path === '/.well-known/jwks.json') {
      return send(res, { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: jwksJson });
    }
    const event = toProxyEvent(req, target);
    const { requestId } = event.requestContext;
    // The path as sent, not a normalised one: a dot-segment must not route around the authorizer or the key.
    const method = matchMethod(event.httpMethod, event.path);
    if (method === undefined) {
      return send(
        res,
        gatewayResponse('MISSING_AUTHENTICATION_TOKEN', { requestId, message: 'Missing Authentication Token' }),
      );
    }
    event.resource = method.resource;
    event.requestContext.resourcePath = method.resource;
    event.pathParameters = method.pathParameters;

    const authorizer = await authorize(method.operation, headerOf(req, 'authorization'));
    if (authorizer.kind === 'refused') {
      return send(res, gatewayResponse('UNAUTHORIZED', { requestId, message: authorizer.message }));
    }
    if (authorizer.kind === 'allowed') event.requestContext.authorizer = { claims: authorizer.claims };

    const key = checkApiKey(apiKeys, method.operation, headerOf(req, 'x-api-key'));
    if (key.kind === 'refused') return send(res, gatewayResponse(key.type, { requestId, message: key.message }));
    if (key.kind === 'allowed') {
      event.requestContext.identity.apiKey = key.apiKey;
      event.requestContext.identity.apiKeyId = key.apiKeyId;
    }

    // Only now the body: a request refused above was answered without reading it.
    const body = await readBody(req, res, maxPayloadBytes);
    if (body === undefined) {
      // Like API Gateway/Lambda refusing an oversized payload before the function runs.
      res.setHeader('Connection', 'close');
      const problem = toProblem(new PayloadTooLargeError(maxPayloadBytes), 'local-gateway');
      return send(res, withCors(problem, req, corsAllowedOrigins));
    }
    if (body.length > 0) withBody(event, body);

    const validation = validate(method.operation, {
      headers: event.headers as Record<string, string>,
      query: event.queryStringParameters as Record<string, string> | null,
      pathParameters: method.pathParameters,
      contentType: headerOf(req, 'content-type'),
      // The validator reads the text; bytes that are not UTF-8 reach the function base64-encoded, which refuses them.
      body: body.length > 0 ? body.toString('utf8') : undefined,
    });
    if (validation.kind === 'refused') {
      const { type, validationErrorString } = validation;
      const message = type === 'BAD_REQUEST_BODY' ? 'Invalid request body' : validationErrorString;
      return send(res, gatewayResponse(type, { requestId, message, validationErrorString }));
    }

    const result = await invoke(handler, event, integrationTimeoutMs);
    if (result === 'timeout') {
      return send(res, gatewayResponse('INTEGRATION_TIMEOUT', { requestId, message: 'Endpoint request timed out' }));
    }
    if (result === 'failed') {
      return send(res, gatewayResponse('INTEGRATION_FAILURE', { requestId, message: 'Internal server error' }));
    }
    send(res, result);
  };
  /** No request's error escapes: a rejection here would be unhandled and end the process (and `npm start`). */
  const handleRequest = (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((error: unknown) => {
      logError(`local gateway: ${req.method} ${req.url} failed`, error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.setHeader('Connection', 'close');
      send(res, current.gatewayResponse('DEFAULT_5XX', { requestId: randomUUID(), message: 'Internal server error' }));
    });
  };
  // Without the Host check Node would answer a missing Host itself, with an empty 400.
  const server = createServer({ requireHostHeader: false }, handleRequest);
  // `Expect: 100-continue` comes to the gateway, which says Continue only to a request it forwards (readBody).
  server.on('checkContinue', handleRequest);
  const refusal = (status: ReturnType<typeof parserRefusal>) =>
    asRefusal(current.gatewayResponse('DEFAULT_4XX', { requestId: randomUUID() }), status);
  // Any other Expect: Node would answer an empty 417.
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Connection', 'close');
    send(res, refusal(EXPECTATION_FAILED));
  });
  // What Node's parser refuses (it would answer an empty 400 or 431): the gateway's problem, then the socket closed.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const answer = refusal(parserRefusal(error.code));
    log?.(`- (unparsed request) ${answer.statusCode} ${error.code ?? error.message}`);
    socket.end(rawResponse(answer));
  });
  return Object.assign(server, {
    useSpec: (bundled: OpenApiDocument) => {
      current = enforcing(bundled);
    },
  });
}
