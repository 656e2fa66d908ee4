// GET /users/{userId}/avatar: a redirect to a short-lived presigned download URL, when the user record has an avatar.
import { NotFoundError, ServiceUnavailableError } from '../http/errors.js';
import type { OperationHandler } from './types.js';

export const getAvatar: OperationHandler<'getAvatar'> = async ({ params }, { repository, avatars }) => {
  if (avatars === undefined) throw new ServiceUnavailableError(60);
  const found = await repository.get(params.userId);
  if (found === undefined) throw new NotFoundError(`No user with id ${params.userId}.`);
  if (found.user.avatar === undefined) throw new NotFoundError(`User ${params.userId} has no avatar.`);
  return {
    status: 302,
    headers: { Location: await avatars.presignDownload(params.userId), 'Cache-Control': 'no-store' },
  };
};
