// The handler the gateway calls, whichever worker currently runs it: a reload swaps the worker between requests.
import type { ObjectCreatedEvent } from '../../src/operations/recordAvatarUploads.js';
import type { ProxyHandler } from '../gateway/integration.js';
import type { HandlerWorker } from './handlerWorkers.js';

/** How long a swap in memory mode waits for requests in flight before it copies the data. */
const DRAIN_MS = 5000;
/** A worker in service this long before it crashed starts the back-off afresh. */
const STABLE_MS = 30_000;

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

export interface ReloadableHandlerOptions {
  /** Memory mode, where the data lives in the worker: a swap moves it to the next worker, requests held meanwhile. */
  readonly carryData: boolean;
  /** On DynamoDB the swap is immediate and the old worker finishes what it has (the integration timeout) first. */
  readonly retireAfterMs: number;
  /** A new worker running what `crashed` ran, for the one in service that crashed (requests wait for it). */
  restart(crashed: HandlerWorker): Promise<HandlerWorker>;
  log(line: string): void;
  /** The wait before the first restart, doubled for each crash in a row up to `maxRestartDelayMs`. */
  readonly restartDelayMs?: number;
  readonly maxRestartDelayMs?: number;
}

export function createReloadableHandler(first: HandlerWorker, options: ReloadableHandlerOptions): ReloadableHandler {
  const { carryData, retireAfterMs, restart, log, restartDelayMs = 100, maxRestartDelayMs = 5000 } = options;
  let current = first;
  let held: Promise<void> | undefined;
  let crashesInARow = 0;

  /** Restarts `crashed` after a bounded back-off, again while the restart fails; requests wait meanwhile. */
  const recover = async (crashed: HandlerWorker, firstCause: string) => {
    let release = () => {};
    held = new Promise((resolve) => {
      release = resolve;
    });
    let cause = firstCause;
    try {
      for (;;) {
        const delayMs = Math.min(restartDelayMs * 2 ** crashesInARow, maxRestartDelayMs);
        crashesInARow++;
        const lost = carryData ? ' (its data in memory is lost: the example users are seeded again)' : '';
        log(`The handler's worker crashed (${cause}); restarting it in ${delayMs} ms${lost}`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        try {
          const next = await restart(crashed);
          if (current !== crashed)
            await next.stop(); // a reload put another worker in service meanwhile
          else {
            current = next;
            watch(next);
            log(`The handler's worker restarted (${crashesInARow} crash${crashesInARow === 1 ? '' : 'es'} in a row)`);
          }
          return;
        } catch (error) {
          cause = `its restart failed: ${error instanceof Error ? error.message : error}`;
        }
      }
    } finally {
      held = undefined;
      release();
    }
  };
  const watch = (worker: HandlerWorker) => {
    const since = performance.now();
    worker.onCrash((cause) => {
      if (worker !== current) return; // a retired worker's end is no concern
      if (performance.now() - since >= STABLE_MS) crashesInARow = 0;
      void recover(worker, cause);
    });
  };
  watch(first);
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
          watch(next);
        } finally {
          held = undefined;
          release();
        }
      } else {
        current = next;
        watch(next);
      }
      void retire(previous);
    },
    stop: () => current.stop(),
  };
}
