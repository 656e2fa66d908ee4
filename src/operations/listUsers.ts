// GET /users: one bounded page of users, with a tamper-evident cursor to the next.

import { InvalidCursor } from '../domain/errors.js';
import { decodeCursor, encodeCursor } from '../domain/listCursor.js';
import { PRIVATE_REVALIDATE } from './cacheHeaders.js';
import type { OperationHandler } from './types.js';

export const listUsers: OperationHandler<'listUsers'> = async ({ query }, { repository, config }) => {
  // The validator fills in the spec's default, the one place it is written: no value here is a bug, not a request.
  const { limit } = query;
  if (limit === undefined) throw new Error('listUsers: no limit, so the request validator did not apply its default');
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, config.cursorVerifyingSecrets);
  if (query.cursor !== undefined && after === undefined) throw new InvalidCursor();
  const { users, next } = await repository.list({ limit, ...(after === undefined ? {} : { after }) });
  return {
    status: 200,
    headers: { 'Cache-Control': PRIVATE_REVALIDATE },
    body: {
      users,
      count: users.length,
      ...(next === undefined ? {} : { nextCursor: encodeCursor(next, config.cursorSecret) }),
    },
  };
};
