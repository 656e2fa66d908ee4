// The API's dependencies in memory: the in-memory repository, the real clock and ids.
// No idempotency records unless a guard is given (memory mode gives the in-memory one).
import { randomUUID } from 'node:crypto';
import type { Config } from '../../src/config.js';
import type { Dependencies } from '../../src/operations/types.js';
import { InMemoryUsersRepository } from './InMemoryUsersRepository.js';

/** Every create runs (no Idempotency-Key record is kept); `overrides` plant a repository, a guard, a clock or ids. */
export function memoryDependencies(
  config: Config,
  overrides: Partial<Omit<Dependencies, 'config'>> = {},
): Dependencies {
  return {
    config,
    repository: new InMemoryUsersRepository(),
    idempotency: (_request, work) => work(),
    now: () => new Date(),
    newId: randomUUID,
    ...overrides,
  };
}
