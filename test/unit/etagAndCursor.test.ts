// ETag comparisons (RFC 9110) and tamper-evident list cursors.
import { describe, expect, it } from 'vitest';
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
});
