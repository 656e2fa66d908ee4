// Section 7 of the bench: the development loop, in a scratch copy of the repository.
// Start to first answer (memory mode vs the Prism mock a frontend team would start instead; npm start on DynamoDB
// Local vs memory mode), and how long a saved edit takes to answer: a code edit (vs the restart it spares) and a spec
// edit (vs `npm run generate` plus that restart).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../local/services/dynamoDbLocal.js';
import { copyRepository } from '../scripts/scratchCopy.js';
import { type DevServer, startDevServer } from '../test/helpers/devServer.js';
import { type Row, row } from './stats.js';

const section = '7 dev loop';
const TIMEOUT_MS = 120_000;

/** Polls `probe` every 20 ms until it holds; the time from `since`. */
async function until(probe: () => Promise<boolean>, since: number): Promise<number> {
  while (performance.now() - since < TIMEOUT_MS) {
    if (await probe().catch(() => false)) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no answer within ${TIMEOUT_MS} ms`);
}

type Hello = { message?: string };

const answers = (url: string) => async () => (await fetch(url)).status === 200;

/** The npm script a user types (`npm start`, its prestart docs build included, or `npm run start:memory`) in the
 * copy, from its spawn (npm's own start included) to the first 200 of GET /hello. */
async function startServer(copy: string, script: string): Promise<{ server: DevServer; ms: number; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-dev-loop-'));
  const started = performance.now();
  const server = startDevServer(copy, [], { PORT: String(port), DATA_DIR: dataDir }, [
    'npm',
    'run',
    '--silent',
    script,
  ]);
  const ms = await until(answers(`${base}/hello`), started);
  const stop = server.stop;
  server.stop = async () => {
    const code = await stop();
    rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  return { server, ms, base };
}

/** The Prism mock from spawn to its first answer of GET /hello. */
async function prismStart(copy: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    join(copy, 'node_modules/.bin/prism'),
    ['mock', '--host', '127.0.0.1', '--port', String(port), 'generated/openapi.json'],
    { cwd: copy, stdio: 'ignore' },
  );
  try {
    return await until(answers(`http://127.0.0.1:${port}/hello`), started);
  } finally {
    child.kill();
  }
}

async function generateProcess(copy: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/generate.ts'], { cwd: copy, stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return performance.now() - started;
}

export async function benchDevLoop({ rounds }: { rounds: number }): Promise<Row[]> {
  const copy = copyRepository('bench-dev-loop-');
  const memoryStarts: number[] = [];
  const prismStarts: number[] = [];
  const dynamoStarts: number[] = [];
  const generates: number[] = [];
  const codeEdits: number[] = [];
  const specGateway: number[] = [];
  const specEdits: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      prismStarts.push(await prismStart(copy));
      const dynamo = await startServer(copy, 'start');
      dynamoStarts.push(dynamo.ms);
      await dynamo.server.stop();
      generates.push(await generateProcess(copy));
    }
    const hello = join(copy, 'src/operations/getHello.ts');
    const fields = join(copy, 'openapi/components/schemas/userFields.yaml');
    const original = { hello: readFileSync(hello, 'utf8'), fields: readFileSync(fields, 'utf8') };
    const nickname = '  nickname:\n    type: string\n    minLength: 1\n    maxLength: 40\n';
    for (let i = 0; i < rounds; i++) {
      const { server, ms, base } = await startServer(copy, 'start:memory');
      memoryStarts.push(ms);
      try {
        // A developer's first save comes after the loop has warmed up (the first type check, generate's modules) and
        // memory mode's docs are built. (The API answers before the start prints its token.)
        await server.waitFor(/Reload ready/, 0, TIMEOUT_MS);
        await server.waitFor(/Docs rebuilt|did not build/, 0, TIMEOUT_MS);
        const token = /TOKEN=(\S+)/.exec(server.output())?.[1] ?? '';
        const apiKey = /Dev API key \(x-api-key\): (\S+)/.exec(server.output())?.[1] ?? '';

        // A code edit, answering once the new handler is in service
        let from = server.output().length;
        const message = `Hello, round ${i}`;
        let saved = performance.now();
        writeFileSync(hello, original.hello.replace('Hello from the Users API', message));
        codeEdits.push(
          await until(async () => ((await (await fetch(`${base}/hello`)).json()) as Hello).message === message, saved),
        );
        await server.waitFor(/Reloaded|Not reloaded/, from, TIMEOUT_MS);

        // A spec edit: the gateway enforces it once it serves the new document (its validator and /openapi.json are
        // one document, test/integration/devGateway.test.ts), and the field is accepted end to end once the handler
        // built from it is in service too.
        from = server.output().length;
        let n = 0;
        const accepted = async () => {
          const res = await fetch(`${base}/users`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'x-api-key': apiKey, 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Nick', email: `nick.${i}.${n++}@example.com`, nickname: 'Nicky' }),
          });
          return res.status === 201;
        };
        const served = async () => (await (await fetch(`${base}/openapi.json`)).text()).includes('"nickname"');
        saved = performance.now();
        writeFileSync(fields, `${original.fields}${nickname}`);
        const [gateway, endToEnd] = await Promise.all([until(served, saved), until(accepted, saved)]);
        specGateway.push(gateway);
        specEdits.push(endToEnd);
        await server.waitFor(/Docs rebuilt|did not build/, from, TIMEOUT_MS);
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : error}; the server's console:\n${server.output()}`);
      } finally {
        await server.stop();
        writeFileSync(hello, original.hello);
        writeFileSync(fields, original.fields);
        await generateProcess(copy);
      }
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const restarts = memoryStarts;
  const generateAndRestart = generates.map((g, i) => g + (restarts[i] ?? restarts[0] ?? 0));
  return [
    row(section, 'memory mode: start to first answer', 'ms', 'Prism mock', memoryStarts, prismStarts, { max: 1000 }),
    row(section, 'npm start (DynamoDB Local): start to first answer', 'ms', 'memory mode', dynamoStarts, memoryStarts),
    row(section, 'code edit saved → new handler answering', 'ms', 'restart', codeEdits, restarts, { max: 2000 }),
    row(
      section,
      'spec edit saved → gateway enforcing it',
      'ms',
      'generate + restart',
      specGateway,
      generateAndRestart,
      {
        max: 2000,
      },
    ),
    row(
      section,
      'spec edit saved → new field accepted (gateway and handler)',
      'ms',
      'generate + restart',
      specEdits,
      generateAndRestart,
      { max: 2000 },
    ),
  ];
}
