// Section 2 of the bench: cold starts of the deployed artefact, the floor and the peer, each in a fresh Node process.
// All are bundled with the Lambda options and answer their first GET /users/{userId} and first POST /users; then the
// first request of other operations next to their tenth. The floor is a minimal DynamoDB Lambda, the peer
// openapi-backend as its docs set it up.
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { lambdaEntry, lambdaNodeFlags } from '../config/lambdaBundling.js';
import { type Bundle, bundleLambda } from './bundle.js';
import type { BenchDynamo } from './dynamo.js';
import { writePeerLambdaEntry } from './peer/pristine.js';
import { alternate, type Row, rotate, row } from './stats.js';

const run = promisify(execFile);
const child = resolve(import.meta.dirname, 'child/coldStart.mjs');

export interface ChildResult {
  loadMs: number;
  firstGetMs: number;
  firstPostMs: number;
  totalMs: number;
  memory?: Record<string, { rssMb: number; heapUsedMb: number; newSpaceMb: number }>;
  firstVsTenth?: Record<string, { firstMs: number; tenthMs: number }>;
}

/** Runs a bundle in a fresh process with the environment and Node flags the deployed Lambda has. */
export async function runBundle(
  file: string,
  env: { tableName: string; endpoint: string; userId: string },
  options: { requests?: number; nodeFlags?: string[]; env?: Record<string, string>; ops?: boolean } = {},
): Promise<ChildResult> {
  const { stdout } = await run(
    process.execPath,
    [
      ...(options.nodeFlags ?? lambdaNodeFlags),
      child,
      file,
      env.userId,
      String(options.requests ?? 0),
      ...(options.ops ? ['ops'] : []),
    ],
    {
      env: {
        PATH: process.env.PATH,
        TABLE_NAME: env.tableName,
        DYNAMODB_ENDPOINT: env.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        // As the stack sets it; the handler writes one EMF metrics document per request to stdout, as in Lambda.
        POWERTOOLS_METRICS_NAMESPACE: 'users-api',
        // As the stack sets it (from Secrets Manager): without one, the handler would make up a key per process.
        CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdef',
        ...options.env,
      },
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const result = stdout.split('\n').find((line) => line.startsWith('{"processStartMs"'));
  if (result === undefined) throw new Error(`${file} reported no timings`);
  return JSON.parse(result) as ChildResult;
}

export function bundleBoth() {
  const dir = mkdtempSync(join(tmpdir(), 'users-api-bench-'));
  const ours = bundleLambda(lambdaEntry, join(dir, 'lambda'));
  const floor = bundleLambda('bench/floor/lambdaFloor.ts', join(dir, 'floor'));
  return { ours, floor };
}

const bundlePeer = () =>
  bundleLambda(writePeerLambdaEntry(), join(mkdtempSync(join(tmpdir(), 'users-api-bench-')), 'peer'));

export async function benchColdStart(
  dynamo: BenchDynamo,
  rounds: number,
): Promise<{ rows: Row[]; bundleParts: Bundle['parts'] }> {
  const { ours, floor } = bundleBoth();
  const peer = bundlePeer();
  const table = await dynamo.table(100);
  const env = { ...table, endpoint: dynamo.endpoint };
  // One throw-away run each: the first process to read a bundle pays for the disk, not for the code.
  for (const bundle of [ours, floor, peer]) await runBundle(bundle.file, env);
  const [oursRuns = [], floorRuns = [], peerRuns = []] = await rotate(
    rounds,
    [ours, floor, peer].map((bundle) => () => runBundle(bundle.file, env)),
  );
  const [oursOps = [], peerOps = []] = await rotate(
    Math.max(1, Math.ceil(rounds / 3)),
    [ours, peer].map((bundle) => () => runBundle(bundle.file, env, { ops: true })),
  );
  const traced = await withTracing(async (tracingEnv) => {
    const result = await alternate(
      rounds,
      () => runBundle(ours.file, env, { env: tracingEnv }),
      () => runBundle(floor.file, env),
    );
    return { ours: result.ours.map((r) => r.totalMs), floor: result.baseline.map((r) => r.totalMs) };
  });
  const section = '2 cold start';
  const floorName = 'minimal DynamoDB Lambda';
  const peerName = 'openapi-backend as documented';
  const pick = (runs: ChildResult[], key: 'totalMs' | 'loadMs' | 'firstGetMs' | 'firstPostMs') =>
    runs.map((r) => r[key]);
  const rows = [
    row(
      section,
      'process start → first GET + first POST answered',
      'ms',
      floorName,
      pick(oursRuns, 'totalMs'),
      pick(floorRuns, 'totalMs'),
      // Moonshot 1.1×.
      { maxRatio: 1.25 },
    ),
    row(
      section,
      'process start → first GET + first POST answered',
      'ms',
      peerName,
      pick(oursRuns, 'totalMs'),
      pick(peerRuns, 'totalMs'),
      {
        maxRatio: 0.6,
      },
    ),
    row(section, '  of which: import the bundle', 'ms', peerName, pick(oursRuns, 'loadMs'), pick(peerRuns, 'loadMs')),
    row(
      section,
      '  of which: first GET /users/{userId}',
      'ms',
      peerName,
      pick(oursRuns, 'firstGetMs'),
      pick(peerRuns, 'firstGetMs'),
    ),
    row(
      section,
      '  of which: first POST /users',
      'ms',
      peerName,
      pick(oursRuns, 'firstPostMs'),
      pick(peerRuns, 'firstPostMs'),
    ),
    row(section, '  of which: import the bundle', 'ms', floorName, pick(oursRuns, 'loadMs'), pick(floorRuns, 'loadMs')),
    // The dev stage's setting (config/stages.ts traceAwsSdkCalls), for the operator's trade-off: not the deployed prod.
    row(section, 'same, with X-Ray SDK tracing (dev stage)', 'ms', floorName, traced.ours, traced.floor),
  ];
  // Nothing compiled on first use: each operation's first request (after the SDK connected) against its tenth.
  for (const operation of Object.keys(oursOps[0]?.firstVsTenth ?? {})) {
    const times = (runs: ChildResult[], key: 'firstMs' | 'tenthMs') =>
      runs.map((r) => r.firstVsTenth?.[operation]?.[key] ?? Number.NaN);
    rows.push(
      row(
        section,
        `first ${operation} after start`,
        'ms',
        'its tenth',
        times(oursOps, 'firstMs'),
        times(oursOps, 'tenthMs'),
        {
          maxDelta: 1,
        },
      ),
      row(
        section,
        `  of which the peer: first ${operation}`,
        'ms',
        'its tenth',
        times(peerOps, 'firstMs'),
        times(peerOps, 'tenthMs'),
      ),
    );
  }
  rows.push(
    row(section, 'bundle a cold start loads (minified)', 'KB', floorName, [ours.startKb], [floor.startKb], {
      maxRatio: 2,
    }),
    row(section, 'bundle a cold start loads (minified)', 'KB', peerName, [ours.startKb], [peer.startKb]),
    // Chunks loaded on demand (src/ `await import(...)`, and the AWS SDK's own) count here, not above.
    row(section, 'whole artefact, with on-demand chunks', 'KB', floorName, [ours.totalKb], [floor.totalKb]),
  );
  return { rows, bundleParts: ours.parts };
}

/**
 * Runs `work` with the environment of a traced Lambda invocation (what Powertools and the X-Ray SDK look for), the
 * segments going to a UDP socket on loopback in place of the X-Ray daemon. Fails if nothing was traced: a row
 * that says "with tracing" must have traced.
 */
async function withTracing<T>(work: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const daemon = createSocket('udp4');
  let segments = 0;
  daemon.on('message', () => {
    segments++;
  });
  await new Promise<void>((bound) => daemon.bind(0, '127.0.0.1', bound));
  try {
    const result = await work({
      POWERTOOLS_TRACE_ENABLED: 'true',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: '/var/task',
      _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
    });
    await new Promise((settle) => setTimeout(settle, 200));
    if (segments === 0) throw new Error('the traced cold starts sent no X-Ray segment');
    return result;
  } finally {
    daemon.close();
  }
}
