// DELETE /users/{userId}: remove a user (and its avatar) and free its email, only of the version the caller has seen.
import { idempotent } from './idempotent.js';
import { requiredIfMatch } from './ifMatch.js';
import type { OperationHandler } from './types.js';

export const deleteUser: OperationHandler<'deleteUser'> = async (input, { repository, avatars, idempotency }) => {
  const expected = requiredIfMatch(input.headers);
  // A retry whose first answer was lost replays it, instead of a 404 for the user that first one deleted.
  return idempotent('deleteUser', input, idempotency, async () => {
    await repository.delete(input.params.userId, expected);
    // After the user, so a refused delete keeps its avatar; an upload still under way is removed when it lands.
    await avatars?.delete(input.params.userId);
    return { status: 200 as const, body: { message: 'User deleted successfully' } };
  });
};
