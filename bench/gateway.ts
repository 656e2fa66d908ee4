// Section 3 of the bench: local gateway throughput on loopback vs a raw node:http server giving the same answer.
// autocannon, for a bounded duration; the raw server returns the same status, headers and body.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { alternate, type Row, row } from './stats.js';

const USER_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const paths = { 'GET /hello': '/hello', 'GET /users/{userId}': `/users/${USER_ID}` };

async function startChild(
  args: string[],
): Promise<{ url: string; headers: Record<string, string>; child: ChildProcess }> {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  const { port, headers = {} } = JSON.parse(chunk.toString().trim()) as {
    port: number;
    headers?: Record<string, string>;
  };
  return { url: `http://127.0.0.1:${port}`, headers, child };
}

async function load(
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({ url, headers, connections: 10, pipelining: 1, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

export async function benchGateway({ seconds, rounds }: { seconds: number; rounds: number }): Promise<Row[]> {
  /** The gateway child; with 'replay' the handler's first answer per path is replayed (the gateway's own cost). */
  const startGateway = (mode?: 'replay') =>
    startChild([
      '--import',
      'tsx',
      resolve(import.meta.dirname, 'child/gatewayServer.ts'),
      USER_ID,
      ...(mode === undefined ? [] : [mode]),
    ]);
  const gateway = await startGateway();
  let raw: Awaited<ReturnType<typeof startChild>> | undefined;
  let gatewayAlone: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    // The raw server answers exactly what the gateway answered (Content-Length included).
    const responses: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
    for (const path of Object.values(paths)) {
      const res = await fetch(gateway.url + path, { headers: gateway.headers });
      if (res.status !== 200) throw new Error(`the gateway answered ${path} with ${res.status}`);
      const headers = Object.fromEntries(
        [...res.headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)),
      );
      responses[path] = { status: res.status, headers, body: await res.text() };
    }
    raw = await startChild([resolve(import.meta.dirname, 'child/rawServer.mjs'), JSON.stringify(responses)]);
    gatewayAlone = await startGateway('replay');
    const rows: Row[] = [];
    for (const [name, path] of Object.entries(paths)) {
      const rawUrl = raw.url + path;
      await load(gateway.url + path, 1, gateway.headers); // warm-up
      await load(rawUrl, 1, gateway.headers);
      const runs = await alternate(
        rounds,
        () => load(gateway.url + path, seconds, gateway.headers),
        () => load(rawUrl, seconds, gateway.headers),
      );
      // Reported: the same gateway with the handler's answer replayed, to show which part of the gap is the gateway's.
      // Its own dev keys: each gateway signs its own tokens and issues its own API key.
      const { url: aloneBase, headers: aloneHeaders } = gatewayAlone as NonNullable<typeof gatewayAlone>;
      await load(aloneBase + path, 1, aloneHeaders);
      const alone = await alternate(
        Math.ceil(rounds / 2),
        () => load(aloneBase + path, seconds, aloneHeaders),
        () => load(rawUrl, seconds, aloneHeaders),
      );
      const section = '3 local gateway';
      rows.push(
        row(
          section,
          `${name} throughput`,
          'req/s',
          'raw node:http',
          runs.ours.map((r) => r.rps),
          runs.baseline.map((r) => r.rps),
          // A development server's: a guard against regression, not a goal.
          { minRatio: 0.15 },
        ),
        row(
          section,
          `  of which the gateway alone: throughput with the handler's answer replayed`,
          'req/s',
          'raw node:http',
          alone.ours.map((r) => r.rps),
          alone.baseline.map((r) => r.rps),
        ),
        row(
          section,
          `${name} p99 latency`,
          'ms',
          'raw node:http',
          runs.ours.map((r) => r.p99),
          runs.baseline.map((r) => r.p99),
        ),
      );
    }
    return rows;
  } finally {
    gateway.child.kill();
    raw?.child.kill();
    gatewayAlone?.child.kill();
  }
}
