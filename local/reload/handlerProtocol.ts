// What `npm start` and its handler worker (handlerWorker.ts) say to each other.
import type { Config } from '../../src/config.js';
import type { ProxyEvent } from '../../src/lambda/proxyAdapter.js';
import type { ObjectCreatedEvent } from '../../src/operations/recordAvatarUploads.js';
import type { MemoryState } from '../memory/memoryState.js';

export interface HandlerWorkerData {
  readonly config: Config;
  /** Memory mode: the in-memory adapters start with this data. DynamoDB otherwise. */
  readonly memory?: MemoryState;
}

export type HandlerRequest = { readonly id: number } & (
  | { readonly type: 'invoke'; readonly event: ProxyEvent; readonly context: { awsRequestId: string } }
  | { readonly type: 'notify'; readonly event: ObjectCreatedEvent }
  | { readonly type: 'snapshot' }
  | { readonly type: 'restore'; readonly state: MemoryState }
);

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: string };
