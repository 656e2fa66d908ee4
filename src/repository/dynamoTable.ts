// The DynamoDB plumbing every repository shares: calls, conditional writes, transactions and optimistic retries.
// A repository says what it stores and which conditions guard it; how a write is sent, retried and failed is here.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StorageUnavailable, WriteContention } from '../domain/errors.js';
import { cancellationCodes, isTransientDynamoError } from './dynamoErrors.js';

export type Item = Record<string, unknown>;
type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type WithoutTable<T> = Omit<NonNullable<T>, 'TableName'>;
/** One write of a transaction (a Put, Delete, Update or ConditionCheck) as the SDK takes it, without the table's name. */
export type TransactItem = {
  [K in keyof TransactWriteItem]-?: { [Kind in K]: WithoutTable<TransactWriteItem[K]> };
}[keyof TransactWriteItem];
/** DynamoDB's reason per item of a cancelled transaction, in the order of the items (`None` for the ones that held). */
export type CancellationCodes = readonly (string | undefined)[];
/** A condition that guards a write. */
export interface Condition {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** The item must not exist yet (nothing is stored under its key). The name is a placeholder: any key name works. */
export const ifAbsent = (partitionKey: string): Condition => ({
  ConditionExpression: 'attribute_not_exists(#partitionKey)',
  ExpressionAttributeNames: { '#partitionKey': partitionKey },
});

/** The item must still be at `version`: optimistic concurrency on a numeric `version` attribute. */
export const ifVersion = (version: number): Condition => ({
  ConditionExpression: 'version = :version',
  ExpressionAttributeValues: { ':version': version },
});

const THROTTLED = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);

export class DynamoTable {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly name: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** The item stored under `key`, read strongly consistent. */
  async get(key: Item): Promise<Item | undefined> {
    const { Item } = await this.call(() =>
      this.doc.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true })),
    );
    return Item;
  }

  /** Up to `limit` items of a query, and whether more follow (one item more is read to know, so a next page is never empty). */
  async page(query: Omit<QueryCommandInput, 'TableName' | 'Limit'>, limit: number) {
    const { Items = [] } = await this.call(() =>
      this.doc.send(new QueryCommand({ ...query, TableName: this.name, Limit: limit + 1 })),
    );
    return { items: Items.slice(0, limit), more: Items.length > limit };
  }

  /** Stores `item` if `condition` holds; false when it did not (another writer got in first). */
  async putIf(item: Item, condition: Condition): Promise<boolean> {
    const input: PutCommandInput = { TableName: this.name, Item: item, ...condition };
    try {
      await this.call(() => this.doc.send(new PutCommand(input)));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /**
   * Writes all items or none. Undefined when the transaction committed; otherwise why DynamoDB cancelled it, per item
   * (a condition that failed, or a conflict with another transaction). Throttling is StorageUnavailable.
   */
  async transact(items: readonly TransactItem[]): Promise<CancellationCodes | undefined> {
    const TransactItems = items.map((item) => {
      const [[kind, write]] = Object.entries(item) as [[string, object]];
      return { [kind]: { ...write, TableName: this.name } } as TransactWriteItem;
    });
    try {
      await this.call(() => this.doc.send(new TransactWriteCommand({ TransactItems })));
      return undefined;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes === undefined) throw error;
      if (codes.some((code) => code !== undefined && THROTTLED.has(code))) {
        throw new StorageUnavailable(1, { cause: error });
      }
      return codes;
    }
  }

  /** Runs a request after the SDK's own bounded retries; transient failures become StorageUnavailable. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (isTransientDynamoError(error)) throw new StorageUnavailable(1, { cause: error });
      throw error;
    }
  }
}

/** What an optimistic write returns when another writer got in between its read and its write. */
export const RACE_LOST = Symbol('race lost');

/** Optimistic writes re-read and retry this often when another writer got in between; then WriteContention. */
export const MAX_WRITE_ATTEMPTS = 5;

/** Full-jitter backoff between optimistic retries, so racing writers spread out. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));

/**
 * Runs `write` (read, decide, conditional write) until it does not lose a race, with backoff between attempts. After
 * MAX_WRITE_ATTEMPTS lost races: WriteContention about `subject`, answered 409 with Retry-After.
 */
export async function retryOptimistically<T>(subject: string, write: () => Promise<T | typeof RACE_LOST>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const result = await write();
    if (result !== RACE_LOST) return result;
    if (attempt === MAX_WRITE_ATTEMPTS) throw new WriteContention(subject);
    await backoff(attempt - 1);
  }
}
