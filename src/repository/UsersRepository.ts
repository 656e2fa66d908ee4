// The persistence port: what operations need from storage, independent of DynamoDB.
import type { ExpectedVersion } from '../domain/etag.js';
import type { ListPosition } from '../domain/listCursor.js';
import type { Avatar, User, UserChanges } from '../domain/user.js';

/** A user with the version its ETag is made from; every write increments it. */
export interface VersionedUser {
  user: User;
  version: number;
}

export interface UserPage {
  users: User[];
  /** Where the next page starts; undefined when no more users remain. */
  next?: ListPosition;
}

/**
 * Implementations throw the domain's errors (src/domain/domainErrors.ts): UserNotFound, VersionMismatch, EmailTaken (the
 * email belongs to another user) and StorageUnavailable (storage overloaded or down).
 */
export interface UsersRepository {
  /** Stores a new user and claims its email atomically. */
  create(user: User): Promise<VersionedUser>;
  get(userId: string): Promise<VersionedUser | undefined>;
  list(page: { limit: number; after?: ListPosition }): Promise<UserPage>;
  /** Applies `changes` only if the current version is expected, moving the email claim in the same transaction. */
  update(userId: string, changes: UserChanges, now: Date, expected: ExpectedVersion): Promise<VersionedUser>;
  /**
   * Records (or with undefined, removes) the avatar storage holds for the user, as a new version. False when there is
   * no such user (it was deleted before its upload arrived).
   */
  setAvatar(userId: string, avatar: Avatar | undefined, now: Date): Promise<boolean>;
  /** Deletes the user and frees its email, only if the current version is expected. */
  delete(userId: string, expected: ExpectedVersion): Promise<void>;
}
