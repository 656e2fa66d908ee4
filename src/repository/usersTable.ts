// The table's shape, shared by the DynamoDB adapter, the local gateway (creates it) and the CDK stack.

export const usersTable = {
  partitionKey: 'pk',
  /** Sparse index of user items only, ordered by creation: lists page through it without scanning. */
  listIndex: { name: 'users-by-created', partitionKey: 'entity', sortKey: 'listKey' },
  /** Epoch seconds after which DynamoDB TTL removes an item (idempotency records). */
  ttlAttribute: 'expiresAt',
} as const;

export const USER_ENTITY = 'USER';
export const userKey = (userId: string) => ({ pk: `USER#${userId}` });
/** One item per email (lower-cased) claims it for one user: uniqueness enforced by conditional writes. */
export const emailKey = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}` });
export const listKeyOf = (createdAt: string, userId: string) => `${createdAt}#${userId}`;
