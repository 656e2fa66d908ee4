// Pure user rules: building a user and applying a partial update.
import { describe, expect, it } from 'vitest';
import { applyChanges, newUser, withAvatar } from '../../src/domain/user.js';

const created = new Date('2026-01-01T00:00:00.000Z');
const later = new Date('2026-01-02T00:00:00.000Z');

describe('newUser', () => {
  it('sets id and both timestamps from the server, and keeps the fields sent', () => {
    expect(newUser({ name: 'John', email: 'j@example.com', phone: '+1234567890' }, 'id-1', created)).toEqual({
      userId: 'id-1',
      name: 'John',
      email: 'j@example.com',
      phone: '+1234567890',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('has no phone key when none was sent', () => {
    expect(newUser({ name: 'A', email: 'a@example.com' }, 'id', created)).not.toHaveProperty('phone');
  });
});

describe('applyChanges', () => {
  const user = newUser({ name: 'John', email: 'j@example.com', phone: '+1234567890' }, 'id-1', created);

  it('changes only the fields sent and bumps updatedAt', () => {
    expect(applyChanges(user, { name: 'Jane' }, later)).toEqual({
      ...user,
      name: 'Jane',
      updatedAt: later.toISOString(),
    });
  });

  it('never changes userId or createdAt', () => {
    const changed = applyChanges(user, { email: 'new@example.com', phone: '+1987654321' }, later);
    expect(changed.userId).toBe('id-1');
    expect(changed.createdAt).toBe(user.createdAt);
  });
});

describe('withAvatar', () => {
  const avatar = { contentType: 'image/png', bytes: 1234, uploadedAt: '2026-01-02T00:00:00.000Z' };

  it('records the avatar and moves updatedAt, keeping everything else', () => {
    const user = newUser({ name: 'John', email: 'j@example.com' }, 'id-1', created);
    expect(withAvatar(user, avatar, later)).toEqual({ ...user, avatar, updatedAt: later.toISOString() });
  });

  it('replaces a previous avatar, or removes it when given none', () => {
    const user = withAvatar(newUser({ name: 'John', email: 'j@example.com' }, 'id-1', created), avatar, created);
    const replaced = { ...avatar, bytes: 99 };
    expect(withAvatar(user, replaced, later).avatar).toEqual(replaced);
    const removed = withAvatar(user, undefined, later);
    expect(removed).not.toHaveProperty('avatar');
    expect(removed).toMatchObject({ userId: 'id-1', name: 'John', updatedAt: later.toISOString() });
  });
});
