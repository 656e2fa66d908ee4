// Memory mode's data: the users and idempotency records the in-memory adapters hold.
// Seeded from the spec's examples, and handed from one handler worker to the next on a reload (structured-cloned).
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

export function seededState(users: readonly User[]): MemoryState {
  return {
    users: new Map(users.map((user) => [user.userId, { user: structuredClone(user), version: 1 }])),
    idempotency: new Map(),
  };
}
