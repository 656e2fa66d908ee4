// The dev loop's `npm run generate`: scripts/generateWorker.ts in a worker thread, its modules loaded once.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { root } from '../root.js';
import { workerCalls } from './workerCalls.js';

export interface Generator {
  /** Regenerates from openapi/ as it is now: the files written, relative to the root; rejects with the cause. */
  generate(): Promise<string[]>;
  /** Resolves once the worker has loaded what generation needs. */
  warm(): Promise<void>;
  stop(): Promise<void>;
}

export function startGenerator(): Generator {
  // Run by path, as `npm run generate` runs the script: local/ does not import scripts/.
  const worker = new Worker(join(root, 'scripts/generateWorker.ts'), {
    execArgv: ['--import', 'tsx'],
  });
  worker.unref();
  const calls = workerCalls<{ warm?: boolean }, string[]>(worker);
  return {
    generate: () => calls.call({}),
    warm: async () => {
      await calls.call({ warm: true });
    },
    stop: async () => {
      await worker.terminate();
    },
  };
}
