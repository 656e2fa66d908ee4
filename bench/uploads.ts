// Section 6 of the bench: what concurrent unauthenticated 6 MB uploads leave in the local gateway's resident memory.
// Measured after a full GC in the gateway's own process, vs a bare node:http server refusing the same uploads at once
// with Node's defaults.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { type GatewayMemory, startGatewayProcess } from '../test/helpers/gatewayProcess.js';
import { alternate, type Row, row } from './stats.js';

const UPLOAD_BYTES = 6_000_000;
const mb = (bytes: number) => bytes / 2 ** 20;

interface Target {
  baseUrl: string;
  memory(): Promise<GatewayMemory>;
  stop(): Promise<void>;
}

async function startRawRefusal(): Promise<Target> {
  const child = fork(resolve(import.meta.dirname, 'child/rawRefusal.mjs'), [], { execArgv: ['--expose-gc'] });
  const [{ baseUrl }] = (await once(child, 'message')) as [{ baseUrl: string }];
  return {
    baseUrl,
    async memory() {
      child.send('measure');
      return ((await once(child, 'message')) as [GatewayMemory])[0];
    },
    async stop() {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}

/** Every upload must be answered 401 (no token): a reset or another status would spoil the figure. */
async function upload(baseUrl: string, body: Buffer): Promise<void> {
  const res = await fetch(`${baseUrl}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await res.arrayBuffer();
  if (res.status !== 401) throw new Error(`an unauthenticated upload answered ${res.status}`);
}

/** Resident memory before and after `uploads` concurrent uploads, in a fresh server warmed by three of them. */
async function measure(start: () => Promise<Target>, uploads: number, body: Buffer) {
  const target = await start();
  try {
    for (let i = 0; i < 3; i++) await upload(target.baseUrl, body);
    const before = await target.memory();
    await Promise.all(Array.from({ length: uploads }, () => upload(target.baseUrl, body)));
    const after = await target.memory();
    return { before: mb(before.rss), after: mb(after.rss) };
  } finally {
    await target.stop();
  }
}

export async function benchUploads({ uploads, rounds }: { uploads: number; rounds: number }): Promise<Row[]> {
  const body = Buffer.alloc(UPLOAD_BYTES, 0x20);
  const runs = await alternate(
    rounds,
    () => measure(startGatewayProcess, uploads, body),
    () => measure(startRawRefusal, uploads, body),
  );
  // A shrink (the GC returning more than the uploads took) counts as no growth.
  const growth = (readings: { before: number; after: number }[]) =>
    readings.map((r) => Math.max(0, r.after - r.before));
  const section = '6 uploads';
  return [
    // A gateway that buffers the bodies it refuses keeps several times the floor (docs/performance.md, section 6).
    row(
      section,
      `RSS growth after ${uploads} concurrent unauthenticated 6 MB uploads (after gc)`,
      'MB',
      'bare node:http refusing at once',
      growth(runs.ours),
      growth(runs.baseline),
      { maxRatio: 1.5 },
    ),
    row(
      section,
      `gateway RSS after ${uploads} such uploads`,
      'MB',
      'before them',
      runs.ours.map((r) => r.after),
      runs.ours.map((r) => r.before),
    ),
  ];
}
