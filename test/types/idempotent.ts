// Compile-time tests (checked by `npm run typecheck`): idempotent() takes the calling operation's own id.
// Each @ts-expect-error fails the typecheck if the line below it ever compiles.
import type { IdempotencyGuard } from '../../src/idempotency/idempotencyGuard.js';
import { type IdempotentOperation, idempotent } from '../../src/operations/idempotent.js';
import type { OperationInput } from '../../src/operations/types.js';

declare const guard: IdempotencyGuard;
declare const updateInput: OperationInput<'updateUser'>;
declare const getInput: OperationInput<'getUser'>;
const work = async () => 'done';

// The operations whose spec declares the Idempotency-Key header, and only those.
export const declared: IdempotentOperation[] = ['createUser', 'updateUser', 'deleteUser'];
// @ts-expect-error getUser does not declare Idempotency-Key
export const undeclared: IdempotentOperation = 'getUser';

export const own = idempotent('updateUser', updateInput, guard, work);
// @ts-expect-error the key of an update must not be recorded as a create's
export const another = idempotent('createUser', updateInput, guard, work);
// @ts-expect-error an operation whose spec has no Idempotency-Key cannot honour one
export const notDeclared = idempotent('getUser', getInput, guard, work);
