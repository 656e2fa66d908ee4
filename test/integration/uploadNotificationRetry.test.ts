// Issue 32, item 6 (local): a failed upload notification was only logged: the user never showed the avatar while the
// object stayed in the bucket. `npm start` now retries it with backoff, and keeps one that still fails (a dead-letter
// file, said on the console), as the stack sends it to its dead-letter queue.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withRetries } from '../../local/services/notificationRetry.js';
import { type S3Local, startS3Local } from '../../local/services/s3Local.js';
import { createAvatarEventHandler } from '../../src/lambda/defaultApi.js';
import type { ObjectCreatedEvent } from '../../src/operations/recordAvatarUploads.js';
import { createS3Client } from '../../src/storage/S3AvatarStore.js';
import { authedCall, type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { uniqueEmail } from '../helpers/seed.js';
import { type StallingProxy, startStallingProxy } from '../helpers/stallingProxy.js';

const dir = mkdtempSync(join(tmpdir(), 'upload-notifications-'));
const bucket = 'avatars-retry';
let proxy: StallingProxy;
let s3: S3Local;
let api: LocalApi;
let client: S3Client;
beforeAll(async () => {
  proxy = await startStallingProxy(inject('dynamoEndpoint'));
  s3 = await startS3Local({ bucket, corsAllowedOrigins: ['*'] });
  // DynamoDB behind the proxy (the fault), the local S3 direct
  api = await startLocalApi({
    DYNAMODB_ENDPOINT: proxy.url,
    DYNAMODB_CONNECT_TIMEOUT_MS: '300',
    DYNAMODB_REQUEST_TIMEOUT_MS: '500',
    DYNAMODB_MAX_ATTEMPTS: '1',
    AVATAR_BUCKET: bucket,
    S3_ENDPOINT: s3.endpoint,
  });
  client = createS3Client(api.config.avatars, 'us-east-1');
});
afterAll(async () => {
  client.destroy();
  await api.stop();
  await s3.stop();
  await proxy.close();
  rmSync(dir, { recursive: true, force: true });
});

const uploaded = (userId: string): ObjectCreatedEvent => ({
  Records: [{ eventSource: 'aws:s3', s3: { object: { key: `avatars/${userId}` } } }],
});

/** A user whose avatar object is in the bucket (its notification not yet handled). */
async function userWithUpload(): Promise<string> {
  const created = await authedCall(api, 'POST', '/users', { body: { name: 'Re Try', email: uniqueEmail('retry') } });
  expect(created.status).toBe(201);
  const userId = created.json.user.userId as string;
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: `avatars/${userId}`, Body: 'x'.repeat(10), ContentType: 'image/png' }),
  );
  return userId;
}

describe('an upload notification while DynamoDB stalls', () => {
  it('is retried with backoff and recorded once DynamoDB is back', async () => {
    // Arrange: the handler S3's notifications call; DynamoDB stalls
    const userId = await userWithUpload();
    const record = createAvatarEventHandler(api.config);
    const logged: string[] = [];
    const notify = withRetries(record, {
      attempts: 4,
      firstDelayMs: 200,
      deadLetterFile: join(dir, 'dead.jsonl'),
      log: (message) => {
        logged.push(message);
        proxy.resume(); // back after the first failure
      },
    });
    proxy.stall();

    // Act
    await notify(uploaded(userId));

    // Assert
    expect(logged[0]).toMatch(/failed .*retrying in 200 ms/);
    const user = await authedCall(api, 'GET', `/users/${userId}`);
    expect(user.json.avatar).toMatchObject({ contentType: 'image/png', bytes: 10 });
  });

  it('is kept in the dead-letter file, with its event, once every attempt failed', async () => {
    // Arrange
    const userId = await userWithUpload();
    const record = createAvatarEventHandler(api.config);
    const logged: string[] = [];
    const deadLetterFile = join(dir, 'kept.jsonl');
    const notify = withRetries(record, {
      attempts: 2,
      firstDelayMs: 50,
      deadLetterFile,
      log: (m) => logged.push(m),
    });
    proxy.stall();

    // Act
    await notify(uploaded(userId));
    proxy.resume();

    // Assert
    expect(logged.at(-1)).toContain(`failed 2 times`);
    expect(logged.at(-1)).toContain(deadLetterFile);
    const [kept] = readFileSync(deadLetterFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(kept.event).toEqual(uploaded(userId));
    expect((await authedCall(api, 'GET', `/users/${userId}`)).json.avatar).toBeUndefined();
  });
});
