// ETag comparisons (RFC 9110) and tamper-evident list cursors.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedPrecondition } from '../../src/domain/domainErrors.js';
import { etagOf, expectedVersion, noneMatch, versionMatches } from '../../src/domain/etag.js';
import { decodeCursor, encodeCursor } from '../../src/domain/listCursor.js';

describe('If-Match', () => {
  const cases: [string, number, boolean][] = [
    ['"3"', 3, true],
    ['"3"', 4, false],
    ['"1", "3"', 3, true],
    ['*', 42, true],
    ['W/"3"', 3, false],
    ['3', 3, false],
    ['', 3, false],
    ['"99999999999999999999"', 3, false],
    ['"03"', 3, false],
    ['"3.0"', 3, false],
  ];
  for (const [header, version, matches] of cases) {
    it(`${JSON.stringify(header)} ${matches ? 'matches' : 'does not match'} version ${version}`, () => {
      expect(versionMatches(expectedVersion(header), version)).toBe(matches);
    });
  }
});

describe('If-None-Match', () => {
  it('uses weak comparison and honours *', () => {
    expect(noneMatch(etagOf(3), 3)).toBe(false);
    expect(noneMatch('W/"3"', 3)).toBe(false);
    expect(noneMatch('"2", "3"', 3)).toBe(false);
    expect(noneMatch('*', 3)).toBe(false);
    expect(noneMatch('"2"', 3)).toBe(true);
    expect(noneMatch('"W/3"', 3)).toBe(true);
    expect(noneMatch('', 3)).toBe(true);
  });
});

describe('expectedVersion', () => {
  it('lists the entity tags as sent, without blanks, or any for *', () => {
    expect(expectedVersion(' "1", ,"3" ,')).toEqual(['"1"', '"3"']);
    expect(expectedVersion(' * ')).toBe('any');
  });

  // Issue 32, item 4: RFC 9110 §13.1.1 allows `*` or a list of entity-tags, never both; the mix was taken as `*`.
  it.each(['"1", *', '*, "1"', '*, *', 'W/"1", *'])('refuses %s, which is neither form', (header) => {
    expect(() => expectedVersion(header)).toThrow(MalformedPrecondition);
  });
});

describe('list cursors', () => {
  const key = 'k'.repeat(32);
  const position = { createdAt: '2026-11-24T12:00:00.000Z', userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' };

  it('round-trips a position and stays small', () => {
    const cursor = encodeCursor(position, key);
    expect(decodeCursor(cursor, key)).toEqual(position);
    expect(cursor.length).toBeLessThan(200);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('rejects a cursor signed with another key, or changed in any way', () => {
    const cursor = encodeCursor(position, key);
    expect(decodeCursor(cursor, 'x'.repeat(32))).toBeUndefined();
    const [payload = '', tag = ''] = cursor.split('.');
    const other = Buffer.from(JSON.stringify({ c: position.createdAt, u: 'someone-else' })).toString('base64url');
    for (const bad of [`${other}.${tag}`, `${payload}.`, `${payload}`, `${payload}.${tag}.x`, `.${tag}`, 'garbage']) {
      expect(decodeCursor(bad, key)).toBeUndefined();
    }
  });

  it('accepts only the canonical spelling of the tag, not one whose unused last bits differ', () => {
    const [payload = '', tag = ''] = encodeCursor(position, key).split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${tag.slice(0, -1)}${alphabet[alphabet.indexOf(tag.slice(-1)) + 1]}`;
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(tag, 'base64url'));
    expect(decodeCursor(`${payload}.${respelled}`, key)).toBeUndefined();
  });

  it('accepts a cursor signed with any of the keys in rotation, and only those', () => {
    const cursor = encodeCursor(position, key);
    expect(decodeCursor(cursor, ['x'.repeat(32), key])).toEqual(position);
    expect(decodeCursor(cursor, [key, 'x'.repeat(32)])).toEqual(position);
    expect(decodeCursor(cursor, ['x'.repeat(32), 'y'.repeat(32)])).toBeUndefined();
    expect(decodeCursor(cursor, [])).toBeUndefined();
  });

  it('refuses a signed payload that is not a position', () => {
    // Signed as the API signs, to reach the payload check: a short HMAC-SHA256 tag in base64url.
    const signed = (json: string) => {
      const payload = Buffer.from(json).toString('base64url');
      const tag = createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');
      return `${payload}.${tag}`;
    };
    expect(decodeCursor(signed('{"c":"2026-01-01T00:00:00.000Z","u":"id"}'), key)).toEqual({
      createdAt: '2026-01-01T00:00:00.000Z',
      userId: 'id',
    });
    for (const json of ['{"c":"2026-01-01T00:00:00.000Z"}', '{"u":"id"}', '{"c":1,"u":"id"}', '{"c":"x","u":2}', '{']) {
      expect(decodeCursor(signed(json), key)).toBeUndefined();
    }
  });
});
