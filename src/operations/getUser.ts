// GET /users/{userId}: one user with its ETag; 304 when If-None-Match still matches.

import { UserNotFound } from '../domain/domainErrors.js';
import { etagOf, noneMatch } from '../domain/etag.js';
import { PRIVATE_REVALIDATE } from './cacheHeaders.js';
import type { OperationHandler } from './types.js';

export const getUser: OperationHandler<'getUser'> = async ({ params, headers }, { repository }) => {
  const found = await repository.get(params.userId);
  if (found === undefined) throw new UserNotFound(params.userId);
  const cacheHeaders = { ETag: etagOf(found.version), 'Cache-Control': PRIVATE_REVALIDATE };
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined && !noneMatch(ifNoneMatch, found.version)) {
    return { status: 304, headers: cacheHeaders };
  }
  return { status: 200, headers: cacheHeaders, body: found.user };
};
