// The cursor-secret loader against a fake Secrets Manager on loopback (the real SDK client, faults injected by the fake).
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { decodeCursor, encodeCursor } from '../../src/domain/listCursor.js';
import {
  createSecretsClient,
  readCursorKeys,
  SecretLoadError,
  secretsManagerReader,
} from '../../src/secrets/cursorSecret.js';

const CURRENT = 'c'.repeat(40);
const PREVIOUS = 'p'.repeat(40);
const PENDING = 'n'.repeat(40);
const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:cursor-AbCdEf';

type Fault = 'none' | 'hang' | 'error';
interface Fake {
  server: Server;
  endpoint: string;
  requests: { target: string | undefined; stage: string }[];
}
let fake: Fake | undefined;
afterEach(async () => {
  fake?.server.closeAllConnections();
  fake?.server.close();
  fake = undefined;
});

/** Answers GetSecretValue per version stage like Secrets Manager (JSON 1.1), or fails as told. */
async function fakeSecretsManager(stages: Record<string, string>, fault: Fault = 'none'): Promise<Fake> {
  const requests: Fake['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const { SecretId, VersionStage } = JSON.parse(body) as { SecretId: string; VersionStage: string };
      requests.push({ target: req.headers['x-amz-target'] as string | undefined, stage: VersionStage });
      if (fault === 'hang') return;
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(value));
      };
      if (fault === 'error') return json(500, { __type: 'InternalServiceError', message: 'boom' });
      const value = stages[VersionStage];
      if (value === undefined) {
        return json(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the version" });
      }
      json(200, { ARN: SecretId, Name: 'cursor', SecretString: value, VersionId: 'v', VersionStages: [VersionStage] });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  fake = { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
  return fake;
}

const readerFor = ({ endpoint }: Fake) =>
  secretsManagerReader(
    createSecretsClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );

describe('reading the cursor secret at init', () => {
  it('signs with AWSCURRENT and verifies with it alone when no rotation is under way', async () => {
    const server = await fakeSecretsManager({ AWSCURRENT: CURRENT });
    const keys = await readCursorKeys(readerFor(server), ARN);
    expect(keys).toEqual({ signing: CURRENT, verifying: [CURRENT] });
    expect(server.requests.map((r) => r.target)).toEqual(Array(3).fill('secretsmanager.GetSecretValue'));
    expect(server.requests.map((r) => r.stage).sort()).toEqual(['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS']);
  });

  it('also verifies with AWSPENDING and AWSPREVIOUS while a rotation is under way', async () => {
    const server = await fakeSecretsManager({ AWSCURRENT: CURRENT, AWSPENDING: PENDING, AWSPREVIOUS: PREVIOUS });
    const keys = await readCursorKeys(readerFor(server), ARN);
    expect(keys).toEqual({ signing: CURRENT, verifying: [CURRENT, PENDING, PREVIOUS] });
    const config = loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'users', CURSOR_SECRET_ARN: ARN }, { cursorKeys: keys });
    const position = { createdAt: '2026-11-24T12:00:00.000Z', userId: 'u' };
    // A cursor from a container started before the promotion, and one from a container started after it.
    for (const key of [PREVIOUS, CURRENT, PENDING]) {
      expect(decodeCursor(encodeCursor(position, key), config.cursorVerifyingSecrets)).toEqual(position);
    }
    expect(decodeCursor(encodeCursor(position, 'x'.repeat(40)), config.cursorVerifyingSecrets)).toBeUndefined();
    expect(config.cursorSecret).toBe(CURRENT);
  });

  it('gives up within its deadline when Secrets Manager hangs, rather than hanging the init', async () => {
    const server = await fakeSecretsManager({ AWSCURRENT: CURRENT }, 'hang');
    const started = performance.now();
    await expect(readCursorKeys(readerFor(server), ARN, 300)).rejects.toThrow(SecretLoadError);
    // The deadline plus slack for a loaded machine: the bound of the timeout feature, not a speed check.
    expect(performance.now() - started).toBeLessThan(300 + 2000);
  });

  it('fails the init with its own error when Secrets Manager fails, naming no AWS error', async () => {
    const server = await fakeSecretsManager({ AWSCURRENT: CURRENT }, 'error');
    const failure = await readCursorKeys(readerFor(server), ARN).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SecretLoadError);
    expect((failure as Error).message).not.toMatch(/InternalServiceError|boom/);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a missing or short current key', async () => {
    const missing = await fakeSecretsManager({});
    await expect(readCursorKeys(readerFor(missing), ARN)).rejects.toThrow(SecretLoadError);
    missing.server.close();
    const short = await fakeSecretsManager({ AWSCURRENT: 'short' });
    await expect(readCursorKeys(readerFor(short), ARN)).rejects.toThrow(/at least 32/);
  });
});

describe('the configuration of the cursor key', () => {
  it('needs the secret read first when the stack passed its ARN, and a key of some kind in Lambda', () => {
    expect(() => loadConfig({ CURSOR_SECRET_ARN: ARN })).toThrow(ConfigError);
    expect(() => loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'users' })).toThrow(/CURSOR_SECRET_ARN/);
    const local = loadConfig({ CURSOR_SECRET: CURRENT });
    expect([local.cursorSecret, local.cursorVerifyingSecrets]).toEqual([CURRENT, [CURRENT]]);
  });
});
