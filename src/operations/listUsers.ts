// GET /users: one bounded page of users.
import type { OperationHandler } from './types.js';

export const listUsers: OperationHandler<'listUsers'> = async (_input, { repository, config }) => {
  const { users } = await repository.list({ limit: config.listPageSize });
  return { status: 200, body: { users, count: users.length } };
};
