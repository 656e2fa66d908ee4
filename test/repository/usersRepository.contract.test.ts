// One contract for the storage port: the same cases run on the DynamoDB adapter (DynamoDB Local) and the in-memory fake.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { InMemoryUsersRepository } from '../../local/memory/InMemoryUsersRepository.js';
import { ensureTable } from '../../local/services/ensureTable.js';
import { EmailTaken, UserIdTaken, UserNotFound, VersionMismatch } from '../../src/domain/domainErrors.js';
import { etagOf } from '../../src/domain/etag.js';
import type { User } from '../../src/domain/user.js';
import { DynamoUsersRepository } from '../../src/repository/DynamoUsersRepository.js';
import type { UsersRepository } from '../../src/repository/UsersRepository.js';
import { dynamoClient } from '../helpers/localApi.js';

const client = dynamoClient();
afterAll(() => client.destroy());

/** Each case gets an empty store: a new table on DynamoDB Local, a new fake. */
const adapters: [string, () => Promise<UsersRepository>][] = [
  [
    'DynamoUsersRepository on DynamoDB Local',
    async () => {
      const tableName = `contract-${randomUUID()}`;
      await ensureTable(client, tableName);
      return new DynamoUsersRepository(client, tableName);
    },
  ],
  ['InMemoryUsersRepository', async () => new InMemoryUsersRepository()],
];

const T0 = '2026-01-01T00:00:00.000Z';
const later = new Date('2026-01-02T00:00:00.000Z');

function aUser(overrides: Partial<User> = {}): User {
  const userId = overrides.userId ?? randomUUID();
  return { userId, name: 'Ada', email: `${userId}@example.com`, createdAt: T0, updatedAt: T0, ...overrides };
}

describe.each(adapters)('%s', (_name, make) => {
  describe('create and get', () => {
    it('stores a user at version 1 and reads it back, optional fields included', async () => {
      const repository = await make();
      const user = aUser({ phone: '+14155550100' });
      expect(await repository.create(user)).toEqual({ user, version: 1 });
      expect(await repository.get(user.userId)).toEqual({ user, version: 1 });
    });

    it('reads an unknown id as undefined', async () => {
      const repository = await make();
      expect(await repository.get(randomUUID())).toBeUndefined();
    });

    it('refuses an email another user has, ignoring case, and writes nothing', async () => {
      const repository = await make();
      const first = aUser({ email: 'ada@example.com' });
      await repository.create(first);
      const second = aUser({ email: 'ADA@Example.com' });
      await expect(repository.create(second)).rejects.toBeInstanceOf(EmailTaken);
      expect(await repository.get(second.userId)).toBeUndefined();
    });

    it('refuses an id that exists, keeping the stored user and freeing nothing', async () => {
      const repository = await make();
      const first = aUser();
      await repository.create(first);
      const same = aUser({ userId: first.userId, email: 'other@example.com', name: 'Other' });
      await expect(repository.create(same)).rejects.toBeInstanceOf(UserIdTaken);
      expect(await repository.get(first.userId)).toEqual({ user: first, version: 1 });
      // The refused create claimed no email: another user may take it.
      await expect(repository.create(aUser({ email: 'other@example.com' }))).resolves.toMatchObject({ version: 1 });
    });
  });

  describe('update', () => {
    it('applies only the given fields, sets updatedAt and increments the version', async () => {
      const repository = await make();
      const user = aUser({ phone: '+14155550100' });
      await repository.create(user);
      const updated = await repository.update(user.userId, { name: 'Grace' }, later, [etagOf(1)]);
      const expected = { user: { ...user, name: 'Grace', updatedAt: later.toISOString() }, version: 2 };
      expect(updated).toEqual(expected);
      expect(await repository.get(user.userId)).toEqual(expected);
      expect((await repository.update(user.userId, { phone: '+14155550101' }, later, 'any')).version).toBe(3);
    });

    it('refuses a stale version and an unknown id, changing nothing', async () => {
      const repository = await make();
      const user = aUser();
      await repository.create(user);
      await repository.update(user.userId, { name: 'Second' }, later, [etagOf(1)]);
      await expect(repository.update(user.userId, { name: 'Lost' }, later, [etagOf(1)])).rejects.toBeInstanceOf(
        VersionMismatch,
      );
      expect(await repository.get(user.userId)).toMatchObject({ user: { name: 'Second' }, version: 2 });
      await expect(repository.update(randomUUID(), { name: 'X' }, later, 'any')).rejects.toBeInstanceOf(UserNotFound);
    });

    it('accepts any of several expected versions', async () => {
      const repository = await make();
      const user = aUser();
      await repository.create(user);
      await expect(repository.update(user.userId, { name: 'B' }, later, [etagOf(7), etagOf(1)])).resolves.toMatchObject(
        { version: 2 },
      );
    });

    it('moves the email claim: the old email is free, the new one taken', async () => {
      const repository = await make();
      const user = aUser({ email: 'old@example.com' });
      await repository.create(user);
      await repository.update(user.userId, { email: 'new@example.com' }, later, [etagOf(1)]);
      await expect(repository.create(aUser({ email: 'NEW@example.com' }))).rejects.toBeInstanceOf(EmailTaken);
      await expect(repository.create(aUser({ email: 'old@example.com' }))).resolves.toMatchObject({ version: 1 });
    });

    it("refuses another user's email and keeps both users as they were", async () => {
      const repository = await make();
      const ada = aUser({ email: 'ada@example.com' });
      const bob = aUser({ email: 'bob@example.com' });
      await repository.create(ada);
      await repository.create(bob);
      await expect(
        repository.update(bob.userId, { email: 'Ada@example.com' }, later, [etagOf(1)]),
      ).rejects.toBeInstanceOf(EmailTaken);
      expect(await repository.get(bob.userId)).toEqual({ user: bob, version: 1 });
      // Bob's claim survived the refused move.
      await expect(repository.create(aUser({ email: 'bob@example.com' }))).rejects.toBeInstanceOf(EmailTaken);
    });

    it('lets a user change the case of its own email', async () => {
      const repository = await make();
      const user = aUser({ email: 'ada@example.com' });
      await repository.create(user);
      const updated = await repository.update(user.userId, { email: 'Ada@Example.com' }, later, [etagOf(1)]);
      expect(updated.user.email).toBe('Ada@Example.com');
      await expect(repository.create(aUser({ email: 'ada@example.com' }))).rejects.toBeInstanceOf(EmailTaken);
    });
  });

  describe('delete', () => {
    it('removes the user and frees its email', async () => {
      const repository = await make();
      const user = aUser({ email: 'gone@example.com' });
      await repository.create(user);
      await repository.delete(user.userId, [etagOf(1)]);
      expect(await repository.get(user.userId)).toBeUndefined();
      await expect(repository.create(aUser({ email: 'gone@example.com' }))).resolves.toMatchObject({ version: 1 });
    });

    it('refuses a stale version and an unknown id, deleting nothing', async () => {
      const repository = await make();
      const user = aUser();
      await repository.create(user);
      await expect(repository.delete(user.userId, [etagOf(2)])).rejects.toBeInstanceOf(VersionMismatch);
      expect(await repository.get(user.userId)).toMatchObject({ version: 1 });
      await expect(repository.delete(randomUUID(), 'any')).rejects.toBeInstanceOf(UserNotFound);
    });
  });

  describe('list', () => {
    it('pages through users in creation order (then id), with a next position only while more remain', async () => {
      const repository = await make();
      const users = [
        aUser({ userId: 'b0000000-0000-4000-8000-000000000000', createdAt: '2026-01-01T00:00:02.000Z' }),
        aUser({ userId: 'a0000000-0000-4000-8000-000000000000', createdAt: '2026-01-01T00:00:03.000Z' }),
        aUser({ userId: 'c0000000-0000-4000-8000-000000000000', createdAt: '2026-01-01T00:00:01.000Z' }),
        aUser({ userId: 'a1000000-0000-4000-8000-000000000000', createdAt: '2026-01-01T00:00:02.000Z' }),
        aUser({ userId: 'd0000000-0000-4000-8000-000000000000', createdAt: '2026-01-01T00:00:04.000Z' }),
      ];
      for (const user of users) await repository.create(user);
      const order = ['c0', 'a1', 'b0', 'a0', 'd0'];

      const first = await repository.list({ limit: 2 });
      expect(first.users.map((u) => u.userId.slice(0, 2))).toEqual(order.slice(0, 2));
      expect(first.next).toEqual({ createdAt: '2026-01-01T00:00:02.000Z', userId: users[3]?.userId });
      const second = await repository.list({ limit: 2, after: first.next });
      expect(second.users.map((u) => u.userId.slice(0, 2))).toEqual(order.slice(2, 4));
      const last = await repository.list({ limit: 2, after: second.next });
      expect(last.users.map((u) => u.userId.slice(0, 2))).toEqual(order.slice(4));
      expect(last.next).toBeUndefined();
      // A page that ends exactly at the last user says no more remain.
      expect((await repository.list({ limit: 5 })).next).toBeUndefined();
      expect((await repository.list({ limit: 5 })).users).toEqual([users[2], users[3], users[0], users[1], users[4]]);
    });

    it('lists nothing from an empty store, and nothing after the last user', async () => {
      const repository = await make();
      expect(await repository.list({ limit: 10 })).toEqual({ users: [] });
      const user = aUser();
      await repository.create(user);
      expect(await repository.list({ limit: 10, after: { createdAt: user.createdAt, userId: user.userId } })).toEqual({
        users: [],
      });
    });

    it('does not list a deleted user', async () => {
      const repository = await make();
      const kept = aUser();
      const gone = aUser();
      await repository.create(kept);
      await repository.create(gone);
      await repository.delete(gone.userId, [etagOf(1)]);
      expect((await repository.list({ limit: 10 })).users).toEqual([kept]);
    });
  });

  it('returns copies: changing a returned user changes nothing stored', async () => {
    const repository = await make();
    const user = aUser();
    const created = await repository.create(user);
    created.user.name = 'Mutated';
    const read = await repository.get(user.userId);
    if (read === undefined) throw new Error('user not stored');
    read.user.name = 'Mutated again';
    expect((await repository.get(user.userId))?.user.name).toBe('Ada');
  });
});
