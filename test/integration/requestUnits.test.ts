// The request-unit arithmetic of `npm run cost`, against DynamoDB's documented rules and DynamoDB Local's readings.
// Items of known size, read through the same middleware the cost script installs on the API's client.
// Rules: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../local/services/ensureTable.js';
import { capacityMeter, itemBytes, readUnits, writeUnits } from '../../scripts/cost/capacity.js';
import { dynamoClient } from '../helpers/localApi.js';

describe('request units by the documented rules', () => {
  it('a write is one unit per started KB, at least one', () => {
    expect([0, 1, 1024, 1025, 2048, 2049, 400 * 1024].map((b) => writeUnits(b))).toEqual([1, 1, 1, 2, 2, 3, 400]);
  });

  it('a strongly consistent read is one unit per started 4 KB, an eventually consistent one half of that', () => {
    expect([1, 4096, 4097, 8193].map((b) => readUnits(b))).toEqual([1, 1, 2, 3]);
    expect([1, 4096, 4097].map((b) => readUnits(b, { consistent: false }))).toEqual([0.5, 0.5, 1]);
  });

  it('transactions double both', () => {
    expect(writeUnits(1500, { transactional: true })).toBe(4);
    expect(readUnits(5000, { transactional: true })).toBe(4);
  });

  it('an item is the bytes of its names and values (numbers: significant digits / 2 + 1)', () => {
    expect(itemBytes({ pk: 'USER#1', name: 'Ada' })).toBe(2 + 6 + 4 + 3);
    expect(itemBytes({ version: 12345, ok: true })).toBe(7 + 4 + 2 + 1);
    expect(itemBytes({ é: 'ü' })).toBe(2 + 2);
  });
});

describe('the capacity meter on DynamoDB Local', () => {
  const client = dynamoClient();
  const meter = capacityMeter();
  const doc = DynamoDBDocumentClient.from(meter.install(client));
  const TableName = `units-${randomUUID()}`;
  /** An item of exactly `bytes` (key included), outside the list index (no `entity` attribute). */
  const item = (pk: string, bytes: number) => ({ pk, pad: 'x'.repeat(bytes - 2 - pk.length - 3) });

  beforeAll(() => ensureTable(client, TableName));
  afterAll(() => client.destroy());

  it.each([500, 1024, 1025, 3000])('a put of a %i-byte item consumes the documented write units', async (bytes) => {
    const Item = item(`size-${bytes}`, bytes);
    expect(itemBytes(Item)).toBe(bytes);
    meter.take();
    await doc.send(new PutCommand({ TableName, Item }));
    expect(meter.take()).toEqual({ readUnits: 0, writeUnits: writeUnits(bytes), calls: 1, refusedWrites: 0 });
  });

  it('a read of a 5,000-byte item: two units strongly consistent, one eventually consistent', async () => {
    const Item = item('read-5000', 5000);
    await doc.send(new PutCommand({ TableName, Item }));
    meter.take();
    await doc.send(new GetCommand({ TableName, Key: { pk: Item.pk }, ConsistentRead: true }));
    expect(meter.take().readUnits).toBe(readUnits(5000));
    await doc.send(new GetCommand({ TableName, Key: { pk: Item.pk } }));
    expect(meter.take().readUnits).toBe(readUnits(5000, { consistent: false }));
  });

  it('a transaction of a 1,500-byte and a 500-byte put costs twice their units', async () => {
    meter.take();
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: item('tx-a', 1500) } },
          { Put: { TableName, Item: item('tx-b', 500) } },
        ],
      }),
    );
    expect(meter.take().writeUnits).toBe(
      writeUnits(1500, { transactional: true }) + writeUnits(500, { transactional: true }),
    );
  });

  it('counts a refused conditional write, which DynamoDB bills but reports no capacity for', async () => {
    const Item = item('refused', 100);
    await doc.send(new PutCommand({ TableName, Item }));
    meter.take();
    await expect(
      doc.send(new PutCommand({ TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' })),
    ).rejects.toThrow();
    expect(meter.take()).toEqual({ readUnits: 0, writeUnits: 0, calls: 0, refusedWrites: 1 });
  });
});
