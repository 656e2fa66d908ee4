// Types that tie each operation handler to its operation in generated/api.d.ts: input, allowed statuses and bodies.
import type { operations } from '../../generated/api.js';
import type { Caller } from '../auth/accessClaims.js';
import type { Config } from '../config.js';
import type { IdempotencyGuard } from '../idempotency/idempotencyGuard.js';
import type { UsersRepository } from '../repository/UsersRepository.js';
import type { AvatarStore } from '../storage/AvatarStore.js';
import type { AuthenticatedOperation } from './index.js';

export type OperationId = keyof operations;

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
/** A documented JSON body, or none for a response the spec documents without content (304). */
type BodyOf<R> = R extends { content: { 'application/json': infer Body } } ? { body: Body } : { body?: undefined };
type WithoutIndex<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
type DocumentedHeaders<R> = R extends { headers: infer H } ? WithoutIndex<H> : Record<string, never>;
// biome-ignore lint/complexity/noBannedTypes: `{} extends T` is how TypeScript tests that every key of T is optional.
type AllOptional<T> = {} extends T ? true : false;
/** One object type instead of an intersection, so excess-property checks reach nested literals. */
type Flatten<T> = { [K in keyof T]: T[K] };
type SuccessStatus = 200 | 201 | 202 | 204 | 302 | 304;
type Responses<Op extends OperationId> = operations[Op]['responses'];

/** The request as the spec describes it, already validated against the operation's schemas. */
export interface OperationInput<Op extends OperationId> {
  body: operations[Op] extends { requestBody: infer R } ? JsonContent<R> : undefined;
  params: operations[Op]['parameters'] extends { path: infer P } ? P : Record<string, never>;
  query: operations[Op]['parameters'] extends { query?: infer Q } ? NonNullable<Q> : Record<string, never>;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  requestId: string;
  /** Prefix of the API's paths as the client sees them (the stage, e.g. /prod; '' locally): for Location links. */
  basePath: string;
  /**
   * Who is calling: the token's subject, app client and scopes, as a bearer scheme (API Gateway's authorizer, or the
   * Lambda's own verification) authenticated them. Always there when each of the operation's security requirements
   * names a bearer scheme (AuthenticatedOperation, generated from the spec).
   */
  caller: Op extends AuthenticatedOperation ? Caller : Caller | undefined;
}

/**
 * A success the spec documents for this operation: its status, its body, and the headers it requires.
 * Error statuses are thrown as HttpError subclasses and mapped by toProblem().
 */
export type OperationResult<Op extends OperationId> = {
  [S in keyof Responses<Op> & SuccessStatus]: Flatten<
    { status: S } & BodyOf<Responses<Op>[S]> &
      (AllOptional<DocumentedHeaders<Responses<Op>[S]>> extends true
        ? { headers?: Record<string, string> }
        : { headers: DocumentedHeaders<Responses<Op>[S]> & Record<string, string> })
  >;
}[keyof Responses<Op> & SuccessStatus];

export interface Dependencies {
  readonly config: Config;
  readonly repository: UsersRepository;
  readonly idempotency: IdempotencyGuard;
  /** Absent when no avatar bucket is configured: the avatar operations answer 503. */
  readonly avatars?: AvatarStore;
  readonly now: () => Date;
  readonly newId: () => string;
}

export type OperationHandler<Op extends OperationId> = (
  input: OperationInput<Op>,
  deps: Dependencies,
) => Promise<OperationResult<Op>>;

/**
 * A handler as src/pipeline/operationCall.ts dispatches it: by then its input was validated against its own operation,
 * so the per-operation types (checked where each handler is written) are erased here.
 */
export type DispatchedHandler = (
  input: OperationInput<OperationId>,
  deps: Dependencies,
) => Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>;

/** One handler per operationId in the spec: a missing or extra handler is a compile error. */
export type OperationHandlers = { [Op in OperationId]: OperationHandler<Op> };
