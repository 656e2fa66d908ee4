// Runs s3rver (patched to check V4 signatures and POST policies, patches/) in process as the local avatar bucket.
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import S3rver from 's3rver';
import { InMemoryObjectStore } from '../memory/InMemoryObjectStore.js';

export { LOCAL_S3_CREDENTIALS } from '../../src/storage/localS3Credentials.js';

/** An object-created notification, in the shape S3 sends (and s3rver emits). */
export interface S3ObjectEvent {
  Records: { eventSource: string; eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[];
}

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

export interface S3LocalOptions {
  bucket: string;
  /** Where objects are kept between runs; a temporary store emptied on stop when undefined. */
  dataDir?: string;
  /** Objects in this process's memory instead (memory mode): nothing is written to disk. */
  inMemory?: boolean;
  port?: number;
  corsAllowedOrigins: readonly string[];
  onObjectCreated?: (event: S3ObjectEvent) => void;
  /** Told of each request the server receives, with its response (`npm run cost` counts and times them). */
  onRequest?: (request: IncomingMessage, response: ServerResponse) => void;
}

/** The bucket's CORS rules, as S3's PutBucketCors XML: browsers upload (POST) and download (GET) from these origins. */
function corsXml(origins: readonly string[]): string {
  const allowed = origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('');
  return `<CORSConfiguration><CORSRule>${allowed}<AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
}

export async function startS3Local(options: S3LocalOptions): Promise<S3Local> {
  const directory = resolve(options.dataDir ?? `.data/tmp-s3-${process.pid}-${Date.now()}`);
  if (options.inMemory !== true) mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    resetOnClose: options.dataDir === undefined,
    configureBuckets: [{ name: options.bucket, configs: [corsXml(options.corsAllowedOrigins)] }],
  });
  if (options.inMemory === true) {
    // s3rver reads its store from these two places (its constructor sets both); its checks stay as they are.
    const store = new InMemoryObjectStore();
    Object.assign(server, { store });
    Object.assign((server as unknown as { context: object }).context, { store });
  }
  if (options.onObjectCreated !== undefined) {
    const notify = options.onObjectCreated;
    (server as unknown as { on(name: 'event', listener: (event: S3ObjectEvent) => void): void }).on(
      'event',
      (event) => {
        if (event.Records.every((r) => r.eventName.startsWith('ObjectCreated'))) notify(event);
      },
    );
  }
  const { port } = await server.run();
  if (options.onRequest !== undefined) {
    (server as unknown as { httpServer: Server }).httpServer.on('request', options.onRequest);
  }
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
