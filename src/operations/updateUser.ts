// PUT /users/{userId}: partial update of name, email and phone.
import { NotFoundError } from '../http/errors.js';
import type { OperationHandler } from './types.js';

export const updateUser: OperationHandler<'updateUser'> = async ({ params, body }, { repository, now }) => {
  const user = await repository.update(params.userId, body, now().toISOString());
  if (user === undefined) throw new NotFoundError(`No user with id ${params.userId}.`);
  return { status: 200, body: { message: 'User updated successfully', user } };
};
