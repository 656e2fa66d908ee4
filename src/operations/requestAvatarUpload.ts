// PUT /users/{userId}/avatar: a presigned S3 POST for the user's avatar (the image never passes through the API).
import { NotFoundError, ServiceUnavailableError, ValidationError } from '../http/errors.js';
import type { OperationHandler } from './types.js';

export const requestAvatarUpload: OperationHandler<'requestAvatarUpload'> = async (
  { params, body },
  { config, repository, avatars, now },
) => {
  if (avatars === undefined) throw new ServiceUnavailableError(60);
  const allowed = config.avatars.contentTypes;
  if (!allowed.includes(body.contentType)) {
    throw new ValidationError([
      { location: 'body', pointer: '/contentType', message: `must be one of ${allowed.join(', ')}` },
    ]);
  }
  if ((await repository.get(params.userId)) === undefined) {
    throw new NotFoundError(`No user with id ${params.userId}.`);
  }
  return { status: 200, body: await avatars.presignUpload(params.userId, body.contentType, now()) };
};
