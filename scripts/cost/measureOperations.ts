// Measures what one request of each operation uses (units, CPU, waits, bytes logged, S3 requests) on the real path.
// That is the Lambda handler as src/handler.ts builds it (metrics included), behind the local gateway, on DynamoDB
// Local and the local S3 (s3rver, as `npm start` runs it); an avatar's upload to S3 and the notification S3 sends the
// Lambda, and its download, are measured as rows of their own. The only additions: a middleware on the Lambda's
// DynamoDB clients that reads consumed capacity (capacity.ts), and the local S3 counting what it receives.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { median } from '../../bench/stats.js';
import { ACCESS_LOG_FORMAT } from '../../infra/lib/constructs/UsersRestApi.js';
import { type DevGateway, startDevGateway } from '../../local/devGateway.js';
import { startDynamoDbLocal } from '../../local/services/dynamoDbLocal.js';
import { ensureTable } from '../../local/services/ensureTable.js';
import { type S3Local, startS3Local } from '../../local/services/s3Local.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { createDefaultApi, createDefaultDependencies } from '../../src/lambda/defaultApi.js';
import { logger } from '../../src/lambda/logger.js';
import { createRequestRecorder, lambdaMetrics } from '../../src/metrics.js';
import { type ObjectCreatedEvent, recordAvatarUploads } from '../../src/operations/recordAvatarUploads.js';
import { type Consumed, capacityMeter } from './capacity.js';
import type { Entry, OperationMeasure } from './requestCost.js';

/** What the measured request left to price beyond the handler's own figures. */
interface Answer {
  readonly accessLogBytes: number;
  readonly objectsOut: number;
}

/** One request to measure: `prepare` makes what it needs (through the API too, not measured) and returns it. */
interface Scenario {
  readonly operation: string;
  readonly route: string;
  readonly entry: Entry;
  prepare(): Promise<() => Promise<Answer>>;
}

interface Sample {
  cpuMs: number;
  wallMs: number;
  logBytes: number;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
};

/** The in-process local S3: what it uses to answer a request made during a call is the call's wait on S3. */
interface InProcessServer {
  mark(): number;
  cpuMsSince(mark: number): number;
}

/**
 * Times the Lambda handlers it wraps (the API's and the upload notification's), less the CPU the in-process local
 * S3 spends answering them, and counts what they write to stdout/stderr (kept off the console); `restore` gives
 * the streams their own write back.
 */
function handlerProbe(samples: Sample[], server: InProcessServer) {
  let logBytes = 0;
  let inFlight = 0;
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (inFlight === 0) return write(chunk, ...rest);
      logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
  }
  return {
    wrap<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
      return async (...args) => {
        logBytes = 0;
        inFlight++;
        const cpu = process.cpuUsage();
        const mark = server.mark();
        const started = performance.now();
        try {
          return await handler(...args);
        } finally {
          const wallMs = performance.now() - started;
          const cpuMs = cpuMsSince(cpu) - server.cpuMsSince(mark);
          inFlight--;
          samples.push({ cpuMs, wallMs, logBytes });
        }
      };
    },
    restore() {
      streams.forEach((stream, i) => {
        stream.write = originals[i] as typeof stream.write;
      });
    },
  };
}

/**
 * The S3 request a method and URL (path style) are, named as S3 prices them: a GET of the bucket itself is a LIST.
 */
export function s3RequestKind(method: string, url: string): string {
  const path = url.split('?')[0] ?? '';
  const isBucket = path.replace(/^\/+|\/+$/g, '').split('/').length === 1;
  return method === 'GET' && isBucket ? 'LIST' : method;
}

/** Counts the requests the local S3 receives, by kind, and the CPU it uses to answer each. */
function s3RequestCounter() {
  let seen: Record<string, number> = {};
  const cpuMs: number[] = [];
  return {
    onRequest: (request: IncomingMessage, response: ServerResponse) => {
      const kind = s3RequestKind(request.method ?? '', request.url ?? '');
      seen[kind] = (seen[kind] ?? 0) + 1;
      const index = cpuMs.push(0) - 1;
      const start = process.cpuUsage();
      response.once('finish', () => {
        cpuMs[index] = cpuMsSince(start);
      });
    },
    /** Marks the requests received so far. */
    mark: () => cpuMs.length,
    /** The CPU used to answer the requests received since `mark`. */
    cpuMsSince: (mark: number) => cpuMs.slice(mark).reduce((sum, ms) => sum + ms, 0),
    /** What was received since the last call of take(), and starts counting again. */
    take(): Record<string, number> {
      const taken = seen;
      seen = {};
      return taken;
    },
  };
}

/** API Gateway's access-log line for a request (the stack's format, representative ids and latencies). */
export function accessLogBytes(method: string, route: string, status: number, responseBytes: number): number {
  const values: Record<string, string> = {
    requestId: randomUUID(),
    'identity.sourceIp': '203.0.113.17',
    httpMethod: method,
    resourcePath: route,
    status: String(status),
    responseLatency: '18',
    integrationLatency: '15',
    responseLength: String(responseBytes),
    'error.responseType': '-',
    'identity.apiKeyId': 'a1b2c3d4e5',
    'authorizer.claims.client_id': '4k7lq2ncd0e9h3s8pdmu1ovbfr',
    'waf.status': '200',
    xrayTraceId: '1-5759e988-bd862e3fe1be46a994272793',
  };
  const line = ACCESS_LOG_FORMAT.replace(/\$context\.([\w.]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no sample value for $context.${name} of the access-log format`);
    return value;
  });
  return Buffer.byteLength(`${line}\n`);
}

export interface MeasureOptions {
  /** Measured requests per operation. */
  readonly rounds: number;
  /** Requests per operation before those, to warm its code (JIT): a month of traffic is warm requests. */
  readonly warmUp: number;
  /** A running DynamoDB (Local); a new DynamoDB Local if unset. */
  readonly dynamoEndpoint?: string;
}

/** The avatar each measured upload sends: its size does not change a request's work (priced by StageFacts). */
const AVATAR = new Blob([new Uint8Array(64 * 1024).fill(7)], { type: 'image/png' });
const BUCKET = 'users-api-cost-avatars';

export async function measureOperations({
  rounds,
  warmUp,
  dynamoEndpoint,
}: MeasureOptions): Promise<OperationMeasure[]> {
  const dynamo =
    dynamoEndpoint === undefined ? await startDynamoDbLocal() : { endpoint: dynamoEndpoint, stop: async () => {} };
  const tableName = `cost-${randomUUID()}`;
  const setup = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(setup, tableName);
  setup.destroy();
  const meter = capacityMeter();
  const s3Counter = s3RequestCounter();
  const samples: Sample[] = [];
  const probe = handlerProbe(samples, s3Counter);
  // S3 notifies the Lambda of each upload, asynchronously: here the notification is handled once the upload has
  // been answered, so the handler's time is its own, not shared with the local S3 and the client finishing the POST.
  const notifications: ObjectCreatedEvent[] = [];
  let notify: ((event: ObjectCreatedEvent) => Promise<void>) | undefined;
  let s3: S3Local | undefined;
  let gateway: DevGateway | undefined;
  try {
    // The local S3 as `npm start` runs it (local/main.ts), its objects in memory.
    s3 = await startS3Local({
      bucket: BUCKET,
      inMemory: true,
      corsAllowedOrigins: ['*'],
      onObjectCreated: (event) => {
        notifications.push(event);
      },
      onRequest: s3Counter.onRequest,
    });
    const s3Endpoint = s3.endpoint;
    gateway = await startDevGateway({
      usagePlan: { rateLimit: 100_000, burstLimit: 100_000, quotaPerDay: 10_000_000 },
      corsAllowedOrigins: ['*'],
      handler: (authEnv) => {
        // As the stack configures the function (infra/lib/constructs/UsersFunction.ts), on DynamoDB Local and S3.
        const config = loadConfig({
          ...authEnv,
          TABLE_NAME: tableName,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          AVATAR_BUCKET: BUCKET,
          S3_ENDPOINT: s3Endpoint,
          AWS_REGION: 'us-east-1',
          VALIDATE_RESPONSES: 'false',
          CURSOR_SECRET: randomUUID() + randomUUID(),
          AWS_LAMBDA_FUNCTION_VERSION: '12',
        });
        // The notification's handler as createAvatarEventHandler (src/lambda/defaultApi.ts) builds it: its own
        // repository and avatar store, on a DynamoDB client the meter reads.
        const eventDeps = createDefaultDependencies(config, (client) => meter.install(client));
        notify = probe.wrap((event: ObjectCreatedEvent) =>
          recordAvatarUploads(event, eventDeps, (reason, record) =>
            logger.info?.('S3 record skipped', { reason, record }),
          ),
        );
        const record = createRequestRecorder(lambdaMetrics(), config.functionVersion);
        return probe.wrap(createHandler(config, (c) => createDefaultApi(c, (client) => meter.install(client)), record));
      },
    });
    const notified = async (event: ObjectCreatedEvent) => {
      if (notify === undefined) throw new Error('the Lambda is not built yet');
      await notify(event);
    };
    return await measureScenarios(gateway, { rounds, warmUp, meter, s3Counter, samples, notifications, notified });
  } finally {
    probe.restore();
    await gateway?.stop();
    await s3?.stop();
    await dynamo.stop();
  }
}

interface Meters {
  readonly rounds: number;
  readonly warmUp: number;
  readonly meter: ReturnType<typeof capacityMeter>;
  readonly s3Counter: ReturnType<typeof s3RequestCounter>;
  readonly samples: Sample[];
  /** The upload notifications S3 has sent and no handler has run yet. */
  readonly notifications: ObjectCreatedEvent[];
  /** Runs the Lambda's handler of an upload notification. */
  notified(event: ObjectCreatedEvent): Promise<void>;
}

async function measureScenarios(
  gateway: DevGateway,
  { rounds, warmUp, meter, s3Counter, samples, notifications, notified }: Meters,
): Promise<OperationMeasure[]> {
  const auth = await gateway.authHeaders();
  const send = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetch(`${gateway.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const header = (name: string) => response.headers.get(name) ?? '';
    return { status: response.status, etag: header('etag'), location: header('location'), text };
  };
  const expectStatus = (what: string, answer: { status: number; text: string }, status: number) => {
    if (answer.status !== status) throw new Error(`${what} answered ${answer.status}, not ${status}: ${answer.text}`);
  };
  const newUser = async () => {
    const created = await send('POST', '/users', {}, { name: 'Ada Lovelace', email: `${randomUUID()}@example.com` });
    expectStatus('creating a user', created, 201);
    return { userId: (JSON.parse(created.text) as { user: { userId: string } }).user.userId, etag: created.etag };
  };
  /** The presigned POST for a new avatar of the user (the API's answer to requestAvatarUpload). */
  const uploadGrant = async (userId: string) => {
    const grant = await send('PUT', `/users/${userId}/avatar`, {}, { contentType: 'image/png' });
    expectStatus('requestAvatarUpload', grant, 200);
    return JSON.parse(grant.text) as { url: string; fields: Record<string, string> };
  };
  /** The client's upload to S3, and the notification S3 sends the Lambda (awaited: it is part of the upload). */
  const upload = async (grant: { url: string; fields: Record<string, string> }) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
    form.append('file', AVATAR);
    const response = await fetch(grant.url, { method: 'POST', body: form });
    expectStatus('the upload to S3', { status: response.status, text: await response.text() }, 204);
    // s3rver sends the notification before it answers.
    const [event, ...more] = notifications.splice(0);
    if (event === undefined || more.length > 0) throw new Error(`an upload led to ${more.length + 1} notifications`);
    await notified(event);
  };

  // More users than a default page (25), so a list reads a whole page and one more.
  const someone = await newUser();
  for (let i = 1; i < 30; i++) await newUser();
  const withAvatar = await newUser();
  await upload(await uploadGrant(withAvatar.userId));
  const userBody = () => ({ name: 'Grace Hopper', email: `${randomUUID()}@example.com` });

  /** A request through API Gateway to the Lambda. */
  const api = (
    operation: string,
    method: string,
    route: string,
    expect: number,
    prepare: () => Promise<{ path: string; headers?: Record<string, string>; body?: unknown }>,
  ): Scenario => ({
    operation,
    route: `${method} ${route}`,
    entry: 'gateway',
    prepare: async () => {
      const request = await prepare();
      return async () => {
        const answer = await send(method, request.path, request.headers, request.body);
        expectStatus(operation, answer, expect);
        return {
          accessLogBytes: accessLogBytes(method, route, answer.status, Buffer.byteLength(answer.text)),
          objectsOut: 0,
        };
      };
    },
  });
  const scenarios: Scenario[] = [
    api('getHello', 'GET', '/hello', 200, async () => ({ path: '/hello' })),
    api('getUser', 'GET', '/users/{userId}', 200, async () => ({ path: `/users/${someone.userId}` })),
    api('listUsers', 'GET', '/users', 200, async () => ({ path: '/users' })),
    api('createUser', 'POST', '/users', 201, async () => ({ path: '/users', body: userBody() })),
    api('createUser/idempotencyKey', 'POST', '/users', 201, async () => ({
      path: '/users',
      headers: { 'idempotency-key': randomUUID() },
      body: userBody(),
    })),
    api('updateUser', 'PUT', '/users/{userId}', 200, async () => {
      const { userId, etag } = await newUser();
      return { path: `/users/${userId}`, headers: { 'if-match': etag }, body: { name: 'Ada King' } };
    }),
    api('updateUser/email', 'PUT', '/users/{userId}', 200, async () => {
      const { userId, etag } = await newUser();
      return {
        path: `/users/${userId}`,
        headers: { 'if-match': etag },
        body: { email: `${randomUUID()}@example.com` },
      };
    }),
    api('deleteUser', 'DELETE', '/users/{userId}', 200, async () => {
      const { userId, etag } = await newUser();
      return { path: `/users/${userId}`, headers: { 'if-match': etag } };
    }),
    api('requestAvatarUpload', 'PUT', '/users/{userId}/avatar', 200, async () => ({
      path: `/users/${(await newUser()).userId}/avatar`,
      body: { contentType: 'image/png' },
    })),
    api('getAvatar', 'GET', '/users/{userId}/avatar', 302, async () => ({
      path: `/users/${withAvatar.userId}/avatar`,
    })),
    {
      operation: 'avatarUpload',
      route: 'POST to S3, S3 → Lambda',
      entry: 's3-event',
      prepare: async () => {
        const grant = await uploadGrant((await newUser()).userId);
        return async () => {
          await upload(grant);
          return { accessLogBytes: 0, objectsOut: 0 };
        };
      },
    },
    {
      operation: 'avatarDownload',
      route: 'GET from S3 (the 302)',
      entry: 's3',
      prepare: async () => {
        const redirect = await send('GET', `/users/${withAvatar.userId}/avatar`);
        expectStatus('getAvatar', redirect, 302);
        return async () => {
          const response = await fetch(redirect.location);
          const bytes = (await response.arrayBuffer()).byteLength;
          expectStatus('the download from S3', { status: response.status, text: '' }, 200);
          if (bytes !== AVATAR.size)
            throw new Error(`the download was ${bytes} bytes, not the ${AVATAR.size} uploaded`);
          return { accessLogBytes: 0, objectsOut: 1 };
        };
      },
    },
  ];

  const measures: OperationMeasure[] = [];
  for (const scenario of scenarios) {
    const runs: { sample?: Sample; consumed: Consumed; s3: Record<string, number>; answer: Answer }[] = [];
    for (let i = 0; i < warmUp + rounds; i++) {
      const request = await scenario.prepare();
      meter.take();
      s3Counter.take();
      samples.length = 0;
      const answer = await request();
      const consumed = meter.take();
      const s3 = s3Counter.take();
      const handlerCalls = scenario.entry === 's3' ? 0 : 1;
      if (samples.length !== handlerCalls) {
        throw new Error(`${scenario.operation}: ${samples.length} handler calls, not ${handlerCalls}`);
      }
      if (i >= warmUp) runs.push({ sample: samples[0], consumed, s3, answer });
    }
    const sampled = (pick: (s: Sample) => number) => runs.map((r) => (r.sample === undefined ? 0 : pick(r.sample)));
    const cpuMs = median(sampled((s) => s.cpuMs));
    const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.s3)))].sort();
    measures.push({
      operation: scenario.operation,
      route: scenario.route,
      entry: scenario.entry,
      readUnits: mean(runs.map((r) => r.consumed.readUnits)),
      writeUnits: mean(runs.map((r) => r.consumed.writeUnits)),
      refusedWrites: mean(runs.map((r) => r.consumed.refusedWrites)),
      cpuMs,
      waitMs: Math.max(0, median(sampled((s) => s.wallMs)) - cpuMs),
      lambdaLogBytes: mean(sampled((s) => s.logBytes)),
      accessLogBytes: mean(runs.map((r) => r.answer.accessLogBytes)),
      s3Requests: Object.fromEntries(kinds.map((kind) => [kind, mean(runs.map((r) => r.s3[kind] ?? 0))])),
      objectsOut: mean(runs.map((r) => r.answer.objectsOut)),
    });
  }
  return measures;
}
