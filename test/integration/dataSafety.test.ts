// Data safety on DynamoDB Local over real HTTP: optimistic locking, unique emails, idempotent writes, pagination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResult } from '../helpers/http.js';
import { authedCall, type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { rawRequest } from '../helpers/rawHttp.js';
import { uniqueEmail } from '../helpers/seed.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

const create = (body: object, headers: Record<string, string> = {}) =>
  authedCall(api, 'POST', '/users', { body, headers });
const userItem = async (userId: string) => (await api.items()).find((i) => i.pk === `USER#${userId}`);
const emailItems = async () => (await api.items()).filter((i) => String(i.pk).startsWith('EMAIL#'));
function statuses(results: HttpResult[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of results) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

async function newUser() {
  const res = await create({ name: 'Grace Hopper', email: uniqueEmail('grace') });
  expect(res.status).toBe(201);
  return { user: res.json.user, etag: res.headers.get('etag') ?? '' };
}

describe('optimistic concurrency with ETag / If-Match', () => {
  it('answers 304 with no body while If-None-Match still matches, 200 once the user changed', async () => {
    const { user, etag } = await newUser();
    const notModified = await authedCall(api, 'GET', `/users/${user.userId}`, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    await authedCall(api, 'PUT', `/users/${user.userId}`, {
      body: { name: 'Changed' },
      headers: { 'if-match': etag },
    });
    const changed = await authedCall(api, 'GET', `/users/${user.userId}`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.json.name).toBe('Changed');
    expect(changed.headers.get('cache-control')).toBe('private, no-cache');
  });

  const refusals: [string, Record<string, string>, number][] = [
    ['no If-Match', {}, 428],
    ['a stale ETag', { 'if-match': '"7"' }, 412],
    ['a weak ETag', { 'if-match': 'W/"1"' }, 412],
    ['garbage', { 'if-match': 'banana' }, 412],
    // Issue 32, item 4: taken as `*`, a stale writer overwrote a newer version.
    ['a stale ETag mixed with * (RFC 9110 §13.1.1: neither form)', { 'if-match': '"7", *' }, 400],
  ];
  for (const [name, headers, status] of refusals) {
    it(`refuses PUT and DELETE with ${name} (${status}) and changes nothing`, async () => {
      const { user } = await newUser();
      const before = await userItem(user.userId);
      const put = await authedCall(api, 'PUT', `/users/${user.userId}`, { body: { name: 'Nope' }, headers });
      const del = await authedCall(api, 'DELETE', `/users/${user.userId}`, { headers });
      expect([put.status, del.status]).toEqual([status, status]);
      expect(put.headers.get('content-type')).toMatch(/problem\+json/);
      expect(await userItem(user.userId)).toEqual(before);
    });
  }

  it('refuses two If-Match lines, a stale ETag and *, combined into one list (400), and changes nothing', async () => {
    // Arrange: a user at version 2
    const { user, etag } = await newUser();
    await authedCall(api, 'PUT', `/users/${user.userId}`, { body: { name: 'Second' }, headers: { 'if-match': etag } });
    const before = await userItem(user.userId);
    const lines: [string, string][] = [
      ['Host', new URL(api.baseUrl).host],
      ...Object.entries(api.auth),
      ['Content-Type', 'application/json'],
      ['If-Match', etag],
      ['If-Match', '*'],
    ];

    // Act
    const put = await rawRequest(api.baseUrl, 'PUT', `/users/${user.userId}`, lines, '{"name":"Stale"}');

    // Assert
    expect(put.status).toBe(400);
    expect(put.json.errors).toEqual([{ location: 'header', pointer: 'if-match', message: expect.any(String) }]);
    expect(await userItem(user.userId)).toEqual(before);
  });

  it('accepts If-Match: * as an explicit "any version"', async () => {
    const { user } = await newUser();
    const res = await authedCall(api, 'PUT', `/users/${user.userId}`, {
      body: { name: 'Any' },
      headers: { 'if-match': '*' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
  });

  it('50 concurrent PUTs with the same If-Match: exactly one wins, 49 get 412, the stored user is the winner', async () => {
    // Arrange
    const { user, etag } = await newUser();
    // Act
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        authedCall(api, 'PUT', `/users/${user.userId}`, {
          body: { name: `Writer ${i}` },
          headers: { 'if-match': etag },
        }),
      ),
    );
    // Assert
    expect(statuses(results)).toEqual({ 200: 1, 412: 49 });
    const winner = results.find((r) => r.status === 200);
    const stored = await authedCall(api, 'GET', `/users/${user.userId}`);
    expect(stored.json).toEqual(winner?.json.user);
    expect(stored.headers.get('etag')).toBe('"2"');
  });
});

describe('unique email', () => {
  it('refuses a second user with the same email, compared case-insensitively (409)', async () => {
    const email = uniqueEmail('dup');
    expect((await create({ name: 'First', email })).status).toBe(201);
    const before = await api.items();
    const second = await create({ name: 'Second', email: email.toUpperCase() });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ status: 409, type: '/problems/conflict' });
    expect(await api.items()).toEqual(before);
  });

  it('moves the email claim when the email changes, and frees it on delete', async () => {
    const { user, etag } = await newUser();
    const other = await newUser();
    const newEmail = uniqueEmail('moved');

    // Changing to another user's email is a conflict that changes nothing.
    const taken = await authedCall(api, 'PUT', `/users/${user.userId}`, {
      body: { email: other.user.email },
      headers: { 'if-match': etag },
    });
    expect(taken.status).toBe(409);
    expect((await userItem(user.userId))?.email).toBe(user.email);

    const moved = await authedCall(api, 'PUT', `/users/${user.userId}`, {
      body: { email: newEmail },
      headers: { 'if-match': etag },
    });
    expect(moved.status).toBe(200);
    const claims = (await emailItems()).map((i) => i.pk);
    expect(claims).toContain(`EMAIL#${newEmail}`);
    expect(claims).not.toContain(`EMAIL#${user.email}`);
    expect((await create({ name: 'Reuses old', email: user.email })).status).toBe(201);

    const deleted = await authedCall(api, 'DELETE', `/users/${user.userId}`, {
      headers: { 'if-match': moved.headers.get('etag') ?? '' },
    });
    expect(deleted.status).toBe(200);
    expect((await emailItems()).map((i) => i.pk)).not.toContain(`EMAIL#${newEmail}`);
    expect((await create({ name: 'Reuses new', email: newEmail })).status).toBe(201);
  });

  it('20 concurrent POSTs with the same new email: one 201, nineteen 409, one user and one claim', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => create({ name: `Racer ${i}`, email })));
    expect(statuses(results)).toEqual({ 201: 1, 409: 19 });
    const items = await api.items();
    expect(items.filter((i) => i.email === email)).toHaveLength(1);
    expect(items.filter((i) => i.pk === `EMAIL#${email}`)).toHaveLength(1);
  });
});

describe('idempotent create', () => {
  it('replays the first response for the same key and body, and creates once', async () => {
    const body = { name: 'Idem Potent', email: uniqueEmail('idem') };
    const headers = { 'idempotency-key': crypto.randomUUID() };
    const first = await create(body, headers);
    const again = await create(body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await api.items()).filter((i) => i.email === body.email)).toHaveLength(1);
  });

  it('answers 422 when the key is reused with a different body, and creates nothing', async () => {
    const headers = { 'idempotency-key': crypto.randomUUID() };
    expect((await create({ name: 'One', email: uniqueEmail('k') }, headers)).status).toBe(201);
    const before = await api.items();
    const other = await create({ name: 'Two', email: uniqueEmail('k') }, headers);
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
    expect(await api.items()).toEqual(before);
  });

  it('20 concurrent POSTs with the same key and body: one user, identical responses', async () => {
    const body = { name: 'Concurrent', email: uniqueEmail('burst') };
    const headers = { 'idempotency-key': crypto.randomUUID() };
    const results = await Promise.all(Array.from({ length: 20 }, () => create(body, headers)));
    expect(statuses(results)).toEqual({ 201: 20 });
    for (const r of results) expect(r.json).toEqual(results[0]?.json);
    expect((await api.items()).filter((i) => i.email === body.email)).toHaveLength(1);
  });

  it('scopes keys per request: a different key creates independently (and then hits the email conflict)', async () => {
    const body = { name: 'Twice', email: uniqueEmail('scope') };
    expect((await create(body, { 'idempotency-key': crypto.randomUUID() })).status).toBe(201);
    expect((await create(body, { 'idempotency-key': crypto.randomUUID() })).status).toBe(409);
  });
});

describe('idempotent updates and deletes, and one key on several operations', () => {
  const put = (userId: string, body: object, headers: Record<string, string>) =>
    authedCall(api, 'PUT', `/users/${userId}`, { body, headers });
  const del = (userId: string, headers: Record<string, string>) =>
    authedCall(api, 'DELETE', `/users/${userId}`, { headers });

  it('answers each operation for itself when one key is sent to create, update and delete the same user', async () => {
    // The same caller, key and body on POST and PUT: only the operation tells the requests apart.
    const key = { 'idempotency-key': crypto.randomUUID() };
    const body = { name: 'Same Body', email: uniqueEmail('one-key') };

    const created = await create(body, key);
    const userId = created.json.user.userId;
    const updated = await put(userId, body, { ...key, 'if-match': created.headers.get('etag') ?? '' });
    const deleted = await del(userId, { ...key, 'if-match': updated.headers.get('etag') ?? '' });

    expect([created.status, created.json.message]).toEqual([201, 'User created successfully']);
    expect([updated.status, updated.json.message, updated.headers.get('etag')]).toEqual([
      200,
      'User updated successfully',
      '"2"',
    ]);
    expect([deleted.status, deleted.json]).toEqual([200, { message: 'User deleted successfully' }]);
    expect(await userItem(userId)).toBeUndefined();
    // Each repeat replays its own operation's first answer.
    expect((await create(body, key)).json).toEqual(created.json);
    expect((await put(userId, body, { ...key, 'if-match': '"1"' })).json).toEqual(updated.json);
    expect((await del(userId, { ...key, 'if-match': '"2"' })).json).toEqual(deleted.json);
  });

  it('replays a retried update whose answer was lost, instead of a 412 against the version it made', async () => {
    const { user, etag } = await newUser();
    const headers = { 'idempotency-key': crypto.randomUUID(), 'if-match': etag };

    const first = await put(user.userId, { name: 'Renamed' }, headers);
    const retry = await put(user.userId, { name: 'Renamed' }, headers);
    const withoutKey = await put(user.userId, { name: 'Renamed' }, { 'if-match': etag });

    expect([first.status, retry.status, withoutKey.status]).toEqual([200, 200, 412]);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await userItem(user.userId)).toMatchObject({ name: 'Renamed', version: '2' });
  });

  it('refuses the same key on the same operation for another user (422) and changes nothing', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const key = { 'idempotency-key': crypto.randomUUID() };
    expect((await put(a.user.userId, { name: 'Only A' }, { ...key, 'if-match': a.etag })).status).toBe(200);
    const before = await userItem(b.user.userId);

    const other = await put(b.user.userId, { name: 'Only A' }, { ...key, 'if-match': b.etag });

    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ type: '/problems/idempotency-key-reused', status: 422 });
    expect(await userItem(b.user.userId)).toEqual(before);
  });
});

describe('pagination', () => {
  it('walks 250 users with limit 100: every user exactly once; a tampered cursor is a 400', async () => {
    // Arrange: a table of its own so the count is exact
    const paged = await startLocalApi();
    try {
      const created: string[] = [];
      for (let batch = 0; batch < 25; batch++) {
        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            authedCall(paged, 'POST', '/users', { body: { name: 'Paged', email: uniqueEmail('p') } }),
          ),
        );
        for (const r of results) created.push(r.json.user.userId);
      }

      // Act
      const seen: string[] = [];
      const pageSizes: number[] = [];
      let cursor: string | undefined;
      let lastPage: HttpResult | undefined;
      do {
        const query = cursor === undefined ? '?limit=100' : `?limit=100&cursor=${cursor}`;
        lastPage = await authedCall(paged, 'GET', `/users${query}`);
        expect(lastPage.status).toBe(200);
        seen.push(...lastPage.json.users.map((u: { userId: string }) => u.userId));
        pageSizes.push(lastPage.json.count);
        cursor = lastPage.json.nextCursor;
      } while (cursor !== undefined);

      // Assert
      expect(pageSizes).toEqual([100, 100, 50]);
      expect(new Set(seen).size).toBe(250);
      expect([...seen].sort()).toEqual([...created].sort());

      const first = await authedCall(paged, 'GET', '/users?limit=100');
      const valid: string = first.json.nextCursor;
      const [payload = '', tag = ''] = valid.split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ c: '1970-01-01T00:00:00.000Z', u: 'x' })).toString(
        'base64url',
      );
      for (const tampered of [
        `${forgedPayload}.${tag}`,
        // A changed tag (one ending in AA already, about 1 in 1024, would have been sent unchanged and accepted).
        `${payload}.${tag.slice(0, -2)}${tag.endsWith('AA') ? 'EA' : 'AA'}`,
        `${payload}x.${tag}`,
        'abc.def',
      ]) {
        const res = await authedCall(paged, 'GET', `/users?cursor=${tampered}`);
        expect(res.status).toBe(400);
        expect(res.json.type).toBe('/problems/invalid-cursor');
      }
    } finally {
      await paged.stop();
    }
  });

  it('defaults to 25 and rejects limits outside 1..100 naming the parameter', async () => {
    for (let i = 0; i < 30; i++) await create({ name: 'Many', email: uniqueEmail('m') });
    const page = await authedCall(api, 'GET', '/users');
    expect(page.json.count).toBe(25);
    expect(typeof page.json.nextCursor).toBe('string');
    for (const limit of ['0', '101', 'ten']) {
      const res = await authedCall(api, 'GET', `/users?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.json.errors[0]).toMatchObject({ location: 'query', pointer: 'limit' });
    }
    const oversized = await authedCall(api, 'GET', `/users?cursor=${'a'.repeat(600)}.b`);
    expect(oversized.status).toBe(400);
  });
});
