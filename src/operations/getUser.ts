// GET /users/{userId}: one user.
import { NotFoundError } from '../http/errors.js';
import type { OperationHandler } from './types.js';

export const getUser: OperationHandler<'getUser'> = async ({ params }, { repository }) => {
  const user = await repository.get(params.userId);
  if (user === undefined) throw new NotFoundError(`No user with id ${params.userId}.`);
  return { status: 200, body: user };
};
