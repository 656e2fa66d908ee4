// GET /users/{userId}/avatar: a redirect to a short-lived presigned download URL, when the user record has an avatar.
import { AvatarNotFound, StorageUnavailable, UserNotFound } from '../domain/domainErrors.js';
import type { OperationHandler } from './types.js';

export const getAvatar: OperationHandler<'getAvatar'> = async ({ params }, { repository, avatars }) => {
  if (avatars === undefined) throw new StorageUnavailable(60);
  const found = await repository.get(params.userId);
  if (found === undefined) throw new UserNotFound(params.userId);
  if (found.user.avatar === undefined) throw new AvatarNotFound(params.userId);
  return {
    status: 302,
    headers: { Location: await avatars.presignDownload(params.userId), 'Cache-Control': 'no-store' },
  };
};
