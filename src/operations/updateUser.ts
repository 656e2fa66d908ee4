// PUT /users/{userId}: partial update of the writable fields, only of the version the caller has seen.
import { etagOf } from '../domain/etag.js';
import { requiredIfMatch } from './ifMatch.js';
import type { OperationHandler } from './types.js';

export const updateUser: OperationHandler<'updateUser'> = async ({ params, body, headers }, { repository, now }) => {
  const expected = requiredIfMatch(headers);
  const { user, version } = await repository.update(params.userId, body, now(), expected);
  return { status: 200, headers: { ETag: etagOf(version) }, body: { message: 'User updated successfully', user } };
};
