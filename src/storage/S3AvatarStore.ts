// S3 adapter of the AvatarStore port: presigned POST (size range, content type, key pinned), presigned GET, Head, Delete.
import { Agent } from 'node:https';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AvatarConfig } from '../config.js';
import { StorageUnavailable } from '../domain/domainErrors.js';
import type { AvatarStore, AvatarUpload, StoredAvatar } from './AvatarStore.js';
import { avatarKey, userOfAvatarKey } from './avatarKeys.js';
import { LOCAL_S3_CREDENTIALS } from './localS3Credentials.js';

/** One client per container with explicit deadlines, like the DynamoDB client (src/repository). */
export function createS3Client(config: AvatarConfig, region: string): S3Client {
  return new S3Client({
    region,
    // A custom endpoint is the local s3rver: path-style URLs and its fixed key pair.
    ...(config.s3Endpoint === undefined
      ? {}
      : { endpoint: config.s3Endpoint, forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS }),
    maxAttempts: config.s3MaxAttempts,
    retryMode: 'standard',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: config.s3ConnectTimeoutMs,
      requestTimeout: config.s3RequestTimeoutMs,
      throwOnRequestTimeout: true,
      httpsAgent: new Agent({ keepAlive: true, maxSockets: 50 }),
    }),
  });
}

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;

export class S3AvatarStore implements AvatarStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly config: AvatarConfig,
  ) {}

  async presignUpload(userId: string, contentType: string, now: Date): Promise<AvatarUpload> {
    const expiresAt = new Date(now.getTime() + this.config.uploadTtlSeconds * 1000);
    const { url, fields } = await createPresignedPost(this.client, {
      Bucket: this.bucket,
      Key: avatarKey(userId),
      Conditions: [['content-length-range', 1, this.config.maxBytes]],
      Fields: { 'Content-Type': contentType },
      // The policy's expiration is counted from the signing clock, which may differ slightly from `now`.
      Expires: Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000)),
    });
    return {
      method: 'POST',
      url,
      // The SDK types them as a string map; it always sets these (the spec lists them, and local runs check it).
      fields: fields as AvatarUpload['fields'],
      maxBytes: this.config.maxBytes,
      expiresAt: expiresAt.toISOString(),
    };
  }

  presignDownload(userId: string): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: avatarKey(userId) }), {
      expiresIn: this.config.downloadTtlSeconds,
    });
  }

  async head(userId: string): Promise<StoredAvatar | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: avatarKey(userId) }));
      return { contentType: head.ContentType ?? 'application/octet-stream', bytes: head.ContentLength ?? 0 };
    } catch (error) {
      // Without s3:ListBucket (not granted), S3 answers a missing key with 403 rather than 404.
      const status = statusOf(error);
      if (status === 404 || status === 403) return undefined;
      throw new StorageUnavailable(1, { cause: error });
    }
  }

  async delete(userId: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: avatarKey(userId) }));
    } catch (error) {
      throw new StorageUnavailable(1, { cause: error });
    }
  }

  userOf(key: string): string | undefined {
    return userOfAvatarKey(key);
  }
}
