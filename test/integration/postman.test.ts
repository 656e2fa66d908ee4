// `npm run postman` exports a collection that newman runs green against the real local gateway, twice on one table.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import newman, { type NewmanRunSummary } from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { type S3Local, startS3Local } from '../../local/services/s3Local.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { loopbackOnly } from '../helpers/loopbackOnlyEnv.js';

const dir = mkdtempSync(join(tmpdir(), 'postman-'));
const file = join(dir, 'collection.json');

function runCollection(baseUrl: string, credentials = { token: '', apiKey: '' }): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) =>
    newman.run(
      {
        collection: JSON.parse(readFileSync(file, 'utf8')),
        envVar: [
          { key: 'baseUrl', value: baseUrl },
          { key: 'token', value: credentials.token },
          { key: 'apiKey', value: credentials.apiKey },
        ],
        timeout: 60_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    ),
  );
}

const operationIds = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).flatMap((op) => (typeof op === 'object' && 'operationId' in op ? [op.operationId] : [])),
);

/** Operations with a 2XX answer that has a body (GET .../avatar succeeds with a bodiless 302). */
const withSuccessBody = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).flatMap((op) =>
    typeof op === 'object' &&
    'operationId' in op &&
    Object.entries(op.responses as Record<string, { content?: unknown }>).some(
      ([status, response]) => status.startsWith('2') && response.content !== undefined,
    )
      ? [op.operationId]
      : [],
  ),
);

describe('npm run postman', () => {
  let api: LocalApi;
  let s3: S3Local;
  const network = loopbackOnly();
  beforeAll(async () => {
    await promisify(execFile)('npm', ['run', '--silent', 'postman', '--', '--out', file], { env: network.env });
    s3 = await startS3Local({ bucket: 'postman-avatars', corsAllowedOrigins: ['*'] });
    api = await startLocalApi({ AVATAR_BUCKET: 'postman-avatars', S3_ENDPOINT: s3.endpoint });
  });
  afterAll(async () => {
    await api.stop();
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
    network.cleanup();
  });

  it('exports every operation with a baseUrl variable and bearer and API-key auth, offline', () => {
    // Arrange
    const collection = JSON.parse(readFileSync(file, 'utf8'));

    // Act
    const variables = Object.fromEntries(
      collection.variable.map((v: { key: string; value: string }) => [v.key, v.value]),
    );
    const script = collection.event.map((e: { script: { exec: string[] } }) => e.script.exec.join('\n')).join('\n');

    // Assert
    expect(network.attempts()).toEqual([]);
    expect(variables).toMatchObject({ baseUrl: 'http://127.0.0.1:3000', token: '', apiKey: '' });
    expect(collection.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] });
    expect(script).toContain("pm.request.headers.upsert({ key: 'x-api-key', value: apiKey })");
    expect(JSON.stringify(collection)).toContain('{{baseUrl}}');
    for (const id of operationIds) expect(JSON.stringify(collection)).toContain(`${id} answers`);
  });

  it('runs green with newman against the local gateway, again on the same table', async () => {
    // Act
    const first = await runCollection(api.baseUrl, api);
    const second = await runCollection(api.baseUrl, api);

    // Assert
    for (const summary of [first, second]) {
      expect(summary.run.failures.map((f) => `${f.source?.name}: ${f.error.message}`)).toEqual([]);
      expect(summary.run.stats.requests).toMatchObject({ total: operationIds.length, failed: 0 });
      // A status check per request, and a body check for each that answers a body.
      expect(summary.run.stats.assertions.total).toBeGreaterThanOrEqual(operationIds.length + withSuccessBody.length);
      for (const execution of summary.run.executions) {
        // The collection uploads no file (uploads go to S3, not the API), so the avatar download finds none.
        const nothingUploaded = execution.item.name === "Download the user's avatar";
        expect(execution.response?.code, execution.item.name).toBeOneOf(nothingUploaded ? [404] : [200, 201, 204]);
      }
    }
    // Each run created its own user and deleted it again, freeing its email (idempotency records expire by TTL).
    expect((await api.items()).filter((i) => /^(USER|EMAIL)#/.test(String(i.pk)))).toEqual([]);
  });

  it("fails when the API's answers break the spec", async () => {
    // Arrange: a server that answers 200 {} to everything
    const wrong: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => wrong.listen(0, '127.0.0.1', resolve));

    // Act
    const summary = await runCollection(`http://127.0.0.1:${(wrong.address() as AddressInfo).port}`);
    await new Promise((resolve) => wrong.close(resolve));

    // Assert: the createUser status and every body check fail
    const failed = summary.run.failures.map((f) => f.error.test);
    expect(failed).toContain('createUser answers 201');
    expect(failed).toContain('getUser 200 body matches the spec');
    expect(failed).toContain('listUsers 200 body matches the spec');
  });
});
