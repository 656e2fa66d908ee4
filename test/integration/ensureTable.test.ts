// The local table is made once however many callers race for it: a create that loses (or whose retry finds its own
// first attempt done, as under load) is the table existing, not a failed start.
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../src/local/ensureTable.js';
import { dynamoClient } from '../helpers/localApi.js';

const client = dynamoClient();
afterAll(() => client.destroy());

describe('ensureTable on DynamoDB Local', () => {
  it('creates a missing table once, and says it exists after', async () => {
    const tableName = `ensure-${randomUUID()}`;
    expect(await ensureTable(client, tableName)).toBe('created');
    expect(await ensureTable(client, tableName)).toBe('exists');
  });

  it('lets concurrent callers race: one creates it, the others find it, none fails', async () => {
    const tableName = `ensure-race-${randomUUID()}`;
    const results = await Promise.all([1, 2, 3].map(() => ensureTable(client, tableName)));
    expect(results.filter((r) => r === 'created')).toHaveLength(1);
    expect(results.filter((r) => r === 'exists')).toHaveLength(2);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
  });
});
