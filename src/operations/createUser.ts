// POST /users: create a user (unique email), replaying the first answer for a repeated Idempotency-Key.
import { etagOf } from '../domain/etag.js';
import { newUser } from '../domain/user.js';
import { idempotent } from './idempotent.js';
import type { OperationHandler } from './types.js';

export const createUser: OperationHandler<'createUser'> = async (input, { repository, idempotency, now, newId }) =>
  idempotent('createUser', input, idempotency, async () => {
    const { user, version } = await repository.create(newUser(input.body, newId(), now()));
    return {
      status: 201 as const,
      headers: { Location: `${input.basePath}/users/${user.userId}`, ETag: etagOf(version) },
      body: { message: 'User created successfully', user },
    };
  });
