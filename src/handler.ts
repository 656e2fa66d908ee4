// Lambda entry: adapts API Gateway proxy events (REST v1 and HTTP API v2) to the portable API and back.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { type Api, type ApiRequest, createApi, type ErrorLogger } from './api.js';
import { type Config, cursorSecretArnOf, loadConfig } from './config.js';
import {
  isObjectCreatedEvent,
  type ObjectCreatedEvent,
  recordAvatarUploads,
} from './operations/recordAvatarUploads.js';
import { DynamoUsersRepository } from './repository/DynamoUsersRepository.js';
import { createDynamoClient } from './repository/dynamoClient.js';
import type { IdempotencyGuard, IdempotencySettings } from './repository/idempotency.js';
import { readLambdaSecrets } from './secrets/lambdaSecrets.js';
import { avatarStoreOnDemand } from './storage/avatarStoreOnDemand.js';
import { createRequestRecorder, lambdaMetrics, operationOf, type RequestRecorder } from './telemetry.js';
import { type ClientTracer, loadClientTracer } from './tracing.js';

export type ProxyEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;
export type ProxyResult = APIGatewayProxyResult & APIGatewayProxyStructuredResultV2;

const isV2 = (event: ProxyEvent): event is APIGatewayProxyEventV2 => (event as { version?: string }).version === '2.0';

function lowerCaseKeys(
  record: Record<string, string | undefined> | null | undefined,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (record == null) return out;
  for (const key of Object.keys(record)) out[key.toLowerCase()] = record[key];
  return out;
}

type Claims = Record<string, unknown>;

/** Only what API Gateway itself wrote into requestContext: a client cannot set these, unlike any header. */
function gatewayIdentity(
  apiKeyId: string | null | undefined,
  claims: Claims | null | undefined,
): ApiRequest['gateway'] {
  const identity: { apiKeyId?: string; claims?: Claims } = {};
  if (apiKeyId) identity.apiKeyId = apiKeyId;
  if (claims && typeof claims === 'object' && Object.keys(claims).length > 0) identity.claims = claims;
  return identity;
}

/** REST APIs report the path as called (with the stage, e.g. /prod/users) next to the routed one (/users). */
function basePathOf(calledPath: string | undefined, routedPath: string): string {
  if (calledPath === undefined || calledPath === routedPath || !calledPath.endsWith(routedPath)) return '';
  return calledPath.slice(0, -routedPath.length);
}

export function toApiRequest(event: ProxyEvent): ApiRequest {
  const rawBody = event.body ?? undefined;
  const body =
    rawBody !== undefined && event.isBase64Encoded ? Buffer.from(rawBody, 'base64').toString('utf8') : rawBody;
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
    headers: lowerCaseKeys(event.headers),
    query: { ...event.queryStringParameters },
    body,
    requestId: event.requestContext.requestId,
    basePath: basePathOf(event.requestContext.path, event.path),
    // A Cognito user pool authorizer leaves the verified claims here; API key validation leaves the key's id.
    gateway: gatewayIdentity(
      event.requestContext.identity?.apiKeyId,
      event.requestContext.authorizer?.claims as Claims | undefined,
    ),
  };
}

type LogLevel = 'error' | 'info';

/**
 * The Lambda's log: Powertools Logger, imported and built by the first line logged (a 5xx, or refused credentials),
 * not at cold start. Most requests log nothing, and the logger is 16 KB of code a cold start would otherwise load.
 * A line logged while it loads waits in memory; the handler answers only once it is written (`logsWritten`), so
 * Lambda never freezes the process with a line unwritten.
 */
let powertoolsLogger: Logger | undefined;
let loading: Promise<void> | undefined;
const waiting: [LogLevel, string, Record<string, unknown>][] = [];

function log(level: LogLevel, message: string, details: Record<string, unknown>): void {
  if (powertoolsLogger !== undefined) {
    powertoolsLogger[level](message, details);
    return;
  }
  waiting.push([level, message, details]);
  loading ??= import('@aws-lambda-powertools/logger')
    .then(({ Logger }) => new Logger({ serviceName: 'users-api' }))
    // A logger that cannot load (never seen) must not lose the lines: they go to Lambda's console instead, and
    // the next line tries to load the logger again.
    .catch(() => undefined)
    .then((loaded) => {
      // Set only here, so that a line logged meanwhile waits too, and the lines are written in order.
      powertoolsLogger = loaded;
      loading = undefined;
      for (const [level, message, details] of waiting.splice(0)) (loaded ?? console)[level](message, details);
    });
}

export const logger: ErrorLogger = {
  error: (message, details) => log('error', message, details),
  info: (message, details) => log('info', message, details),
};

/** Settles once every line logged so far is written; undefined when none is waiting. */
export const logsWritten = (): Promise<void> | undefined => loading;

/**
 * Powertools idempotency (and its DynamoDB persistence layer) is loaded by the first request that carries an
 * Idempotency-Key: a request without one never needs it, so a cold start does not load it (npm run bench, section 2).
 */
function idempotencyOnDemand(client: DynamoDBClient, tableName: string, settings: IdempotencySettings) {
  let guard: Promise<IdempotencyGuard> | undefined;
  const load = () =>
    import('./repository/idempotency.js').then(
      ({ createIdempotencyGuard }) => createIdempotencyGuard(client, tableName, settings),
      (error: unknown) => {
        guard = undefined; // a failed load is retried by the next request
        throw error;
      },
    );
  const onDemand: IdempotencyGuard = async (request, work) => {
    guard ??= load();
    return (await guard)(request, work);
  };
  return onDemand;
}

const avatarsOf = ({ avatars, region }: Config) =>
  avatars.bucket === undefined ? {} : { avatars: avatarStoreOnDemand(avatars, avatars.bucket, region) };

/** Handles S3's notifications of avatar uploads (built on the first one: most containers never get one). */
export function createAvatarEventHandler(config: Config): (event: ObjectCreatedEvent) => Promise<void> {
  let deps: Parameters<typeof recordAvatarUploads>[1] | undefined;
  return (event) => {
    deps ??= {
      repository: new DynamoUsersRepository(createDynamoClient(config), config.tableName),
      ...avatarsOf(config),
      now: () => new Date(),
    };
    return recordAvatarUploads(event, deps);
  };
}

export function createDefaultApi(config: Config, traceClient: ClientTracer = (client) => client): Api {
  const client = traceClient(createDynamoClient(config));
  return createApi(
    {
      config,
      repository: new DynamoUsersRepository(client, config.tableName),
      idempotency: idempotencyOnDemand(client, config.tableName, {
        ttlSeconds: config.idempotencyTtlSeconds,
        waitMs: config.idempotencyWaitMs,
        inProgressMs: 30_000,
      }),
      ...avatarsOf(config),
      now: () => new Date(),
      newId: randomUUID,
    },
    logger,
  );
}

/** The route template API Gateway matched, e.g. `/users/{userId}` (REST) or `GET /users/{userId}` (HTTP API). */
const routeOf = (event: ProxyEvent) =>
  isV2(event) ? event.routeKey : (event.resource ?? event.requestContext.resourcePath);

/** Builds the API on the first request and keeps it for the life of the container. */
export function createHandler(
  config: Config = loadConfig(),
  buildApi: (config: Config) => Api = createDefaultApi,
  record?: RequestRecorder,
) {
  let api: Api | undefined;
  return async (event: ProxyEvent, context: Pick<Context, 'awsRequestId'>): Promise<ProxyResult> => {
    api ??= buildApi(config);
    const request = toApiRequest(event);
    // Every log line of the API names both ids itself: no per-request logger state to set and clear.
    request.invocationId = context.awsRequestId;
    const started = performance.now();
    const response = await api.handle(request);
    record?.(operationOf(request.method, routeOf(event)), response.statusCode, performance.now() - started);
    const logging = logsWritten();
    if (logging !== undefined) await logging;
    return {
      statusCode: response.statusCode,
      headers: response.headers,
      body: response.body ?? '',
      isBase64Encoded: false,
    };
  };
}

// Built during the Lambda's init phase, before the first request (AWS's advice for SDK clients); the tracer only
// when the stage enables it.
// The cursor key is read from Secrets Manager here, never passed in the environment (src/secrets/).
const lambdaConfig = loadConfig(process.env, await readLambdaSecrets(cursorSecretArnOf()));
const lambdaApi = createDefaultApi(lambdaConfig, await loadClientTracer(lambdaConfig.traceAwsSdkCalls));

const apiHandler = createHandler(
  lambdaConfig,
  () => lambdaApi,
  createRequestRecorder(lambdaMetrics(), lambdaConfig.functionVersion),
);
const avatarEvents = createAvatarEventHandler(lambdaConfig);

/** The Lambda entry: the default API, plus metrics per operation and status class; S3 notifications of avatars. */
export const handler = (event: ProxyEvent | ObjectCreatedEvent, context: Pick<Context, 'awsRequestId'>) =>
  isObjectCreatedEvent(event) ? avatarEvents(event) : apiHandler(event, context);
