// The handler the gateway calls, whichever worker currently runs it: a reload swaps the worker between requests.
import type { ObjectCreatedEvent } from '../../src/operations/recordAvatarUploads.js';
import type { ProxyHandler } from '../gateway/integration.js';
import type { HandlerWorker } from './handlerWorkers.js';

/** How long a swap in memory mode waits for requests in flight before it copies the data. */
const DRAIN_MS = 5000;

const drained = async (worker: HandlerWorker, withinMs: number) => {
  const deadline = Date.now() + withinMs;
  while (worker.pending() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
};

export interface ReloadableHandler {
  readonly invoke: ProxyHandler;
  /** S3's notification of an upload, to the current handler (as S3 invokes the Lambda). */
  notify(event: ObjectCreatedEvent): Promise<void>;
  /** Puts `next` in service. With `carryData` the data moves over first, requests held meanwhile. */
  swap(next: HandlerWorker): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `carryData`: memory mode, where the data lives in the worker. On DynamoDB the swap is immediate and the old worker
 * finishes what it has (up to `retireAfterMs`, the integration timeout) before it stops.
 */
export function createReloadableHandler(
  first: HandlerWorker,
  { carryData, retireAfterMs }: { carryData: boolean; retireAfterMs: number },
): ReloadableHandler {
  let current = first;
  let held: Promise<void> | undefined;
  const inService = async () => {
    while (held !== undefined) await held;
    return current;
  };
  const retire = async (worker: HandlerWorker) => {
    await drained(worker, retireAfterMs);
    await worker.stop();
  };
  return {
    invoke: async (event, context) => (await inService()).invoke(event, context),
    notify: async (event) => (await inService()).notify(event),
    async swap(next) {
      const previous = current;
      if (carryData) {
        let release = () => {};
        held = new Promise((resolve) => {
          release = resolve;
        });
        try {
          await drained(previous, DRAIN_MS);
          const data = await previous.snapshot();
          if (data !== undefined) await next.restore(data);
          current = next;
        } finally {
          held = undefined;
          release();
        }
      } else current = next;
      void retire(previous);
    },
    stop: () => current.stop(),
  };
}
