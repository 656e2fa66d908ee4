// PUT /users/{userId}/avatar: a presigned S3 POST for the user's avatar (the image never passes through the API).
import { AvatarTypeRefused, StorageUnavailable, UserNotFound } from '../domain/domainErrors.js';
import type { OperationHandler } from './types.js';

export const requestAvatarUpload: OperationHandler<'requestAvatarUpload'> = async (
  { params, body },
  { config, repository, avatars, now },
) => {
  if (avatars === undefined) throw new StorageUnavailable(60);
  const allowed = config.avatars.contentTypes;
  if (!allowed.includes(body.contentType)) throw new AvatarTypeRefused(allowed);
  if ((await repository.get(params.userId)) === undefined) {
    throw new UserNotFound(params.userId);
  }
  return { status: 200, body: await avatars.presignUpload(params.userId, body.contentType, now()) };
};
