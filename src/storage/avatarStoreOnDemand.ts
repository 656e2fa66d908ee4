// The S3 client and presigners are loaded by the first request that needs them, not at cold start.
import type { AvatarConfig } from '../config.js';
import type { AvatarStore } from './AvatarStore.js';
import { userOfAvatarKey } from './avatarKeys.js';

export function avatarStoreOnDemand(config: AvatarConfig, bucket: string, region: string): AvatarStore {
  let store: Promise<AvatarStore> | undefined;
  const load = () => {
    store ??= import('./S3AvatarStore.js').then(
      ({ createS3Client, S3AvatarStore }) => new S3AvatarStore(createS3Client(config, region), bucket, config),
      (error: unknown) => {
        store = undefined; // a failed load is retried by the next request
        throw error;
      },
    );
    return store;
  };
  return {
    presignUpload: async (userId, contentType, now) => (await load()).presignUpload(userId, contentType, now),
    presignDownload: async (userId) => (await load()).presignDownload(userId),
    head: async (userId) => (await load()).head(userId),
    delete: async (userId) => (await load()).delete(userId),
    userOf: userOfAvatarKey,
  };
}
