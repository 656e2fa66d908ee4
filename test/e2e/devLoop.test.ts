// npm start's reload, as a developer lives it, in a scratch copy while its `npm start` runs.
// On its own DynamoDB Local, the spec gains a field and an operation's code changes; the gateway enforces the new
// contract and the new code answers, without a restart and with the data kept. Broken edits leave the last good
// version answering.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/services/dynamoDbLocal.js';
import { addNickname } from '../../scripts/fieldCopy.js';
import { copyRepository } from '../../scripts/scratchCopy.js';
import { type DevServer, startDevServer } from '../helpers/devServer.js';
import { call } from '../helpers/http.js';
import { binIn, runIn } from '../helpers/scratchCommands.js';

let copy = '';
let dataDir = '';
let server: DevServer;
let base = '';
let auth: Record<string, string> = {};

beforeAll(async () => {
  copy = copyRepository('dev-loop-');
  dataDir = mkdtempSync(join(tmpdir(), 'dev-loop-data-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startDevServer(copy, [], { PORT: String(port), DATA_DIR: dataDir });
  const log = await server.waitFor(/Watching openapi\//, 0, 120_000);
  const apiKey = /Dev API key \(x-api-key\): (\S+)/.exec(log)?.[1] ?? '';
  const { stdout } = await runIn(copy, binIn(copy, 'tsx'), ['scripts/token.ts', '--ttl', '30m'], { DATA_DIR: dataDir });
  auth = { authorization: `Bearer ${stdout.trim()}`, 'x-api-key': apiKey };
}, 180_000);

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
  rmSync(copy, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Edits a file of the copy and waits for the reload's verdict on it, printed after this point. */
async function edit(path: string, change: (text: string) => string, verdict: RegExp): Promise<string> {
  const from = server.output().length;
  const file = join(copy, path);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
  return (await server.waitFor(verdict, from, 90_000)).slice(from);
}

const hello = 'src/operations/getHello.ts';
const message = async () => (await call(base, 'GET', '/hello')).json?.message as string;

describe('npm start reloads', () => {
  it('enforces a spec edit and answers with edited code, with no restart and the data kept', async () => {
    const javaPid = Number(/\(pid (\d+),/.exec(server.output())?.[1]);
    const kept = await call(base, 'POST', '/users', {
      body: { name: 'Kept', email: 'kept@example.com' },
      headers: auth,
    });
    expect(kept.status).toBe(201);
    const withNickname = { name: 'Nick', email: 'nick@example.com', nickname: 'Nicky' };
    expect((await call(base, 'POST', '/users', { body: withNickname, headers: auth })).status).toBe(400);

    // The spec: a new optional field, as a developer adds it (openapi/ alone)
    const from = server.output().length;
    addNickname(copy);
    const reloaded = (await server.waitFor(/Reloaded \(spec and handler\) in [\d.]+ s/, from, 90_000)).slice(from);
    // The gateway took the spec as soon as it generated, before the handler; the console says which part runs what.
    expect(reloaded).toMatch(
      /The gateway enforces the spec of save \d+ after [\d.]+ s; the handler next\.\n.*Reloaded/s,
    );
    expect(reloaded).toMatch(/Running: the gateway's spec of save (\d+) \(version [\d.]+\), the handler of save \1\./);
    const created = await call(base, 'POST', '/users', { body: withNickname, headers: auth });
    expect(created.status, created.text).toBe(201);
    expect(created.json.user.nickname).toBe('Nicky');
    const served = await call(base, 'GET', '/openapi.json');
    expect(served.json.components.schemas.User.properties.nickname).toBeDefined();

    // The code: an operation answers differently
    const code = await edit(hello, (t) => t.replace('Hello from the Users API', 'Hello, reloaded'), /Reloaded|Not/);
    expect(code).toMatch(/Changed: src\/operations\/getHello\.ts; reloading/);
    expect(code).toMatch(/Reloaded \(handler\) in [\d.]+ s: build [\d.]+ s, check [\d.]+ s/);
    expect(await message()).toBe('Hello, reloaded');

    // Same process, same DynamoDB Local, same data
    expect(server.child.exitCode).toBeNull();
    expect(() => process.kill(javaPid, 0)).not.toThrow();
    const read = await call(base, 'GET', `/users/${kept.json.user.userId}`, { headers: auth });
    expect(read.json.name).toBe('Kept');
    expect(server.output()).not.toMatch(/DynamoDB Local stopped/);
  }, 240_000);

  it('prints a broken edit with its cause and keeps the last good version answering', async () => {
    const good = await message();
    const original = readFileSync(join(copy, hello), 'utf8');

    const typeError = await edit(hello, (t) => t.replace('status: 200,', "status: '200',"), /Not reloaded|Reloaded/);
    expect(typeError).toMatch(/Not reloaded: type errors:\n.*src\/operations\/getHello\.ts\(\d+,\d+\): error TS/);
    expect(await message()).toBe(good);

    const throwing = await edit(
      hello,
      () => `throw new Error('broken at import');\n${original}`,
      /Not reloaded|Reloaded/,
    );
    expect(throwing).toMatch(/Not reloaded: the handler failed to load: Error: broken at import/);
    expect(await message()).toBe(good);

    const spec = 'openapi/components/schemas/userFields.yaml';
    const invalidSpec = await edit(spec, (t) => `${t}  broken: [\n`, /Not reloaded|Reloaded/);
    expect(invalidSpec).toMatch(/Not reloaded: npm run generate failed: \S/);
    expect(await message()).toBe(good);
    // The gateway still enforces the last good contract
    const body = { name: 'Still', email: 'still@example.com', nickname: 'Valid' };
    expect((await call(base, 'POST', '/users', { body, headers: auth })).status).toBe(201);

    // Fixed: the next save reloads
    await edit(spec, (t) => t.replace('  broken: [\n', ''), /Reloaded \(spec and handler\)|Not reloaded/);
    await edit(hello, () => original.replace(good, 'Fixed'), /Reloaded \(handler\)/);
    expect(await message()).toBe('Fixed');
  }, 240_000);
});
