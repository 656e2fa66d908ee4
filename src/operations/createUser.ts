// POST /users: create a user with a server-assigned id and timestamps.
import { newUser } from '../domain/user.js';
import type { OperationHandler } from './types.js';

export const createUser: OperationHandler<'createUser'> = async ({ body }, { repository, now, newId }) => {
  const user = newUser(body, newId(), now());
  await repository.create(user);
  return {
    status: 201,
    headers: { Location: `/users/${user.userId}` },
    body: { message: 'User created successfully', user },
  };
};
