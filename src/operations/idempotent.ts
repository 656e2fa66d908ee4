// Idempotency-Key for any operation: its work runs once per caller, operation and key, and a repeat gets the first answer.
import type { operations } from '../../generated/api.js';
import type { IdempotencyGuard } from '../idempotency/idempotencyGuard.js';
import type { OperationId, OperationInput } from './types.js';

type HeaderParameters<Op extends OperationId> = NonNullable<operations[Op]['parameters']['header']>;
/** The operations whose spec declares the Idempotency-Key header: only they may honour one. */
export type IdempotentOperation = {
  [Op in OperationId]: [HeaderParameters<Op>] extends [never]
    ? never
    : 'Idempotency-Key' extends keyof HeaderParameters<Op>
      ? Op
      : never;
}[OperationId];

/**
 * Runs `work` under the request's Idempotency-Key, if it sent one. A repeat of the same request (same path parameters
 * and body) replays the first answer; the same key with another request to this operation is refused (422); the same
 * key on another operation is another request. `operation` is the caller's own operationId (the input's type checks it).
 */
export function idempotent<Op extends IdempotentOperation, T>(
  operation: Op,
  input: OperationInput<NoInfer<Op>>,
  guard: IdempotencyGuard,
  work: () => Promise<T>,
): Promise<T> {
  const key = input.headers['idempotency-key'];
  if (key === undefined) return work();
  return guard(
    { principal: input.principal, operation, key, payload: { params: input.params, body: input.body } },
    work,
  );
}
