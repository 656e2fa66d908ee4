// DELETE /users/{userId}: remove a user and free its email, only of the version the caller has seen.
import { requiredIfMatch } from './ifMatch.js';
import type { OperationHandler } from './types.js';

export const deleteUser: OperationHandler<'deleteUser'> = async ({ params, headers }, { repository }) => {
  await repository.delete(params.userId, requiredIfMatch(headers));
  return { status: 200, body: { message: 'User deleted successfully' } };
};
