// Opaque, tamper-evident list cursors: the position after the last user of a page, signed with HMAC-SHA256.
// Hand-written because it is a dozen lines over node:crypto; a library would add weight to the cold start.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ListPosition {
  createdAt: string;
  userId: string;
}

const TAG_BYTES = 16;
const sign = (payload: string, key: string) =>
  createHmac('sha256', key).update(payload).digest().subarray(0, TAG_BYTES);

export function encodeCursor(position: ListPosition, key: string): string {
  const payload = Buffer.from(JSON.stringify({ c: position.createdAt, u: position.userId })).toString('base64url');
  return `${payload}.${sign(payload, key).toString('base64url')}`;
}

const signedWith = (payload: string, given: Buffer, key: string) => {
  const expected = sign(payload, key);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** The position, or undefined for any cursor this API did not issue with one of these keys (several while rotating). */
export function decodeCursor(cursor: string, keys: string | readonly string[]): ListPosition | undefined {
  const parts = cursor.split('.');
  if (parts.length !== 2) return undefined;
  const [payload, tag] = parts as [string, string];
  const given = Buffer.from(tag, 'base64url');
  // Decoding drops a last character's unused bits: only the canonical spelling of the tag is accepted.
  if (given.toString('base64url') !== tag) return undefined;
  if (!(typeof keys === 'string' ? [keys] : keys).some((key) => signedWith(payload, given, key))) return undefined;
  try {
    const { c, u } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: unknown; u?: unknown };
    return typeof c === 'string' && typeof u === 'string' ? { createdAt: c, userId: u } : undefined;
  } catch {
    return undefined;
  }
}
