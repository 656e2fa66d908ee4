// `npm start` as a user runs it: a real process with DynamoDB Local, data kept across restarts, clean Ctrl-C.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { defaultTimeouts } from '../../config/stages.js';
import { dynamoCallBudgetMs } from '../../config/timeBudget.js';
import { freePort } from '../../local/services/dynamoDbLocal.js';
import { formatReport } from '../contract/report.js';
import { runContract } from '../contract/runContract.js';
import { call } from '../helpers/http.js';

const dataDir = mkdtempSync(join(tmpdir(), 'users-api-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; ready: Promise<string> } {
  const child = spawn(process.execPath, ['local/start.mjs'], {
    env: { ...process.env, DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Users API on')) resolve(output);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  ready.catch(() => undefined); // the failure tests wait for exit instead
  return { child, output: () => output, ready };
}

/** `npm run token` as the README shows it, on the same data directory as the server. */
async function token(scope: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/token.ts', '--scope', scope, '--ttl', '10m'],
    { env: { ...process.env, DATA_DIR: dataDir } },
  );
  return stdout.trim();
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.destroy() === undefined));
    socket.once('error', () => resolve(false));
  });

/** Fault injection: an endpoint that accepts connections and never sends a byte. */
async function silentServer(): Promise<{ url: string; close: () => void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** Starting tsx and loading the app, on a busy test machine. */
const STARTUP_SLACK_MS = 8000;

describe('npm start', () => {
  it('serves the API on DynamoDB Local, restarts a killed DynamoDB Local, keeps data and credentials across restarts, and stops Java on Ctrl-C', async () => {
    // Arrange: first run, with the dev API key it prints and a token from `npm run token`
    const port = await freePort();
    const first = start({ PORT: String(port) });
    const log = await first.ready;
    const dynamoPort = Number(/DynamoDB Local on http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1]);
    const javaPid = Number(/\(pid (\d+),/.exec(log)?.[1]);
    const apiKey = /Dev API key \(x-api-key\): (\S+)/.exec(log)?.[1] ?? '';
    const base = `http://127.0.0.1:${port}`;
    const auth = { 'x-api-key': apiKey, authorization: `Bearer ${await token('users:read,users:write')}` };

    // Act
    const anonymous = await call(base, 'POST', '/users', { body: { name: 'Anon', email: 'anon@example.com' } });
    expect(anonymous.status).toBe(401);
    const created = await call(base, 'POST', '/users', {
      body: { name: 'Persisted', email: 'persisted@example.com' },
      headers: auth,
    });
    expect(created.status).toBe(201);
    // DynamoDB Local killed under traffic: 503 with Retry-After while it is down, restarted with the data kept
    process.kill(javaPid, 'SIGKILL');
    const answers: { status: number; retryAfter: string | null }[] = [];
    const deadline = Date.now() + 60_000;
    for (let i = 0; i < 200 && Date.now() < deadline; i++) {
      const res = await call(base, 'GET', `/users/${created.json.user.userId}`, { headers: auth });
      answers.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
      if (res.status === 200 && answers.some((a) => a.status === 503)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const down = answers.filter((a) => a.status === 503);
    expect(down.length).toBeGreaterThan(0);
    for (const answer of down) expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 503 || a.status === 200)).toBe(true);
    expect(answers.at(-1)?.status).toBe(200);
    expect(first.output()).toMatch(/DynamoDB Local stopped \(signal SIGKILL\); restarting it/);
    expect(first.output()).toMatch(/DynamoDB Local is back on/);
    const afterRestart = await call(base, 'GET', `/users/${created.json.user.userId}`, { headers: auth });
    expect(afterRestart.json.name).toBe('Persisted');
    const stopped = exited(first.child);
    first.child.kill('SIGINT');

    // Assert: clean exit, Java gone
    expect(await stopped).toBe(0);
    expect(first.output()).toMatch(/POST \/users 201/);
    expect(await portOpen(dynamoPort)).toBe(false);

    // Second run on the same data directory sees the user
    const second = start({ PORT: String(port) });
    expect(await second.ready).toContain(`Dev API key (x-api-key): ${apiKey}`);
    try {
      const got = await call(base, `GET`, `/users/${created.json.user.userId}`, { headers: auth });
      expect(got.status).toBe(200);
      expect(got.json.name).toBe('Persisted');
    } finally {
      const done = exited(second.child);
      second.child.kill('SIGTERM');
      expect(await done).toBe(0);
    }
  }, 90_000);

  // Issue 32: one unauthenticated `GET /users/%ZZ` ended the process (an unhandled rejection in the gateway).
  it('survives a run of the contract suite hostile phase, and answers afterwards', async () => {
    // Arrange
    const port = await freePort();
    const server = start({ PORT: String(port) });
    const log = await server.ready;
    const apiKey = /Dev API key \(x-api-key\): (\S+)/.exec(log)?.[1] ?? '';
    const base = `http://127.0.0.1:${port}`;
    // A process that ends during the run fails the test at once, with its last words.
    const died = new Promise<never>((_resolve, reject) =>
      server.child.once('exit', (code) =>
        reject(new Error(`npm start exited (${code}) during the hostile phase:\n${server.output().slice(-2000)}`)),
      ),
    );
    died.catch(() => undefined);
    try {
      // Act
      const report = await Promise.race([
        runContract({
          baseUrl: base,
          credentials: { token: await token('users:read,users:write,users:admin'), apiKey },
          examples: 1,
          seed: 20261204,
          phases: ['hostile'],
        }),
        died,
      ]);

      // Assert: still running, still answering, and the run did send the classes that used to end it
      expect(server.child.exitCode).toBeNull();
      expect((await call(base, 'GET', '/hello')).status).toBe(200);
      const sent = (check: string) => report.checks.filter((c) => c.check === check).reduce((n, c) => n + c.passed, 0);
      expect(sent('malformed_escape_refused')).toBeGreaterThan(0);
      expect(sent('parser_refusal_answered')).toBeGreaterThan(0);
      expect(report.failures, formatReport(report)).toEqual([]);
    } finally {
      if (server.child.exitCode === null) {
        const done = exited(server.child);
        server.child.kill('SIGINT');
        expect(await done).toBe(0);
      }
    }
  }, 180_000);

  it('says what to install when Java is missing', async () => {
    const { child, output } = start({ PORT: String(await freePort()), PATH: '/nonexistent' });
    expect(await exited(child)).toBe(1);
    expect(output()).toContain('DynamoDB Local needs Java 17');
  });

  it('npm run token refuses a scope the spec does not define', async () => {
    await expect(token('users:reed')).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown scope users:reed'),
    });
  });

  it('fails fast, naming DynamoDB and the endpoint, when DYNAMODB_ENDPOINT accepts connections and never answers', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const { child, output } = start({ PORT: String(await freePort()), DYNAMODB_ENDPOINT: silent.url });
      expect(await exited(child)).toBe(1);
      expect(Date.now() - started).toBeLessThan(dynamoCallBudgetMs(defaultTimeouts) + STARTUP_SLACK_MS);
      expect(output()).toContain(`DynamoDB at ${silent.url} did not answer`);
    } finally {
      silent.close();
    }
  });

  it('fails fast, naming the JWKS and its URL, when AUTH_JWKS_URL never answers', async () => {
    const silent = await silentServer();
    try {
      const jwksUrl = `${silent.url}/.well-known/jwks.json`;
      const { child, output } = start({
        PORT: String(await freePort()),
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        AUTH_JWKS_URL: jwksUrl,
      });
      expect(await exited(child)).toBe(1);
      expect(output()).toContain(`The JWKS at ${jwksUrl} did not answer`);
    } finally {
      silent.close();
    }
  });

  it('fails fast with a clear message on a bad setting', async () => {
    const { child, output } = start({ PORT: 'eighty' });
    expect(await exited(child)).toBe(1);
    expect(output()).toContain('PORT must be an integer');
  });
});
