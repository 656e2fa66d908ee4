// Memory mode's data: the users and idempotency records the in-memory adapters hold.
// Seeded from the spec's examples, and handed from one handler worker to the next on a reload (structured-cloned).
import { randomUUID } from 'node:crypto';
import type { User } from '../../src/domain/user.js';
import type { VersionedUser } from '../../src/repository/UsersRepository.js';
import type { IdempotencyRecord } from './InMemoryIdempotencyGuard.js';

export interface MemoryState {
  readonly users: Map<string, VersionedUser>;
  readonly idempotency: Map<string, IdempotencyRecord>;
}

type SpecWithExamples = {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  components?: { examples?: Record<string, Example> };
};
type Example = { value?: { users?: User[] }; $ref?: string };

/** The users of the list operation's documented 200 examples: what a frontend reading the docs expects to find. */
export function exampleUsers(spec: SpecWithExamples): User[] {
  const users = new Map<string, User>();
  for (const methods of Object.values(spec.paths)) {
    const list = Object.values(methods).find((operation) => operation.operationId === 'listUsers');
    const ok = list?.responses?.['200'] as { content?: Record<string, { examples?: Record<string, Example> }> };
    for (const media of Object.values(ok?.content ?? {})) {
      for (const example of Object.values(media.examples ?? {})) {
        // The bundle keeps a shared example in components, referenced from here.
        const shared = example.$ref?.replace('#/components/examples/', '');
        const { value } = shared === undefined ? example : (spec.components?.examples?.[shared] ?? {});
        for (const user of value?.users ?? []) users.set(user.userId, user);
      }
    }
  }
  return [...users.values()];
}

/**
 * The example users as stored users, each with an id of its own, as the API mints them: the spec's example id also
 * names the user its 404 example (and the guide's walk-through) does not find.
 */
export function seededState(users: readonly User[]): MemoryState {
  const seeded = users.map((user) => ({ ...structuredClone(user), userId: randomUUID() }));
  return {
    users: new Map(seeded.map((user) => [user.userId, { user, version: 1 }])),
    idempotency: new Map(),
  };
}
