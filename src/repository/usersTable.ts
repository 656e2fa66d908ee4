// The table's shape, shared by the DynamoDB adapter, the local gateway (creates it) and the CDK stack.

export const usersTable = {
  partitionKey: 'pk',
  /** Sparse index of user items only, ordered by creation: lists page through it without scanning. */
  listIndex: { name: 'users-by-created', partitionKey: 'entity', sortKey: 'listKey' },
} as const;

export const USER_ENTITY = 'USER';
export const userKey = (userId: string) => ({ [usersTable.partitionKey]: `USER#${userId}` });
