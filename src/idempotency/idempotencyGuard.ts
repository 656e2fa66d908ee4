// Idempotent creates with Powertools for AWS Lambda's idempotency utility, persisted in the users table.

import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { IdempotencyKeyReused, IdempotentRequestInProgress, StorageUnavailable } from '../domain/errors.js';
import { isTransientDynamoError } from '../repository/dynamoErrors.js';
import { usersTable } from '../repository/usersTable.js';

export interface IdempotentRequest {
  /** Who is asking: keys are scoped per caller, so two callers can never replay each other's responses. */
  principal: string;
  /** Which operation (its operationId): the same key sent to another operation is another request, never a replay. */
  operation: string;
  key: string;
  /** What must be identical for a replay (the request's path parameters and body). */
  payload: unknown;
}

/** Runs `work` once per (principal, operation, key); a repeat with the same payload gets the first result back. */
export type IdempotencyGuard = <T>(request: IdempotentRequest, work: () => Promise<T>) => Promise<T>;

export interface IdempotencySettings {
  ttlSeconds: number;
  /** How long a repeat waits for the first request to finish before answering 409. */
  waitMs: number;
  /** How long an unfinished record blocks its key (covers a crash mid-request). */
  inProgressMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createIdempotencyGuard(
  client: DynamoDBClient,
  tableName: string,
  settings: IdempotencySettings,
): IdempotencyGuard {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[principal, operation, key]',
    payloadValidationJmesPath: 'payload',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: settings.ttlSeconds,
  });
  // Powertools bounds an in-progress record by the invocation's remaining time; outside a Lambda invocation
  // there is none, so give it a fixed budget longer than any request may run.
  config.registerLambdaContext({ getRemainingTimeInMillis: () => settings.inProgressMs } as Context);
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName,
    awsSdkV3Client: client,
    keyAttr: usersTable.partitionKey,
    expiryAttr: usersTable.ttlAttribute,
  });
  const once = makeIdempotent(async (_request: IdempotentRequest, work: () => Promise<unknown>) => work(), {
    persistenceStore,
    config,
    keyPrefix: 'IDEMPOTENCY',
    dataIndexArgument: 0,
  });

  return async <T>(request: IdempotentRequest, work: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + settings.waitMs;
    for (;;) {
      try {
        return (await once(request, work)) as T;
      } catch (error) {
        if (error instanceof IdempotencyValidationError) throw new IdempotencyKeyReused();
        if (!(error instanceof IdempotencyAlreadyInProgressError)) {
          if (isTransientDynamoError(error)) throw new StorageUnavailable(1, { cause: error });
          throw error;
        }
        // A repeat that arrives while the first is running waits for its result rather than failing at once.
        if (Date.now() >= deadline) throw new IdempotentRequestInProgress(1);
        await sleep(50);
      }
    }
  };
}
