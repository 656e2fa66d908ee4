// The in-memory adapter of the repository port, for memory mode, tests, benchmarks and fault injection.
// Held to the same contract as the DynamoDB adapter (test/repository/).

import { EmailTaken, UserIdTaken, UserNotFound, VersionMismatch } from '../../src/domain/domainErrors.js';
import { type ExpectedVersion, versionMatches } from '../../src/domain/etag.js';
import type { ListPosition } from '../../src/domain/listCursor.js';
import { type Avatar, applyChanges, type User, type UserChanges, withAvatar } from '../../src/domain/user.js';
import type { UserPage, UsersRepository, VersionedUser } from '../../src/repository/UsersRepository.js';

/** Users are records of strings and one avatar record that is replaced, never changed in place: a spread is a copy. */
const copyOf = ({ user, version }: VersionedUser): VersionedUser => ({ user: { ...user }, version });

export class InMemoryUsersRepository implements UsersRepository {
  readonly users = new Map<string, VersionedUser>();

  async create(user: User): Promise<VersionedUser> {
    if (this.users.has(user.userId)) throw new UserIdTaken(user.userId);
    this.assertEmailFree(user.email, user.userId);
    const stored = { user: { ...user }, version: 1 };
    this.users.set(user.userId, stored);
    return copyOf(stored);
  }

  async get(userId: string): Promise<VersionedUser | undefined> {
    const found = this.users.get(userId);
    return found === undefined ? undefined : copyOf(found);
  }

  async list({ limit, after }: { limit: number; after?: ListPosition }): Promise<UserPage> {
    const key = (u: User) => `${u.createdAt}#${u.userId}`;
    const all = [...this.users.values()].map((v) => v.user).sort((a, b) => key(a).localeCompare(key(b)));
    const rest = after === undefined ? all : all.filter((u) => key(u) > `${after.createdAt}#${after.userId}`);
    const users = rest.slice(0, limit).map((user) => ({ ...user }));
    const last = users.at(-1);
    return rest.length > limit && last !== undefined
      ? { users, next: { createdAt: last.createdAt, userId: last.userId } }
      : { users };
  }

  async update(userId: string, changes: UserChanges, now: Date, expected: ExpectedVersion): Promise<VersionedUser> {
    const current = this.current(userId, expected);
    const user = applyChanges(current.user, changes, now);
    this.assertEmailFree(user.email, userId);
    const stored = { user, version: current.version + 1 };
    this.users.set(userId, stored);
    return copyOf(stored);
  }

  async setAvatar(userId: string, avatar: Avatar | undefined, now: Date): Promise<boolean> {
    const current = this.users.get(userId);
    if (current === undefined) return false;
    this.users.set(userId, { user: withAvatar(current.user, avatar, now), version: current.version + 1 });
    return true;
  }

  async delete(userId: string, expected: ExpectedVersion): Promise<void> {
    this.current(userId, expected);
    this.users.delete(userId);
  }

  private current(userId: string, expected: ExpectedVersion): VersionedUser {
    const current = this.users.get(userId);
    if (current === undefined) throw new UserNotFound(userId);
    if (!versionMatches(expected, current.version)) throw new VersionMismatch();
    return current;
  }

  private assertEmailFree(email: string, userId: string) {
    for (const { user } of this.users.values()) {
      if (user.userId !== userId && user.email.toLowerCase() === email.toLowerCase()) {
        throw new EmailTaken();
      }
    }
  }
}
