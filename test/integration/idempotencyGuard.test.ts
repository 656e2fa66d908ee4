// The idempotency guard on DynamoDB Local (Powertools persistence): in-flight repeats, replays, expiry settings.
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyKeyReused, IdempotentRequestInProgress } from '../../src/domain/errors.js';
import { createIdempotencyGuard } from '../../src/idempotency/idempotencyGuard.js';
import { ensureTable } from '../../src/local/ensureTable.js';
import { dynamoClient } from '../helpers/localApi.js';

const client = dynamoClient();
const tableName = `idem-${randomUUID()}`;
beforeAll(() => ensureTable(client, tableName));
afterAll(() => client.destroy());

/** Waits until the first request's in-progress record is in the table (its first write may take a moment). */
async function recordStored(key: string) {
  for (let i = 0; i < 100; i++) {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
    if (Items.some((item) => item.status?.S === 'INPROGRESS')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no in-progress record for ${key}`);
}

describe('createIdempotencyGuard', () => {
  it('answers a repeat that arrives while the first is still running with 409 + Retry-After, then replays', async () => {
    // Arrange: a first request that runs until released
    const guard = createIdempotencyGuard(client, tableName, { ttlSeconds: 3600, waitMs: 200, inProgressMs: 30_000 });
    const request = { principal: 'alice', operation: 'createUser', key: randomUUID(), payload: { name: 'A' } };
    let release: (value: string) => void = () => undefined;
    const first = guard(request, () => new Promise<string>((resolve) => (release = resolve)));
    await recordStored(request.key);

    // Act
    const started = Date.now();
    const repeat = await guard(request, async () => 'second ran').catch((error: unknown) => error);

    // Assert
    expect(repeat).toBeInstanceOf(IdempotentRequestInProgress);
    expect((repeat as IdempotentRequestInProgress).retryAfterSeconds).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    release('first result');
    expect(await first).toBe('first result');
    expect(await guard(request, async () => 'third ran')).toBe('first result');
  });

  it('keeps callers apart, refuses a different payload, and does not remember failures', async () => {
    const guard = createIdempotencyGuard(client, tableName, { ttlSeconds: 3600, waitMs: 0, inProgressMs: 30_000 });
    const key = randomUUID();
    expect(await guard({ principal: 'alice', operation: 'createUser', key, payload: 1 }, async () => 'alice')).toBe(
      'alice',
    );
    expect(await guard({ principal: 'bob', operation: 'createUser', key, payload: 1 }, async () => 'bob')).toBe('bob');
    await expect(
      guard({ principal: 'alice', operation: 'createUser', key, payload: 2 }, async () => 'x'),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);

    const failing = { principal: 'carol', operation: 'createUser', key: randomUUID(), payload: 1 };
    await expect(guard(failing, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await guard(failing, async () => 'retried')).toBe('retried');
  });
});
