// Pure rules for users: building a new one and applying a partial update. No I/O.
import type { components } from '../../generated/api.js';

export type User = components['schemas']['User'];
export type NewUserInput = components['schemas']['CreateUserRequest'];
export type UserChanges = components['schemas']['UpdateUserRequest'];
export type Avatar = components['schemas']['Avatar'];

/** The user with this avatar (or none); like any change it moves `updatedAt`. */
export function withAvatar(user: User, avatar: Avatar | undefined, now: Date): User {
  const { avatar: _previous, ...rest } = user;
  return { ...rest, ...(avatar === undefined ? {} : { avatar }), updatedAt: now.toISOString() };
}

// The fields come from the validated input as the spec declares them (userFields.yaml): no list of them here.

export function newUser(input: NewUserInput, userId: string, now: Date): User {
  const timestamp = now.toISOString();
  return { ...input, userId, createdAt: timestamp, updatedAt: timestamp };
}

/** Only the fields present in `changes` change; `userId` and `createdAt` never do. */
export function applyChanges(user: User, changes: UserChanges, now: Date): User {
  return { ...user, ...changes, userId: user.userId, createdAt: user.createdAt, updatedAt: now.toISOString() };
}
