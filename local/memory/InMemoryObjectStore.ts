// s3rver's storage interface kept in memory, for memory mode's local S3.
// The same (patched) s3rver with its signature, policy and expiry checks, holding objects in this process instead of
// under .data/s3. Multipart uploads are not offered (the API never uses them).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

// s3rver's models (CommonJS, untyped): what its controllers expect the store to hand back.
const require = createRequire(import.meta.url);
const S3Bucket = require('s3rver/lib/models/bucket') as new (name: string, created: Date) => unknown;
const S3Object = require('s3rver/lib/models/object') as new (
  bucket: string,
  key: string,
  content: Buffer | null,
  metadata: Record<string, unknown>,
) => { bucket: string; key: string; content: Buffer | Readable; metadata: Record<string, string> };
const S3Error = require('s3rver/lib/models/error') as new (code: string, message: string) => Error;
const { getConfigModel } = require('s3rver/lib/models/config') as {
  getConfigModel(type: string): new (xml: string) => { type: string; toXML(indent?: number): string };
};

type S3ObjectModel = InstanceType<typeof S3Object>;
interface StoredObject {
  content: Buffer;
  metadata: Record<string, string>;
  md5: string;
  modified: Date;
}
interface Bucket {
  created: Date;
  objects: Map<string, StoredObject>;
  /** Subresources (cors, website, tagging) as their XML, keyed by `<key>\0<type>` (key '' for the bucket's own). */
  resources: Map<string, string>;
}

async function bytesOf(content: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const notOffered = () => {
  throw new S3Error('NotImplemented', 'Multipart uploads are not offered by the in-memory local S3.');
};

export class InMemoryObjectStore {
  private readonly buckets = new Map<string, Bucket>();

  private bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (bucket === undefined) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist');
    return bucket;
  }

  private metadataOf(stored: StoredObject): Record<string, string | number> {
    return {
      ...stored.metadata,
      etag: JSON.stringify(stored.md5),
      'last-modified': stored.modified.toUTCString(),
      'content-length': stored.content.length,
    };
  }

  reset(): void {
    this.buckets.clear();
  }

  async listBuckets() {
    return [...this.buckets].map(([name, b]) => new S3Bucket(name, b.created));
  }

  async getBucket(name: string) {
    const bucket = this.buckets.get(name);
    return bucket === undefined ? null : new S3Bucket(name, bucket.created);
  }

  async putBucket(name: string) {
    if (!this.buckets.has(name))
      this.buckets.set(name, { created: new Date(), objects: new Map(), resources: new Map() });
    return this.getBucket(name);
  }

  async deleteBucket(name: string): Promise<void> {
    this.buckets.delete(name);
  }

  async listObjects(
    name: string,
    { delimiter = '', startAfter = '', prefix = '', maxKeys = Number.POSITIVE_INFINITY } = {},
  ) {
    const bucket = this.bucket(name);
    const commonPrefixes = new Set<string>();
    const objects: S3ObjectModel[] = [];
    let isTruncated = false;
    for (const key of [...bucket.objects.keys()].sort()) {
      if (key <= startAfter || !key.startsWith(prefix)) continue;
      const at = delimiter === '' ? -1 : key.slice(prefix.length).indexOf(delimiter);
      if (at !== -1) {
        commonPrefixes.add(key.slice(0, prefix.length + at + 1));
        continue;
      }
      if (objects.length >= maxKeys) {
        isTruncated = true;
        break;
      }
      objects.push(new S3Object(name, key, null, this.metadataOf(bucket.objects.get(key) as StoredObject)));
    }
    return { objects, commonPrefixes: [...commonPrefixes].sort(), isTruncated };
  }

  async existsObject(name: string, key: string): Promise<boolean> {
    return this.buckets.get(name)?.objects.has(key) ?? false;
  }

  async getObject(name: string, key: string, options?: { start?: number; end?: number }) {
    const stored = this.buckets.get(name)?.objects.get(key);
    if (stored === undefined) return null;
    const lastByte = Math.max(0, stored.content.length - 1);
    const range = { start: options?.start ?? 0, end: Math.min(options?.end ?? Number.POSITIVE_INFINITY, lastByte) };
    const ranged = options !== undefined && (options.start !== undefined || options.end !== undefined);
    const satisfiable = range.start >= 0 && range.end >= range.start;
    const object = new S3Object(name, key, null, this.metadataOf(stored)) as S3ObjectModel & { range?: unknown };
    // A stream, as s3rver's controllers expect: HEAD destroys it unread, GET pipes it.
    if (satisfiable) object.content = Readable.from([stored.content.subarray(range.start, range.end + 1)]);
    if (ranged) object.range = range;
    return object;
  }

  async putObject(object: S3ObjectModel) {
    const content = await bytesOf(object.content);
    const md5 = createHash('md5').update(content).digest('hex');
    const metadata = Object.fromEntries(
      Object.entries(object.metadata).filter(([name]) => !['etag', 'last-modified', 'content-length'].includes(name)),
    );
    this.bucket(object.bucket).objects.set(object.key, { content, metadata, md5, modified: new Date() });
    return { size: content.length, md5 };
  }

  async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata?: Record<string, string>,
  ) {
    const source = this.bucket(srcBucket).objects.get(srcKey);
    if (source === undefined) throw new S3Error('NoSuchKey', 'The specified key does not exist.');
    const copy = { ...source, metadata: replacementMetadata ?? source.metadata, modified: new Date() };
    this.bucket(destBucket).objects.set(destKey, copy);
    return this.metadataOf(copy);
  }

  async deleteObject(name: string, key: string): Promise<void> {
    this.bucket(name).objects.delete(key);
  }

  initiateUpload = notOffered;
  putPart = notOffered;
  putObjectMultipart = notOffered;

  async getSubresource(name: string, key: string | undefined, type: string) {
    const xml = this.bucket(name).resources.get(`${key ?? ''}\0${type}`);
    if (xml === undefined) return null;
    const Model = getConfigModel(type);
    return new Model(xml);
  }

  async putSubresource(
    name: string,
    key: string | undefined,
    resource: { type: string; toXML(indent?: number): string },
  ) {
    this.bucket(name).resources.set(`${key ?? ''}\0${resource.type}`, resource.toXML(2));
  }

  async deleteSubresource(name: string, key: string | undefined, type: string): Promise<void> {
    this.bucket(name).resources.delete(`${key ?? ''}\0${type}`);
  }
}
