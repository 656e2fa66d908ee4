// The Lambda's handler in a worker thread, which `npm start` replaces on a change.
// `npm start` builds this file (esbuild, like the Lambda) and runs it in a worker it can replace, since ES modules
// cannot be unloaded from a running process. DynamoDB or, in memory mode, the in-memory adapters (their data handed
// over from the previous worker).
import { parentPort, workerData } from 'node:worker_threads';
import { createApi } from '../../src/api.js';
import type { Config } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { logger } from '../../src/lambda/logger.js';
import { type ObjectCreatedEvent, recordAvatarUploads } from '../../src/operations/recordAvatarUploads.js';
import { avatarStoreOnDemand } from '../../src/storage/avatarStoreOnDemand.js';
import { createInMemoryIdempotencyGuard, type IdempotencyRecord } from '../memory/InMemoryIdempotencyGuard.js';
import { InMemoryUsersRepository } from '../memory/InMemoryUsersRepository.js';
import { memoryDependencies } from '../memory/memoryDependencies.js';
import type { MemoryState } from '../memory/memoryState.js';
import type { HandlerRequest, HandlerWorkerData, WorkerMessage } from './handlerProtocol.js';

const port = parentPort;
if (port === null) throw new Error('handlerWorker.ts runs in a worker thread (local/reload/handlerWorkers.ts)');
const { config, memory } = workerData as HandlerWorkerData;

function memoryHandlers(config: Config, state: MemoryState) {
  const repository = new InMemoryUsersRepository();
  const records = new Map<string, IdempotencyRecord>();
  const load = (from: MemoryState) => {
    for (const [id, user] of from.users) repository.users.set(id, user);
    for (const [id, record] of from.idempotency) records.set(id, record);
  };
  load(state);
  const deps = memoryDependencies(config, {
    repository,
    idempotency: createInMemoryIdempotencyGuard(config.idempotencyWaitMs, records),
    ...(config.avatars.bucket === undefined
      ? {}
      : { avatars: avatarStoreOnDemand(config.avatars, config.avatars.bucket, config.region) }),
  });
  const api = createApi(deps, logger);
  return {
    invoke: createHandler(config, () => api),
    notify: (event: ObjectCreatedEvent) => recordAvatarUploads(event, deps),
    snapshot: (): MemoryState => ({ users: repository.users, idempotency: records }),
    restore: (from: MemoryState) => {
      repository.users.clear();
      records.clear();
      load(from);
    },
  };
}

async function dynamoHandlers(config: Config) {
  // Memory mode never loads the DynamoDB client.
  const { createAvatarEventHandler, createDefaultApi } = await import('../../src/lambda/defaultApi.js');
  const api = createDefaultApi(config);
  return {
    invoke: createHandler(config, () => api),
    notify: createAvatarEventHandler(config),
    snapshot: undefined,
    restore: undefined,
  };
}

// The API is built before the worker says it is ready (a Lambda builds it on its first request): the first request
// to a started or reloaded handler does not wait for it.
const handlers = memory === undefined ? await dynamoHandlers(config) : memoryHandlers(config, memory);
async function answer(request: HandlerRequest): Promise<unknown> {
  switch (request.type) {
    case 'invoke':
      return handlers.invoke(request.event, request.context);
    case 'notify':
      return handlers.notify(request.event);
    case 'snapshot':
      return handlers.snapshot?.();
    case 'restore':
      return handlers.restore?.(request.state);
  }
}

port.on('message', (request: HandlerRequest) => {
  answer(request).then(
    (result) => port.postMessage({ id: request.id, result } satisfies WorkerMessage),
    (error: unknown) => port.postMessage({ id: request.id, error: String(error) } satisfies WorkerMessage),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
