// DynamoDB Local for the benchmarks: one in-memory instance, tables shaped like production, seeded with BatchWrite.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type DynamoDbLocal, startDynamoDbLocal } from '../local/services/dynamoDbLocal.js';
import { ensureTable } from '../local/services/ensureTable.js';
import { newUser, type User } from '../src/domain/user.js';
import { toEmailItem, toUserItem } from '../src/repository/DynamoUsersRepository.js';

export interface BenchDynamo {
  endpoint: string;
  /** A new table holding `users` users; resolves to its name and one user's id. */
  table(users: number): Promise<{ tableName: string; userId: string }>;
  stop(): Promise<void>;
}

export async function startBenchDynamo(): Promise<BenchDynamo> {
  const local: DynamoDbLocal = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: local.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documents = DynamoDBDocumentClient.from(client);

  async function seed(tableName: string, users: User[]) {
    const batches: Record<string, unknown>[][] = [];
    // Each user is two items (the user and the claim on its email), as the repository writes them.
    const items = users.flatMap((user) => [toUserItem(user, 1), toEmailItem(user)]);
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    // A few batches in flight at once; DynamoDB Local applies each in one go, so nothing is left unprocessed.
    const inFlight = 4;
    for (let i = 0; i < batches.length; i += inFlight) {
      await Promise.all(
        batches.slice(i, i + inFlight).map(async (batch) => {
          const { UnprocessedItems } = await documents.send(
            new BatchWriteCommand({
              RequestItems: { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) },
            }),
          );
          if (Object.keys(UnprocessedItems ?? {}).length > 0) throw new Error('BatchWrite left items unprocessed');
        }),
      );
    }
  }

  return {
    endpoint: local.endpoint,
    async table(count) {
      const tableName = `bench-${randomUUID()}`;
      await ensureTable(client, tableName);
      const start = Date.parse('2026-01-01T00:00:00.000Z');
      const users = Array.from({ length: count }, (_, i) =>
        newUser({ name: `User ${i}`, email: `user${i}@example.com` }, randomUUID(), new Date(start + i * 1000)),
      );
      await seed(tableName, users);
      return { tableName, userId: users[Math.floor(count / 2)]?.userId ?? randomUUID() };
    },
    async stop() {
      client.destroy();
      await local.stop();
    },
  };
}
