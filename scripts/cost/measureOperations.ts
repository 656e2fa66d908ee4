// Measures what one request of each operation uses (request units, CPU, waits, bytes logged) on the real code path.
// That is the Lambda handler as src/handler.ts builds it (metrics included), behind the local gateway, on DynamoDB
// Local; the only addition is a middleware on the API's own DynamoDB client that reads consumed capacity (capacity.ts).
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ACCESS_LOG_FORMAT } from '../../infra/lib/constructs/UsersRestApi.js';
import { startDevGateway } from '../../local/devGateway.js';
import type { ProxyHandler } from '../../local/gateway/gateway.js';
import { startDynamoDbLocal } from '../../local/services/dynamoDbLocal.js';
import { ensureTable } from '../../local/services/ensureTable.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { createDefaultApi } from '../../src/lambda/defaultApi.js';
import { createRequestRecorder, lambdaMetrics } from '../../src/metrics.js';
import { capacityMeter } from './capacity.js';
import type { OperationMeasure } from './requestCost.js';

/** One request to measure, and what must exist before it (made through the API too, not measured). */
interface Scenario {
  readonly operation: string;
  readonly method: string;
  readonly route: string;
  readonly expect: number;
  prepare(): Promise<{ path: string; headers?: Record<string, string>; body?: unknown }>;
}

interface Sample {
  cpuMs: number;
  wallMs: number;
  logBytes: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * The handler, timed and with what it writes to stdout/stderr counted (and kept off the console); `restore` gives the
 * streams their own write back.
 */
function measured(handler: ProxyHandler, samples: Sample[]): { handler: ProxyHandler; restore(): void } {
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
  const timed: ProxyHandler = async (event, context) => {
    logBytes = 0;
    inFlight++;
    const cpu = process.cpuUsage();
    const started = performance.now();
    try {
      return await handler(event, context);
    } finally {
      const wallMs = performance.now() - started;
      const { user, system } = process.cpuUsage(cpu);
      inFlight--;
      samples.push({ cpuMs: (user + system) / 1000, wallMs, logBytes });
    }
  };
  const restore = () => {
    streams.forEach((stream, i) => {
      stream.write = originals[i] as typeof stream.write;
    });
  };
  return { handler: timed, restore };
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
  const samples: Sample[] = [];
  let restoreOutput = () => {};
  const gateway = await startDevGateway({
    usagePlan: { rateLimit: 100_000, burstLimit: 100_000, quotaPerDay: 10_000_000 },
    corsAllowedOrigins: ['*'],
    handler: (authEnv) => {
      // As the stack configures the function (infra/lib/constructs/UsersFunction.ts), on DynamoDB Local.
      const config = loadConfig({
        ...authEnv,
        TABLE_NAME: tableName,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        AWS_REGION: 'us-east-1',
        VALIDATE_RESPONSES: 'false',
        CURSOR_SECRET: randomUUID() + randomUUID(),
        AWS_LAMBDA_FUNCTION_VERSION: '12',
      });
      const record = createRequestRecorder(lambdaMetrics(), config.functionVersion);
      const handler = createHandler(config, (c) => createDefaultApi(c, (client) => meter.install(client)), record);
      const timed = measured(handler, samples);
      restoreOutput = timed.restore;
      return timed.handler;
    },
  });
  const auth = await gateway.authHeaders();
  const send = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetch(`${gateway.baseUrl}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, etag: response.headers.get('etag') ?? '', text };
  };
  const newUser = async () => {
    const created = await send('POST', '/users', {}, { name: 'Ada Lovelace', email: `${randomUUID()}@example.com` });
    if (created.status !== 201) throw new Error(`creating a user answered ${created.status}: ${created.text}`);
    return { userId: (JSON.parse(created.text) as { user: { userId: string } }).user.userId, etag: created.etag };
  };

  try {
    // More users than a default page (25), so a list reads a whole page and one more.
    const someone = await newUser();
    for (let i = 1; i < 30; i++) await newUser();
    const userBody = () => ({ name: 'Grace Hopper', email: `${randomUUID()}@example.com` });
    const scenarios: Scenario[] = [
      { operation: 'getHello', method: 'GET', route: '/hello', expect: 200, prepare: async () => ({ path: '/hello' }) },
      {
        operation: 'getUser',
        method: 'GET',
        route: '/users/{userId}',
        expect: 200,
        prepare: async () => ({ path: `/users/${someone.userId}` }),
      },
      {
        operation: 'listUsers',
        method: 'GET',
        route: '/users',
        expect: 200,
        prepare: async () => ({ path: '/users' }),
      },
      {
        operation: 'createUser',
        method: 'POST',
        route: '/users',
        expect: 201,
        prepare: async () => ({ path: '/users', body: userBody() }),
      },
      {
        operation: 'createUser/idempotencyKey',
        method: 'POST',
        route: '/users',
        expect: 201,
        prepare: async () => ({ path: '/users', headers: { 'idempotency-key': randomUUID() }, body: userBody() }),
      },
      {
        operation: 'updateUser',
        method: 'PUT',
        route: '/users/{userId}',
        expect: 200,
        prepare: async () => {
          const { userId, etag } = await newUser();
          return { path: `/users/${userId}`, headers: { 'if-match': etag }, body: { name: 'Ada King' } };
        },
      },
      {
        operation: 'updateUser/email',
        method: 'PUT',
        route: '/users/{userId}',
        expect: 200,
        prepare: async () => {
          const { userId, etag } = await newUser();
          return {
            path: `/users/${userId}`,
            headers: { 'if-match': etag },
            body: { email: `${randomUUID()}@example.com` },
          };
        },
      },
      {
        operation: 'deleteUser',
        method: 'DELETE',
        route: '/users/{userId}',
        expect: 200,
        prepare: async () => {
          const { userId, etag } = await newUser();
          return { path: `/users/${userId}`, headers: { 'if-match': etag } };
        },
      },
    ];
    const measures: OperationMeasure[] = [];
    for (const scenario of scenarios) {
      const runs: { sample: Sample; reads: number; writes: number; refused: number; accessLog: number }[] = [];
      for (let i = 0; i < warmUp + rounds; i++) {
        const request = await scenario.prepare();
        meter.take();
        samples.length = 0;
        const answer = await send(scenario.method, request.path, request.headers, request.body);
        if (answer.status !== scenario.expect) {
          throw new Error(`${scenario.operation} answered ${answer.status}, not ${scenario.expect}: ${answer.text}`);
        }
        const consumed = meter.take();
        const sample = samples.at(-1);
        if (sample === undefined || samples.length !== 1)
          throw new Error(`${scenario.operation}: not one handler call`);
        const accessLog = accessLogBytes(
          scenario.method,
          scenario.route,
          answer.status,
          Buffer.byteLength(answer.text),
        );
        if (i >= warmUp) {
          runs.push({
            sample,
            reads: consumed.readUnits,
            writes: consumed.writeUnits,
            refused: consumed.refusedWrites,
            accessLog,
          });
        }
      }
      const cpuMs = median(runs.map((r) => r.sample.cpuMs));
      measures.push({
        operation: scenario.operation,
        route: `${scenario.method} ${scenario.route}`,
        readUnits: mean(runs.map((r) => r.reads)),
        writeUnits: mean(runs.map((r) => r.writes)),
        refusedWrites: mean(runs.map((r) => r.refused)),
        cpuMs,
        waitMs: Math.max(0, median(runs.map((r) => r.sample.wallMs)) - cpuMs),
        lambdaLogBytes: mean(runs.map((r) => r.sample.logBytes)),
        accessLogBytes: mean(runs.map((r) => r.accessLog)),
      });
    }
    return measures;
  } finally {
    restoreOutput();
    await gateway.stop();
    await dynamo.stop();
  }
}
