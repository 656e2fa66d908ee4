// The in-memory adapter of the idempotency port, for memory mode and tests.
// Held to the same contract as the DynamoDB guard (test/repository/).
import { IdempotencyKeyReused, IdempotentRequestInProgress } from '../../src/domain/domainErrors.js';
import type { IdempotencyGuard, IdempotentRequest } from '../../src/idempotency/idempotencyGuard.js';

export type IdempotencyRecord = { payload: string; result?: unknown; done: boolean };

/**
 * Records per (principal, operation, key); a repeat waits up to `waitMs` for an unfinished first one, then 409.
 * `records`: where they are kept (memory mode hands them from one handler to its reloaded successor).
 */
export function createInMemoryIdempotencyGuard(
  waitMs: number,
  records = new Map<string, IdempotencyRecord>(),
): IdempotencyGuard {
  return async <T>(request: IdempotentRequest, work: () => Promise<T>) => {
    const id = JSON.stringify([request.principal, request.operation, request.key]);
    const payload = JSON.stringify(request.payload);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const found = records.get(id);
      if (found === undefined) break;
      if (found.payload !== payload) throw new IdempotencyKeyReused();
      if (found.done) return structuredClone(found.result) as T;
      if (Date.now() >= deadline) throw new IdempotentRequestInProgress(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const record: IdempotencyRecord = { payload, done: false };
    records.set(id, record);
    try {
      const result = await work();
      Object.assign(record, { result: structuredClone(result), done: true });
      return result;
    } catch (error) {
      // A failure is not remembered: the retry runs again.
      records.delete(id);
      throw error;
    }
  };
}
