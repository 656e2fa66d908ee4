// Pure rules for users: building a new one and applying a partial update. No I/O.
import type { components } from '../../generated/api.js';

export type User = components['schemas']['User'];
export type NewUserInput = components['schemas']['CreateUserRequest'];
export type UserChanges = components['schemas']['UpdateUserRequest'];

export function newUser(input: NewUserInput, userId: string, now: Date): User {
  const timestamp = now.toISOString();
  return {
    userId,
    name: input.name,
    email: input.email,
    ...(input.phone === undefined ? {} : { phone: input.phone }),
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

/** Only the fields present in `changes` change; `userId` and `createdAt` never do. */
export function applyChanges(user: User, changes: UserChanges, now: Date): User {
  return {
    ...user,
    ...(changes.name === undefined ? {} : { name: changes.name }),
    ...(changes.email === undefined ? {} : { email: changes.email }),
    ...(changes.phone === undefined ? {} : { phone: changes.phone }),
    updatedAt: now.toISOString(),
  };
}
