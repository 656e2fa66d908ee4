// PUT /users/{userId}: partial update of the writable fields, only of the version the caller has seen.
import { etagOf } from '../domain/etag.js';
import { idempotent } from './idempotent.js';
import { requiredIfMatch } from './ifMatch.js';
import type { OperationHandler } from './types.js';

export const updateUser: OperationHandler<'updateUser'> = async (input, { repository, idempotency, now }) => {
  const expected = requiredIfMatch(input.headers);
  // A retry whose first answer was lost replays it, instead of a 412 against the version that first one made.
  return idempotent('updateUser', input, idempotency, async () => {
    const { user, version } = await repository.update(input.params.userId, input.body, now(), expected);
    return {
      status: 200 as const,
      headers: { ETag: etagOf(version) },
      body: { message: 'User updated successfully', user },
    };
  });
};
