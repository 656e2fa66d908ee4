// Where a user's avatar lives in the bucket: one object per user, under the prefix the Lambda's IAM policy allows.
export const AVATAR_PREFIX = 'avatars/';

export const avatarKey = (userId: string) => `${AVATAR_PREFIX}${userId}`;

/** The user of an avatar key; undefined for keys outside the prefix or with a path below it. */
export function userOfAvatarKey(key: string): string | undefined {
  if (!key.startsWith(AVATAR_PREFIX)) return undefined;
  const userId = key.slice(AVATAR_PREFIX.length);
  return /^[0-9a-f-]{36}$/.test(userId) ? userId : undefined;
}
