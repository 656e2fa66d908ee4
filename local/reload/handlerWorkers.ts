// Starts the handler's worker and calls it like a function: a ProxyHandler for the gateway, S3's notifications.
// The worker runs handlerWorker.ts as built by handlerBuild.ts.
import { Worker } from 'node:worker_threads';
import type { ProxyEvent, ProxyResult } from '../../src/lambda/proxyAdapter.js';
import type { ObjectCreatedEvent } from '../../src/operations/recordAvatarUploads.js';
import type { ProxyHandler } from '../gateway/integration.js';
import type { MemoryState } from '../memory/memoryState.js';
import type { HandlerRequest, HandlerWorkerData, WorkerMessage } from './handlerProtocol.js';
import { workerCalls } from './workerCalls.js';

export interface HandlerWorker {
  /** The built file it runs (kept while it runs: a restart after a crash loads the same code). */
  readonly entry: string;
  readonly invoke: ProxyHandler;
  notify(event: ObjectCreatedEvent): Promise<void>;
  /** Memory mode's data (undefined on DynamoDB). */
  snapshot(): Promise<MemoryState | undefined>;
  restore(state: MemoryState): Promise<void>;
  /** Calls sent and not yet answered. */
  pending(): number;
  /** Called once if the worker ends after it was ready without being stopped (an uncaught error, process.exit). */
  onCrash(listener: (cause: string) => void): void;
  stop(): Promise<void>;
}

type Request = HandlerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** A worker loading `entry`; resolves once its module loaded and built the handler, rejects with why it did not. */
export function startHandlerWorker(entry: string, data: HandlerWorkerData): Promise<HandlerWorker> {
  // Source maps: a stack trace in the console names the file in src/, not a line of the bundle.
  const worker = new Worker(entry, { workerData: data, execArgv: ['--enable-source-maps'] });
  const calls = workerCalls<Request, unknown>(worker);
  let stopped = false;
  let crashed: ((cause: string) => void) | undefined;
  let lastError = '';
  worker.on('error', (error) => {
    lastError = `: ${error.stack ?? error}`;
  });
  const handle: HandlerWorker = {
    entry,
    invoke: (event: ProxyEvent, context) => calls.call({ type: 'invoke', event, context }) as Promise<ProxyResult>,
    notify: async (event) => {
      await calls.call({ type: 'notify', event });
    },
    snapshot: () => calls.call({ type: 'snapshot' }) as Promise<MemoryState | undefined>,
    restore: async (state) => {
      await calls.call({ type: 'restore', state });
    },
    pending: calls.pending,
    onCrash: (listener) => {
      crashed = listener;
    },
    stop: async () => {
      stopped = true;
      await worker.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (!('type' in message)) return;
      worker.once('exit', (code) => {
        if (!stopped) crashed?.(`exit code ${code}${lastError}`);
      });
      resolve(handle);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the handler's worker exited (code ${code}) before it was ready`)));
  });
}
