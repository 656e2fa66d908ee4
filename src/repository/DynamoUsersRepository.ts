// DynamoDB adapter of the UsersRepository port: single-request conditional writes, paged queries, error mapping.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Config } from '../config.js';
import type { User, UserChanges } from '../domain/user.js';
import { ServiceUnavailableError } from '../http/errors.js';
import type { UserPage, UsersRepository } from './UsersRepository.js';
import { USER_ENTITY, userKey, usersTable } from './usersTable.js';

const USER_FIELDS = ['userId', 'name', 'email', 'phone', 'createdAt', 'updatedAt'] as const;

/** Errors that mean "try again later", not "you did something wrong": answered 503 with Retry-After. */
const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
  'LimitExceededException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

export function isTransientDynamoError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return TRANSIENT.has(error.name) || (code !== undefined && NETWORK_CODES.has(code)) || error.name === 'AbortError';
}

export function createDynamoClient(config: Config): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.region,
    // A custom endpoint is DynamoDB Local, which accepts any credentials.
    ...(config.dynamoEndpoint === undefined
      ? {}
      : { endpoint: config.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    maxAttempts: config.dynamoMaxAttempts,
    retryMode: 'standard',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: config.dynamoConnectTimeoutMs,
      requestTimeout: config.dynamoRequestTimeoutMs,
    }),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function toUser(item: Record<string, unknown>): User {
  const user: Record<string, unknown> = {};
  for (const field of USER_FIELDS) if (item[field] !== undefined) user[field] = item[field];
  return user as unknown as User;
}

export class DynamoUsersRepository implements UsersRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(user: User): Promise<void> {
    await this.call(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...userKey(user.userId), entity: USER_ENTITY, listKey: `${user.createdAt}#${user.userId}`, ...user },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(userId: string): Promise<User | undefined> {
    const { Item } = await this.call(() =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: userKey(userId) })),
    );
    return Item === undefined ? undefined : toUser(Item);
  }

  async list({ limit, after }: { limit: number; after?: Record<string, unknown> }): Promise<UserPage> {
    const { Items = [], LastEvaluatedKey } = await this.call(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: usersTable.listIndex.name,
          KeyConditionExpression: 'entity = :entity',
          ExpressionAttributeValues: { ':entity': USER_ENTITY },
          Limit: limit,
          ...(after === undefined ? {} : { ExclusiveStartKey: after }),
        }),
      ),
    );
    return { users: Items.map(toUser), ...(LastEvaluatedKey === undefined ? {} : { next: LastEvaluatedKey }) };
  }

  async update(userId: string, changes: UserChanges, updatedAt: string): Promise<User | undefined> {
    const set: string[] = ['#updatedAt = :updatedAt'];
    const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':updatedAt': updatedAt };
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined || !(USER_FIELDS as readonly string[]).includes(field)) continue;
      set.push(`#${field} = :${field}`);
      names[`#${field}`] = field;
      values[`:${field}`] = value;
    }
    try {
      const { Attributes } = await this.call(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: userKey(userId),
            UpdateExpression: `SET ${set.join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return Attributes === undefined ? undefined : toUser(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async delete(userId: string): Promise<boolean> {
    try {
      await this.call(() =>
        this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: userKey(userId),
            ConditionExpression: 'attribute_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Sends a command after the SDK's own bounded retries; transient failures become ServiceUnavailableError. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (isTransientDynamoError(error)) throw new ServiceUnavailableError(1, { cause: error });
      throw error;
    }
  }
}
