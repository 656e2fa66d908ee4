// The persistence port: what operations need from storage, independent of DynamoDB.
import type { User, UserChanges } from '../domain/user.js';

export interface UserPage {
  users: User[];
  /** Opaque position after the last user of this page; undefined when no more users remain. */
  next?: Record<string, unknown>;
}

export interface UsersRepository {
  create(user: User): Promise<void>;
  get(userId: string): Promise<User | undefined>;
  list(page: { limit: number; after?: Record<string, unknown> }): Promise<UserPage>;
  /** Applies `changes` atomically; undefined when the user does not exist. */
  update(userId: string, changes: UserChanges, updatedAt: string): Promise<User | undefined>;
  /** False when the user did not exist. */
  delete(userId: string): Promise<boolean>;
}
