// DELETE /users/{userId}: remove a user (and its avatar) and free its email, only of the version the caller has seen.
import { requiredIfMatch } from './ifMatch.js';
import type { OperationHandler } from './types.js';

export const deleteUser: OperationHandler<'deleteUser'> = async ({ params, headers }, { repository, avatars }) => {
  await repository.delete(params.userId, requiredIfMatch(headers));
  // After the user, so a refused delete keeps its avatar; an upload still under way is removed when it lands.
  await avatars?.delete(params.userId);
  return { status: 200, body: { message: 'User deleted successfully' } };
};
