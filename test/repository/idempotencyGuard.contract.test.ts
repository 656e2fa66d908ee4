// One contract for the idempotency port: the same cases run on the Powertools guard (DynamoDB Local) and the fake.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createInMemoryIdempotencyGuard } from '../../local/memory/InMemoryIdempotencyGuard.js';
import { ensureTable } from '../../local/services/ensureTable.js';
import { IdempotencyKeyReused, IdempotentRequestInProgress } from '../../src/domain/domainErrors.js';
import { createIdempotencyGuard, type IdempotencyGuard } from '../../src/idempotency/idempotencyGuard.js';
import { DynamoUsersRepository } from '../../src/repository/DynamoUsersRepository.js';
import { dynamoClient } from '../helpers/localApi.js';

const client = dynamoClient();
const tableName = `idem-contract-${randomUUID()}`;
afterAll(() => client.destroy());
const WAIT_MS = 100;

async function dynamoGuard() {
  await ensureTable(client, tableName);
  return createIdempotencyGuard(client, tableName, { ttlSeconds: 3600, waitMs: WAIT_MS, inProgressMs: 30_000 });
}

const guards: [string, () => Promise<IdempotencyGuard>][] = [
  ['Powertools guard on DynamoDB Local', dynamoGuard],
  ['in-memory guard', async () => createInMemoryIdempotencyGuard(WAIT_MS)],
];

describe.each(guards)('%s', (_name, make) => {
  it('runs the work once per caller and key, and replays its result to a repeat', async () => {
    const guard = await make();
    const request = { principal: 'alice', operation: 'createUser', key: randomUUID(), payload: { name: 'A' } };
    let runs = 0;
    const work = async () => ({ run: ++runs });
    expect(await guard(request, work)).toEqual({ run: 1 });
    expect(await guard(request, work)).toEqual({ run: 1 });
    expect(await guard({ ...request, principal: 'bob' }, work)).toEqual({ run: 2 });
    expect(runs).toBe(2);
  });

  it('keeps operations apart: the same caller and key on another operation runs its own work', async () => {
    const guard = await make();
    const key = randomUUID();
    const sent = { principal: 'alice', key, payload: { body: { name: 'A' } } };
    let runs = 0;
    const work = (answer: string) => async () => `${answer} ${++runs}`;

    expect(await guard({ ...sent, operation: 'createUser' }, work('created'))).toBe('created 1');
    expect(await guard({ ...sent, operation: 'updateUser' }, work('updated'))).toBe('updated 2');
    expect(await guard({ ...sent, operation: 'createUser' }, work('created'))).toBe('created 1');
    expect(await guard({ ...sent, operation: 'updateUser' }, work('updated'))).toBe('updated 2');
    expect(runs).toBe(2);
  });

  it('refuses the same key with a different payload', async () => {
    const guard = await make();
    const key = randomUUID();
    await guard({ principal: 'alice', operation: 'createUser', key, payload: 1 }, async () => 'first');
    await expect(
      guard({ principal: 'alice', operation: 'createUser', key, payload: 2 }, async () => 'second'),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
  });

  it('does not remember a failure', async () => {
    const guard = await make();
    const request = { principal: 'carol', operation: 'createUser', key: randomUUID(), payload: 1 };
    await expect(guard(request, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await guard(request, async () => 'retried')).toBe('retried');
  });

  it('answers a repeat while the first still runs with IdempotentRequestInProgress', async () => {
    const guard = await make();
    const request = { principal: 'dave', operation: 'createUser', key: randomUUID(), payload: 1 };
    let release: (value: string) => void = () => undefined;
    let started = false;
    const first = guard(request, () => {
      started = true;
      return new Promise<string>((resolve) => (release = resolve));
    });
    // The first request's record is written before its work starts.
    for (let i = 0; i < 100 && !started; i++) await new Promise((r) => setTimeout(r, 20));
    expect(started).toBe(true);
    await expect(guard(request, async () => 'second')).rejects.toBeInstanceOf(IdempotentRequestInProgress);
    release('first');
    expect(await first).toBe('first');
    expect(await guard(request, async () => 'third')).toBe('first');
  });
});

it('keeps the DynamoDB records apart from users in the same table', async () => {
  const guard = await dynamoGuard();
  await guard({ principal: 'erin', operation: 'createUser', key: randomUUID(), payload: 1 }, async () => 'done');
  expect(await new DynamoUsersRepository(client, tableName).list({ limit: 100 })).toEqual({ users: [] });
});
