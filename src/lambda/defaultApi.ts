// Wires the API to its real dependencies: DynamoDB for users and idempotency records, S3 for avatars, the clock, ids.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requestBudgetMs } from '../../config/timeBudget.js';
import { type Api, createApi } from '../api.js';
import { type Config, timeoutsOf } from '../config.js';
import type { IdempotencyGuard, IdempotencySettings } from '../idempotency/idempotencyGuard.js';
import { type ObjectCreatedEvent, recordAvatarUploads } from '../operations/recordAvatarUploads.js';
import type { Dependencies } from '../operations/types.js';
import { DynamoUsersRepository } from '../repository/DynamoUsersRepository.js';
import { createDynamoClient } from '../repository/dynamoClient.js';
import { avatarStoreOnDemand } from '../storage/avatarStoreOnDemand.js';
import type { ClientTracer } from '../tracing.js';
import { logger } from './logger.js';

/**
 * Powertools idempotency (and its DynamoDB persistence layer) is loaded by the first request that carries an
 * Idempotency-Key: a request without one never needs it, so a cold start does not load it (docs/performance.md).
 */
function idempotencyOnDemand(client: DynamoDBClient, tableName: string, settings: IdempotencySettings) {
  let guard: Promise<IdempotencyGuard> | undefined;
  const load = () =>
    import('../idempotency/idempotencyGuard.js').then(
      ({ createIdempotencyGuard }) => createIdempotencyGuard(client, tableName, settings),
      (error: unknown) => {
        guard = undefined; // a failed load is retried by the next request
        throw error;
      },
    );
  const onDemand: IdempotencyGuard = async (request, work) => {
    guard ??= load();
    return (await guard)(request, work);
  };
  return onDemand;
}

const avatarsOf = ({ avatars, region }: Config) =>
  avatars.bucket === undefined ? {} : { avatars: avatarStoreOnDemand(avatars, avatars.bucket, region) };

/** Handles S3's notifications of avatar uploads (built on the first one: most containers never get one). */
export function createAvatarEventHandler(config: Config): (event: ObjectCreatedEvent) => Promise<void> {
  let deps: Parameters<typeof recordAvatarUploads>[1] | undefined;
  return (event) => {
    deps ??= {
      repository: new DynamoUsersRepository(createDynamoClient(config), config.tableName),
      ...avatarsOf(config),
      now: () => new Date(),
    };
    return recordAvatarUploads(event, deps, (reason, record) => logger.info?.('S3 record skipped', { reason, record }));
  };
}

export function createDefaultDependencies(
  config: Config,
  traceClient: ClientTracer = (client) => client,
): Dependencies {
  const client = traceClient(createDynamoClient(config));
  return {
    config,
    repository: new DynamoUsersRepository(client, config.tableName),
    idempotency: idempotencyOnDemand(client, config.tableName, {
      ttlSeconds: config.idempotencyTtlSeconds,
      waitMs: config.idempotencyWaitMs,
      // A request that ended (a 503 whose record DynamoDB could not delete) blocks its key no longer than it could run.
      inProgressMs: requestBudgetMs(timeoutsOf(config)),
    }),
    ...avatarsOf(config),
    now: () => new Date(),
    newId: randomUUID,
  };
}

export const createDefaultApi = (config: Config, traceClient?: ClientTracer): Api =>
  createApi(createDefaultDependencies(config, traceClient), logger);
