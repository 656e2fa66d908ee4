// The dev loop's type check: a worker (typecheckWorker.ts) that keeps its program between checks.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { root } from '../root.js';
import { workerCalls } from './workerCalls.js';

export interface TypeChecker {
  /** The type errors of these files and what they import, formatted as tsc prints them; none: []. */
  check(roots: readonly string[]): Promise<string[]>;
  stop(): Promise<void>;
}

export function startTypeChecker(): TypeChecker {
  // A TypeScript file: the worker loads it through tsx, whoever started this process.
  const worker = new Worker(join(root, 'local/reload/typecheckWorker.ts'), { execArgv: ['--import', 'tsx'] });
  worker.unref();
  const calls = workerCalls<{ roots: string[] }, string[]>(worker);
  return {
    check: (roots) =>
      calls.call({ roots: [...roots] }).catch((error: Error) => [`the type check stopped: ${error.message}`]),
    stop: async () => {
      await worker.terminate();
    },
  };
}
