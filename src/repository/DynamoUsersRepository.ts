// DynamoDB adapter of the UsersRepository port: conditional writes and transactions, paged queries, error mapping.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  EmailTaken,
  StorageUnavailable,
  UserIdTaken,
  UserNotFound,
  VersionMismatch,
  WriteContention,
} from '../domain/errors.js';
import { type ExpectedVersion, versionMatches } from '../domain/etag.js';
import type { ListPosition } from '../domain/listCursor.js';
import { type Avatar, applyChanges, type User, type UserChanges, withAvatar } from '../domain/user.js';
import { cancellationCodes, isTransientDynamoError } from './dynamoErrors.js';
import type { UserPage, UsersRepository, VersionedUser } from './UsersRepository.js';
import { emailKey, listKeyOf, USER_ENTITY, userKey, usersTable } from './usersTable.js';

/** Optimistic writes re-read and retry this often when another writer got in between; then 409 with Retry-After. */
const MAX_ATTEMPTS = 5;
const FREE_OR_OURS = 'attribute_not_exists(pk) OR userId = :userId';

/** A stored item back to its user: everything but the storage's own attributes (see toUserItem) is a user field. */
function toVersioned(item: Record<string, unknown>): VersionedUser {
  const { pk: _pk, entity: _entity, listKey: _listKey, version, ...user } = item;
  return { user: user as User, version: Number(version) };
}

/** Full-jitter backoff between optimistic retries, so racing writers spread out. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The stored item of a user: key, place in the list index, fields, version. Also used to seed benchmarks. */
export function toUserItem(user: User, version: number) {
  return {
    ...userKey(user.userId),
    entity: USER_ENTITY,
    listKey: listKeyOf(user.createdAt, user.userId),
    ...user,
    version,
  };
}

/** The item that claims a user's email. */
export function toEmailItem(user: User) {
  return { ...emailKey(user.email), userId: user.userId };
}

export class DynamoUsersRepository implements UsersRepository {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async create(user: User): Promise<VersionedUser> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const codes = await this.transact([
        {
          Put: {
            TableName: this.tableName,
            Item: toUserItem(user, 1),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: toEmailItem(user),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      if (codes === undefined) return { user, version: 1 };
      if (codes[0] === 'ConditionalCheckFailed') throw new UserIdTaken(user.userId);
      if (codes[1] === 'ConditionalCheckFailed') throw new EmailTaken();
      await backoff(attempt);
    }
    throw new WriteContention();
  }

  async get(userId: string): Promise<VersionedUser | undefined> {
    const { Item } = await this.call(() =>
      this.doc.send(new GetCommand({ TableName: this.tableName, Key: userKey(userId), ConsistentRead: true })),
    );
    return Item === undefined ? undefined : toVersioned(Item);
  }

  async list({ limit, after }: { limit: number; after?: ListPosition }): Promise<UserPage> {
    // One item more than the page tells whether another page exists, so nextCursor never leads to an empty page.
    const { Items = [] } = await this.call(() =>
      this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: usersTable.listIndex.name,
          KeyConditionExpression: 'entity = :entity',
          ExpressionAttributeValues: { ':entity': USER_ENTITY },
          Limit: limit + 1,
          ...(after === undefined
            ? {}
            : {
                ExclusiveStartKey: {
                  ...userKey(after.userId),
                  entity: USER_ENTITY,
                  listKey: listKeyOf(after.createdAt, after.userId),
                },
              }),
        }),
      ),
    );
    const users = Items.slice(0, limit).map((item) => toVersioned(item).user);
    const last = users.at(-1);
    return Items.length > limit && last !== undefined
      ? { users, next: { createdAt: last.createdAt, userId: last.userId } }
      : { users };
  }

  async update(userId: string, changes: UserChanges, now: Date, expected: ExpectedVersion): Promise<VersionedUser> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.current(userId, expected);
      const user = applyChanges(current.user, changes, now);
      const version = current.version + 1;
      const put = {
        TableName: this.tableName,
        Item: toUserItem(user, version),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': current.version },
      };
      if (sameEmail(user.email, current.user.email)) {
        if (await this.conditionalPut(put)) return { user, version };
        await backoff(attempt);
        continue;
      }
      // The email moves: release the old claim and take the new one in the same transaction.
      const codes = await this.transact([
        { Put: put },
        {
          Delete: {
            TableName: this.tableName,
            Key: emailKey(current.user.email),
            ConditionExpression: FREE_OR_OURS,
            ExpressionAttributeValues: { ':userId': userId },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: toEmailItem(user),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      if (codes === undefined) return { user, version };
      if (codes[2] === 'ConditionalCheckFailed') throw new EmailTaken();
      await backoff(attempt);
    }
    throw new WriteContention();
  }

  async setAvatar(userId: string, avatar: Avatar | undefined, now: Date): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.get(userId);
      if (current === undefined) return false;
      const version = current.version + 1;
      const put = {
        TableName: this.tableName,
        Item: toUserItem(withAvatar(current.user, avatar, now), version),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': current.version },
      };
      if (await this.conditionalPut(put)) return true;
      await backoff(attempt);
    }
    throw new WriteContention();
  }

  async delete(userId: string, expected: ExpectedVersion): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.current(userId, expected);
      const codes = await this.transact([
        {
          Delete: {
            TableName: this.tableName,
            Key: userKey(userId),
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': current.version },
          },
        },
        {
          Delete: {
            TableName: this.tableName,
            Key: emailKey(current.user.email),
            ConditionExpression: FREE_OR_OURS,
            ExpressionAttributeValues: { ':userId': userId },
          },
        },
      ]);
      if (codes === undefined) return;
      await backoff(attempt);
    }
    throw new WriteContention();
  }

  /** The current user if it exists and its version is one the caller expects. */
  private async current(userId: string, expected: ExpectedVersion): Promise<VersionedUser> {
    const current = await this.get(userId);
    if (current === undefined) throw new UserNotFound(userId);
    if (!versionMatches(expected, current.version)) throw new VersionMismatch();
    return current;
  }

  /** False when the condition failed (another writer got in first). */
  private async conditionalPut(input: ConstructorParameters<typeof PutCommand>[0]): Promise<boolean> {
    try {
      await this.call(() => this.doc.send(new PutCommand(input)));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Undefined when the transaction committed; otherwise DynamoDB's reason per item (a condition, or a conflict). */
  private async transact(items: NonNullable<TransactWriteCommandInput['TransactItems']>) {
    try {
      await this.call(() => this.doc.send(new TransactWriteCommand({ TransactItems: items })));
      return undefined;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes === undefined) throw error;
      if (codes.some((code) => code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded')) {
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
