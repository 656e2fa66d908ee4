// The shared DynamoDB plumbing on a table of its own (not the users table): a second resource reuses it as it is.
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageUnavailable, WriteContention } from '../../src/domain/errors.js';
import {
  DynamoTable,
  ifAbsent,
  ifVersion,
  MAX_WRITE_ATTEMPTS,
  RACE_LOST,
  retryOptimistically,
} from '../../src/repository/dynamoTable.js';
import { failEveryCall } from '../helpers/dynamoFaults.js';
import { dynamoClient } from '../helpers/localApi.js';

const client = dynamoClient();
const tableName = `plumbing-${randomUUID()}`;
const table = new DynamoTable(client, tableName);
/** A counter: another resource, keyed (group, seq), with nothing of the users table's shape. */
const counterKey = (seq: number) => ({ group: 'counters', seq });
const absent = ifAbsent('group');

beforeAll(async () => {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'group', AttributeType: 'S' },
        { AttributeName: 'seq', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'group', KeyType: 'HASH' },
        { AttributeName: 'seq', KeyType: 'RANGE' },
      ],
    }),
  );
});
afterAll(() => client.destroy());

/** Adds one to a counter the optimistic way: read, write on the version read, retry a lost race. */
const increment = (seq: number) =>
  retryOptimistically('counter', async () => {
    const current = await table.get(counterKey(seq));
    const version = Number(current?.version);
    const next = { ...counterKey(seq), version: version + 1, value: Number(current?.value) + 1 };
    return (await table.putIf(next, ifVersion(version))) ? next.value : RACE_LOST;
  });

describe('DynamoTable on DynamoDB Local', () => {
  it('writes an item only where its condition holds, and says when it did not', async () => {
    const item = { ...counterKey(1), version: 1, value: 0 };

    expect(await table.putIf(item, absent)).toBe(true);
    expect(await table.putIf({ ...item, value: 99 }, absent)).toBe(false);
    expect(await table.putIf({ ...item, version: 2, value: 1 }, ifVersion(1))).toBe(true);
    expect(await table.putIf({ ...item, version: 3, value: 99 }, ifVersion(1))).toBe(false);

    expect(await table.get(counterKey(1))).toEqual({ ...item, version: 2, value: 1 });
    expect(await table.get(counterKey(404))).toBeUndefined();
  });

  it('commits a transaction whole, or reports why DynamoDB cancelled it, item by item', async () => {
    const [a, b] = [counterKey(10), counterKey(11)];

    expect(
      await table.transact([
        { Put: { Item: { ...a, version: 1 }, ...absent } },
        { Put: { Item: { ...b, version: 1 } } },
      ]),
    ).toBeUndefined();
    const codes = await table.transact([
      { Put: { Item: { ...a, version: 2 }, ...ifVersion(1) } },
      { Delete: { Key: b, ...ifVersion(7) } },
    ]);

    expect(codes).toEqual(['None', 'ConditionalCheckFailed']);
    expect(await table.get(a)).toEqual({ ...a, version: 1 });
    expect(await table.get(b)).toEqual({ ...b, version: 1 });
  });

  it('reads a query page by page, knowing whether another page follows', async () => {
    const pages = new DynamoTable(client, tableName);
    const group = `page-${randomUUID()}`;
    for (let seq = 1; seq <= 5; seq++) await pages.putIf({ group, seq }, absent);
    const query = { KeyConditionExpression: '#g = :g', ExpressionAttributeNames: { '#g': 'group' } };
    const values = { ExpressionAttributeValues: { ':g': group } };

    const first = await pages.page({ ...query, ...values }, 2);
    const last = await pages.page({ ...query, ...values, ExclusiveStartKey: { group, seq: 4 } }, 2);

    expect(first).toEqual({
      items: [
        { group, seq: 1 },
        { group, seq: 2 },
      ],
      more: true,
    });
    expect(last).toEqual({ items: [{ group, seq: 5 }], more: false });
    expect(await pages.page({ ...query, ...values }, 5)).toMatchObject({ more: false });
  });

  it('serialises concurrent optimistic writes: no increment is lost, and any that gave up says so', async () => {
    await table.putIf({ ...counterKey(20), version: 0, value: 0 }, absent);

    const results = await Promise.allSettled(Array.from({ length: 12 }, () => increment(20)));

    const done = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    const gaveUp = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(done.length).toBeGreaterThan(0);
    expect([...done].sort((x, y) => x - y)).toEqual(Array.from({ length: done.length }, (_, i) => i + 1));
    expect(await table.get(counterKey(20))).toMatchObject({ value: done.length, version: done.length });
    for (const error of gaveUp) expect(error).toEqual(new WriteContention('counter'));
  });
});

describe('retryOptimistically', () => {
  it(`tries a write that keeps losing races ${MAX_WRITE_ATTEMPTS} times, then gives up with WriteContention`, async () => {
    let attempts = 0;
    const failure = await retryOptimistically('counter', async () => {
      attempts++;
      return RACE_LOST;
    }).catch((error: unknown) => error);

    expect(attempts).toBe(MAX_WRITE_ATTEMPTS);
    expect(failure).toBeInstanceOf(WriteContention);
    expect((failure as WriteContention).message).toBe(
      'Other requests are changing this counter at the same moment. Retry shortly.',
    );
  });

  it('returns the first result that did not lose a race, and lets any other failure through at once', async () => {
    let attempts = 0;
    expect(await retryOptimistically('counter', async () => (++attempts < 3 ? RACE_LOST : 'won'))).toBe('won');
    expect(attempts).toBe(3);

    const refused = new Error('refused');
    let runs = 0;
    await expect(
      retryOptimistically('counter', async () => {
        runs++;
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(runs).toBe(1);
  });
});

describe('DynamoTable when DynamoDB fails', () => {
  const failingTable = (error: Error) => new DynamoTable(failEveryCall(dynamoClient(), error), tableName);

  it('turns a throttled transaction into StorageUnavailable, keeping the cause', async () => {
    const throttled = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
    });

    const failure = await failingTable(throttled)
      .transact([{ Put: { Item: counterKey(30) } }])
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StorageUnavailable);
    expect((failure as StorageUnavailable).cause).toBe(throttled);
  });

  it('turns transient failures into StorageUnavailable and lets a bug through as it is', async () => {
    const throttling = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const bug = Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException' });

    await expect(failingTable(throttling).get(counterKey(1))).rejects.toBeInstanceOf(StorageUnavailable);
    await expect(failingTable(throttling).putIf(counterKey(1), absent)).rejects.toBeInstanceOf(StorageUnavailable);
    await expect(failingTable(bug).putIf(counterKey(1), absent)).rejects.toBe(bug);
    await expect(failingTable(bug).transact([{ Put: { Item: counterKey(1) } }])).rejects.toBe(bug);
  });
});
