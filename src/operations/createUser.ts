// POST /users: create a user (unique email), replaying the first answer for a repeated Idempotency-Key.
import { etagOf } from '../domain/etag.js';
import { newUser } from '../domain/user.js';
import type { OperationHandler, OperationResult } from './types.js';

export const createUser: OperationHandler<'createUser'> = async (
  { body, headers, caller, basePath },
  { repository, idempotency, now, newId },
) => {
  const create = async (): Promise<OperationResult<'createUser'>> => {
    const { user, version } = await repository.create(newUser(body, newId(), now()));
    return {
      status: 201,
      headers: { Location: `${basePath}/users/${user.userId}`, ETag: etagOf(version) },
      body: { message: 'User created successfully', user },
    };
  };
  const key = headers['idempotency-key'];
  return key === undefined ? create() : idempotency({ principal: caller.subject, key, payload: body }, create);
};
