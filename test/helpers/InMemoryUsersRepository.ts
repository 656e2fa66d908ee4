// A fake behind the repository port, for unit tests of operations and for fault injection. Not used in production.
import { applyChanges, type User, type UserChanges } from '../../src/domain/user.js';
import type { UserPage, UsersRepository } from '../../src/repository/UsersRepository.js';

export class InMemoryUsersRepository implements UsersRepository {
  readonly users = new Map<string, User>();

  async create(user: User): Promise<void> {
    this.users.set(user.userId, structuredClone(user));
  }

  async get(userId: string): Promise<User | undefined> {
    const user = this.users.get(userId);
    return user === undefined ? undefined : structuredClone(user);
  }

  async list({ limit, after }: { limit: number; after?: Record<string, unknown> }): Promise<UserPage> {
    const all = [...this.users.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const start = after === undefined ? 0 : all.findIndex((u) => u.userId === after.userId) + 1;
    const users = all.slice(start, start + limit);
    const last = users.at(-1);
    return { users, ...(start + limit < all.length && last !== undefined ? { next: { userId: last.userId } } : {}) };
  }

  async update(userId: string, changes: UserChanges, updatedAt: string): Promise<User | undefined> {
    const user = this.users.get(userId);
    if (user === undefined) return undefined;
    const updated = applyChanges(user, changes, new Date(updatedAt));
    this.users.set(userId, updated);
    return structuredClone(updated);
  }

  async delete(userId: string): Promise<boolean> {
    return this.users.delete(userId);
  }
}
