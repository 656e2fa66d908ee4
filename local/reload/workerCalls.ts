// Calls to a worker thread as promises: each message carries an id, its answer the same id (`result` or `error`).
import type { Worker } from 'node:worker_threads';

export interface WorkerCalls<Request, Result> {
  call(request: Request): Promise<Result>;
  /** Calls sent and not yet answered. */
  pending(): number;
}

type Answer = { id: number; result?: unknown; error?: string };

/** Every call waiting rejects when the worker fails or exits, and every later call at once. */
export function workerCalls<Request extends object, Result>(worker: Worker): WorkerCalls<Request, Result> {
  const waiting = new Map<number, { resolve(value: Result): void; reject(error: Error): void }>();
  let nextId = 0;
  let failed: Error | undefined;
  worker.on('message', (answer: Answer) => {
    const call = waiting.get(answer.id);
    if (call === undefined) return;
    waiting.delete(answer.id);
    if (answer.error !== undefined) call.reject(new Error(answer.error));
    else call.resolve(answer.result as Result);
  });
  const fail = (error: Error) => {
    failed ??= error;
    for (const call of waiting.values()) call.reject(error);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the worker exited (code ${code})`)));
  return {
    call: (request) =>
      failed === undefined
        ? new Promise((resolve, reject) => {
            const id = ++nextId;
            waiting.set(id, { resolve, reject });
            worker.postMessage({ ...request, id });
          })
        : Promise.reject(failed),
    pending: () => waiting.size,
  };
}
