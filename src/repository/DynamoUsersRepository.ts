// DynamoDB adapter of the UsersRepository port: what a user is stored as, and the conditions that guard its writes.
// How a write is sent, retried and failed is the shared plumbing of ./dynamoTable.ts.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EmailTaken, UserIdTaken, UserNotFound, VersionMismatch } from '../domain/errors.js';
import { type ExpectedVersion, versionMatches } from '../domain/etag.js';
import type { ListPosition } from '../domain/listCursor.js';
import { type Avatar, applyChanges, type User, type UserChanges, withAvatar } from '../domain/user.js';
import { DynamoTable, type Item, ifAbsent, ifVersion, RACE_LOST, retryOptimistically } from './dynamoTable.js';
import type { UserPage, UsersRepository, VersionedUser } from './UsersRepository.js';
import { emailKey, listKeyOf, USER_ENTITY, userKey, usersTable } from './usersTable.js';

/** What a contended write says it was changing (WriteContention's detail). */
const SUBJECT = 'user';
const absent = ifAbsent(usersTable.partitionKey);
/** The email claim is free, or already this user's. */
const freeOrOwnedBy = (userId: string) => ({
  ConditionExpression: `attribute_not_exists(${usersTable.partitionKey}) OR userId = :userId`,
  ExpressionAttributeValues: { ':userId': userId },
});
const CONDITION_FAILED = 'ConditionalCheckFailed';

/** A stored item back to its user: everything but the storage's own attributes (see toUserItem) is a user field. */
function toVersioned(item: Item): VersionedUser {
  const { pk: _pk, entity: _entity, listKey: _listKey, version, ...user } = item;
  return { user: user as User, version: Number(version) };
}

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
  private readonly table: DynamoTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new DynamoTable(client, tableName);
  }

  async create(user: User): Promise<VersionedUser> {
    return retryOptimistically(SUBJECT, async () => {
      const codes = await this.table.transact([
        { Put: { Item: toUserItem(user, 1), ...absent } },
        { Put: { Item: toEmailItem(user), ...absent } },
      ]);
      if (codes === undefined) return { user, version: 1 };
      if (codes[0] === CONDITION_FAILED) throw new UserIdTaken(user.userId);
      if (codes[1] === CONDITION_FAILED) throw new EmailTaken();
      return RACE_LOST;
    });
  }

  async get(userId: string): Promise<VersionedUser | undefined> {
    const item = await this.table.get(userKey(userId));
    return item === undefined ? undefined : toVersioned(item);
  }

  async list({ limit, after }: { limit: number; after?: ListPosition }): Promise<UserPage> {
    const { items, more } = await this.table.page(
      {
        IndexName: usersTable.listIndex.name,
        KeyConditionExpression: 'entity = :entity',
        ExpressionAttributeValues: { ':entity': USER_ENTITY },
        ...(after === undefined
          ? {}
          : {
              ExclusiveStartKey: {
                ...userKey(after.userId),
                entity: USER_ENTITY,
                listKey: listKeyOf(after.createdAt, after.userId),
              },
            }),
      },
      limit,
    );
    const users = items.map((item) => toVersioned(item).user);
    const last = users.at(-1);
    return more && last !== undefined ? { users, next: { createdAt: last.createdAt, userId: last.userId } } : { users };
  }

  async update(userId: string, changes: UserChanges, now: Date, expected: ExpectedVersion): Promise<VersionedUser> {
    return retryOptimistically(SUBJECT, async () => {
      const current = await this.current(userId, expected);
      const user = applyChanges(current.user, changes, now);
      const version = current.version + 1;
      const item = toUserItem(user, version);
      const unchanged = ifVersion(current.version);
      if (sameEmail(user.email, current.user.email)) {
        return (await this.table.putIf(item, unchanged)) ? { user, version } : RACE_LOST;
      }
      // The email moves: release the old claim and take the new one in the same transaction.
      const codes = await this.table.transact([
        { Put: { Item: item, ...unchanged } },
        { Delete: { Key: emailKey(current.user.email), ...freeOrOwnedBy(userId) } },
        { Put: { Item: toEmailItem(user), ...absent } },
      ]);
      if (codes === undefined) return { user, version };
      if (codes[2] === CONDITION_FAILED) throw new EmailTaken();
      return RACE_LOST;
    });
  }

  async setAvatar(userId: string, avatar: Avatar | undefined, now: Date): Promise<boolean> {
    return retryOptimistically(SUBJECT, async () => {
      const current = await this.get(userId);
      if (current === undefined) return false;
      const item = toUserItem(withAvatar(current.user, avatar, now), current.version + 1);
      return (await this.table.putIf(item, ifVersion(current.version))) ? true : RACE_LOST;
    });
  }

  async delete(userId: string, expected: ExpectedVersion): Promise<void> {
    return retryOptimistically(SUBJECT, async () => {
      const current = await this.current(userId, expected);
      const codes = await this.table.transact([
        { Delete: { Key: userKey(userId), ...ifVersion(current.version) } },
        { Delete: { Key: emailKey(current.user.email), ...freeOrOwnedBy(userId) } },
      ]);
      return codes === undefined ? undefined : RACE_LOST;
    });
  }

  /** The current user if it exists and its version is one the caller expects. */
  private async current(userId: string, expected: ExpectedVersion): Promise<VersionedUser> {
    const current = await this.get(userId);
    if (current === undefined) throw new UserNotFound(userId);
    if (!versionMatches(expected, current.version)) throw new VersionMismatch();
    return current;
  }
}
