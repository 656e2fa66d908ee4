// What `npm run cost` measures on the real code path is what the code does.
// The handler as src/handler.ts builds it, behind the local gateway, on DynamoDB Local and the local S3: units of the
// email claim, the list index and the idempotency record, the metrics line each request logs, and the S3 requests
// of the avatar operations, an upload (with the notification S3 sends the Lambda) and a download.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sectionOf } from '../../scripts/cost/docSection.js';
import { DOC_PATH } from '../../scripts/cost/idleCost.js';
import { measureOperations } from '../../scripts/cost/measureOperations.js';
import type { OperationMeasure } from '../../scripts/cost/requestCost.js';

let measures: Record<string, OperationMeasure>;
const writes = [process.stdout.write, process.stderr.write];
beforeAll(async () => {
  const list = await measureOperations({ rounds: 2, warmUp: 1, dynamoEndpoint: inject('dynamoEndpoint') });
  measures = Object.fromEntries(list.map((m) => [m.operation, m]));
}, 120_000);

describe('the measured operations', () => {
  it('cover every user operation, with and without an Idempotency-Key, and an email change', () => {
    expect(Object.keys(measures)).toEqual([
      'getHello',
      'getUser',
      'listUsers',
      'createUser',
      'createUser/idempotencyKey',
      'updateUser',
      'updateUser/email',
      'deleteUser',
      'requestAvatarUpload',
      'getAvatar',
      'avatarUpload',
      'avatarDownload',
    ]);
  });

  it('read what the code reads: nothing for /hello, one strongly consistent small item or page otherwise', () => {
    expect(measures.getHello).toMatchObject({ readUnits: 0, writeUnits: 0 });
    expect(measures.getUser).toMatchObject({ readUnits: 1, writeUnits: 0 });
    expect(measures.listUsers?.readUnits).toBeGreaterThanOrEqual(0.5);
  });

  it('write what the code writes: a create is a transaction (user + email claim, doubled) plus the list index', () => {
    const create = measures.createUser as OperationMeasure;
    // DynamoDB Local bills the index write of a transaction doubled too (6); at the standard rate it would be 5.
    expect(create.writeUnits).toBeGreaterThanOrEqual(2 * 2 + 1);
    expect(create.writeUnits).toBeLessThanOrEqual(2 * 2 + 2);
    // Powertools keeps an idempotency record: written in progress, then completed.
    expect((measures['createUser/idempotencyKey'] as OperationMeasure).writeUnits).toBeGreaterThan(create.writeUnits);
    // A new email moves the claim (delete the old, put the new) in the same transaction as the user.
    expect((measures['updateUser/email'] as OperationMeasure).writeUnits).toBeGreaterThan(
      (measures.updateUser as OperationMeasure).writeUnits,
    );
    for (const m of Object.values(measures)) expect(m.refusedWrites).toBe(0);
  });

  it('make no S3 request to presign: the grant and the 302 read the user only', () => {
    for (const operation of ['requestAvatarUpload', 'getAvatar']) {
      expect(measures[operation]).toMatchObject({ entry: 'gateway', readUnits: 1, writeUnits: 0 });
      expect(measures[operation]?.s3Requests).toEqual({});
    }
    // Every other operation of the API but a delete makes none either; a delete removes the avatar (DELETE, free).
    for (const m of Object.values(measures).filter((m) => m.entry === 'gateway' && m.operation !== 'deleteUser')) {
      expect(m.s3Requests).toEqual({});
    }
    expect(measures.deleteUser?.s3Requests).toEqual({ DELETE: 1 });
  });

  it('an upload is one POST to S3, then the notification: a HEAD of the object and the user read and written', () => {
    const upload = measures.avatarUpload as OperationMeasure;
    expect(upload).toMatchObject({ entry: 's3-event', objectsOut: 0 });
    expect(upload.s3Requests).toEqual({ POST: 1, HEAD: 1 });
    // setAvatar: a strongly consistent get, then a conditional put of the user (1 unit) and its list-index entry (1).
    expect(upload).toMatchObject({ readUnits: 1, writeUnits: 2, refusedWrites: 0 });
    expect(upload.cpuMs).toBeGreaterThan(0);
    // Nothing passes the gateway: no access-log line.
    expect(upload.accessLogBytes).toBe(0);
  });

  it('a download is one GET from S3 sending the avatar out, and nothing else: no Lambda, no DynamoDB', () => {
    expect(measures.avatarDownload?.s3Requests).toEqual({ GET: 1 });
    expect(measures.avatarDownload).toMatchObject({
      entry: 's3',
      objectsOut: 1,
      readUnits: 0,
      writeUnits: 0,
      cpuMs: 0,
      lambdaLogBytes: 0,
    });
  });

  it('leave stdout and stderr as they found them', () => {
    expect([process.stdout.write, process.stderr.write]).toEqual(writes);
  });

  it('count the bytes each request logs (its metrics line) and its access-log line', () => {
    for (const m of Object.values(measures).filter((m) => m.entry === 'gateway')) {
      expect(m.lambdaLogBytes).toBeGreaterThan(200);
      expect(m.accessLogBytes).toBeGreaterThan(300);
      expect(m.cpuMs).toBeGreaterThan(0);
    }
  });
});

describe('docs/operations.md', () => {
  it('carries the request-cost table of every measured operation (npm run cost -- --docs writes it)', () => {
    const table = sectionOf(readFileSync(DOC_PATH, 'utf8'), 'request-cost');
    for (const m of Object.values(measures)) expect(table).toContain(`| ${m.operation} (\`${m.route}\`) |`);
    // Idle, per request, avatar storage, the month.
    expect(table).toMatch(/\| prod \| \$[\d.]+ \| \$[\d.,]+ \| \$[\d.,]+ \| \*\*\$[\d.,]+\*\* \|/);
  });
});
