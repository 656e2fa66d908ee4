// The avatar storage port: presigned uploads and downloads, and the few calls the API makes itself.
import type { components } from '../../generated/api.js';

export type AvatarUpload = components['schemas']['AvatarUpload'];

/** What storage holds for a user's avatar. */
export interface StoredAvatar {
  contentType: string;
  bytes: number;
}

/**
 * Implementations sign requests locally (no network) for uploads and downloads; `head` and `delete` call storage and
 * throw StorageUnavailable (src/domain/domainErrors.ts) when it is down or slow.
 */
export interface AvatarStore {
  /** A presigned upload that storage accepts only for this user's key, this content type, the size limit and TTL. */
  presignUpload(userId: string, contentType: string, now: Date): Promise<AvatarUpload>;
  /** A presigned download URL of the user's avatar. */
  presignDownload(userId: string): Promise<string>;
  /** What is stored for the user, or undefined when nothing is. */
  head(userId: string): Promise<StoredAvatar | undefined>;
  delete(userId: string): Promise<void>;
  /** The user an object key belongs to (from an S3 notification), or undefined for any other key. */
  userOf(key: string): string | undefined;
}
