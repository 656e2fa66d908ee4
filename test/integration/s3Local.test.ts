// The local S3 (s3rver with patches/s3rver+3.7.1.patch) refuses what S3 refuses: bad signatures, expired URLs,
// uploads outside their POST policy, and unsigned reads.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_S3_CREDENTIALS, type S3Local, startS3Local } from '../../local/services/s3Local.js';

const bucket = 'avatars-test';
let s3: S3Local;
let client: S3Client;
beforeAll(async () => {
  s3 = await startS3Local({ bucket, corsAllowedOrigins: ['*'] });
  client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: LOCAL_S3_CREDENTIALS,
  });
});
afterAll(async () => {
  client.destroy();
  await s3.stop();
});

const png = (bytes: number) => new Blob([new Uint8Array(bytes).fill(7)], { type: 'image/png' });

async function presignedPost(key: string, options: { expires?: number; maxBytes?: number } = {}) {
  return createPresignedPost(client, {
    Bucket: bucket,
    Key: key,
    Conditions: [['content-length-range', 1, options.maxBytes ?? 1000]],
    Fields: { 'Content-Type': 'image/png' },
    Expires: options.expires ?? 60,
  });
}

async function upload(post: { url: string; fields: Record<string, string> }, file: Blob, override = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...post.fields, ...override })) form.append(name, value);
  form.append('file', file);
  return fetch(post.url, { method: 'POST', body: form });
}

const errorCode = async (response: Response) => /<Code>(\w+)<\/Code>/.exec(await response.text())?.[1];

describe('presigned POST uploads', () => {
  it('stores a file within the policy, readable through a presigned GET', async () => {
    const uploaded = await upload(await presignedPost('avatars/a'), png(500));
    expect(uploaded.status).toBe(204);

    const read = await fetch(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'avatars/a' })));
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/png');
    expect((await read.arrayBuffer()).byteLength).toBe(500);
  });

  it('refuses a file larger than the content-length-range, and stores nothing', async () => {
    const response = await upload(await presignedPost('avatars/big', { maxBytes: 1000 }), png(1001));
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('EntityTooLarge');
    const read = await fetch(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'avatars/big' })));
    expect(read.status).toBe(404);
  });

  it('refuses a content type, a key or a bucket other than the policy pins, and an extra field', async () => {
    const post = await presignedPost('avatars/b');
    for (const override of [
      { 'Content-Type': 'text/html' },
      { key: 'avatars/someone-else' },
      { 'x-amz-meta-extra': 'x' },
    ]) {
      const response = await upload(post, png(10), override);
      expect(response.status, JSON.stringify(override)).toBe(403);
      expect(await errorCode(response)).toBe('AccessDenied');
    }
    const elsewhere = await upload({ ...post, url: `${s3.endpoint}/other-bucket` }, png(10));
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
  });

  // Issue 32, item 2: the policy check read one spelling of `key` and s3rver stored under another.
  it.each([
    ['before', 'key'],
    ['before', 'KEY'],
    ['after', 'Key'],
    ['after', 'key'],
  ])('refuses a form repeating the key field %s the signed one (as %s), and stores nothing', async (where, name) => {
    // Arrange
    const post = await presignedPost('avatars/mine');
    const form = new FormData();
    const signed = Object.entries(post.fields);
    const repeated: [string, string] = [name, 'avatars/someone-else'];
    for (const [field, value] of where === 'before' ? [repeated, ...signed] : [...signed, repeated]) {
      form.append(field, value);
    }
    form.append('file', png(10));

    // Act
    const response = await fetch(post.url, { method: 'POST', body: form });

    // Assert
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('AccessDenied');
    for (const key of ['avatars/mine', 'avatars/someone-else']) {
      const read = await fetch(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key })));
      expect(read.status, key).toBe(404);
    }
  });

  it('refuses an expired policy, a tampered policy and an unsigned POST', async () => {
    const expired = await upload(await presignedPost('avatars/c', { expires: -1 }), png(10));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Policy expired');

    const post = await presignedPost('avatars/c');
    const widened = Buffer.from(
      Buffer.from(post.fields.Policy ?? '', 'base64')
        .toString()
        .replace('1000', '99999999'),
    ).toString('base64');
    const tampered = await upload(post, png(10), { Policy: widened });
    expect(await errorCode(tampered)).toBe('SignatureDoesNotMatch');

    const form = new FormData();
    form.append('key', 'avatars/c');
    form.append('file', png(10));
    const unsigned = await fetch(`${s3.endpoint}/${bucket}`, { method: 'POST', body: form });
    expect(unsigned.status).toBe(403);
  });
});

describe('presigned GET URLs and signed requests', () => {
  beforeAll(async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'avatars/d', Body: 'x', ContentType: 'image/png' }));
  });

  it('refuses an expired URL', async () => {
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'avatars/d' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Request has expired');
  });

  it('refuses a URL whose key was changed to another object, and an unsigned read', async () => {
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'avatars/d' }));
    expect((await fetch(url)).status).toBe(200);
    const other = await fetch(url.replace('/avatars/d?', '/avatars/a?'));
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe('SignatureDoesNotMatch');
    expect((await fetch(`${s3.endpoint}/${bucket}/avatars/d`)).status).toBe(403);
  });

  it('refuses an SDK request signed with another secret', async () => {
    const wrong = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: LOCAL_S3_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    await expect(wrong.send(new GetObjectCommand({ Bucket: bucket, Key: 'avatars/d' }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
    wrong.destroy();
  });
});
