// ensureTable (npm start, the tests, the bench): creates the users table once, whoever else creates it at the same time.
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../local/services/ensureTable.js';
import { usersTable } from '../../src/repository/usersTable.js';
import { dynamoClient } from '../helpers/localApi.js';

const client = dynamoClient();
afterAll(() => client.destroy());

describe('ensureTable', () => {
  it('creates the table with the stack’s keys and index, then finds it', async () => {
    // Arrange
    const tableName = `ensure-${randomUUID()}`;

    // Act
    const first = await ensureTable(client, tableName);
    const second = await ensureTable(client, tableName);

    // Assert
    expect([first, second]).toEqual(['created', 'exists']);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: usersTable.partitionKey, KeyType: 'HASH' }]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([usersTable.listIndex.name]);
  });

  it('settles both of two concurrent calls (a CreateTable retried after its first attempt went through is one)', async () => {
    // Arrange
    const tableName = `ensure-${randomUUID()}`;

    // Act
    const outcomes = await Promise.all([ensureTable(client, tableName), ensureTable(client, tableName)]);

    // Assert
    expect(outcomes.sort()).toEqual(['created', 'exists']);
  });
});
