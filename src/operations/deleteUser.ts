// DELETE /users/{userId}: remove a user (and its avatar) and free its email, only of the version the caller has seen.
import { UserNotFound, VersionMismatch } from '../domain/domainErrors.js';
import { versionMatches } from '../domain/etag.js';
import { idempotent } from './idempotent.js';
import { requiredIfMatch } from './ifMatch.js';
import type { OperationHandler } from './types.js';

export const deleteUser: OperationHandler<'deleteUser'> = async (input, { repository, avatars, idempotency }) => {
  const expected = requiredIfMatch(input.headers);
  const { userId } = input.params;
  // A retry whose first answer was lost replays it, instead of a 404 for the user that first one deleted.
  return idempotent('deleteUser', input, idempotency, async () => {
    // The refusals first (404, 412): a refused delete keeps its avatar.
    const found = await repository.get(userId);
    if (found === undefined) throw new UserNotFound(userId);
    if (!versionMatches(expected, found.version)) throw new VersionMismatch();
    // The object before the record: S3 failing answers 503 with the user still there, and the retry deletes both
    // (deleting an absent object succeeds). The other order left an object no retry could reach (the user was gone).
    await avatars?.delete(userId);
    await repository.delete(userId, expected);
    return { status: 200 as const, body: { message: 'User deleted successfully' } };
  });
};
