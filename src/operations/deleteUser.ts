// DELETE /users/{userId}: remove a user.
import { NotFoundError } from '../http/errors.js';
import type { OperationHandler } from './types.js';

export const deleteUser: OperationHandler<'deleteUser'> = async ({ params }, { repository }) => {
  if (!(await repository.delete(params.userId))) throw new NotFoundError(`No user with id ${params.userId}.`);
  return { status: 200, body: { message: 'User deleted successfully' } };
};
