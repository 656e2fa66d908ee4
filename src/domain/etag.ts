// Entity tags from user versions, and the If-Match / If-None-Match comparisons of RFC 9110.
import { MalformedPrecondition } from './domainErrors.js';

/** A strong ETag: the version number, quoted. */
export const etagOf = (version: number): string => `"${version}"`;

/** What an If-Match header accepts: any current version (`*`) or only these entity tags, as sent. */
export type ExpectedVersion = 'any' | readonly string[];

const parseList = (header: string) =>
  header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

/**
 * Strong comparison (RFC 9110 §13.1.1): tags are opaque strings, so `"01"` is not `"1"`; weak tags and anything
 * that is not one of our tags never match, so an unparseable If-Match fails the precondition instead of being ignored.
 */
export function expectedVersion(ifMatch: string): ExpectedVersion {
  const tags = parseList(ifMatch);
  if (!tags.includes('*')) return tags;
  // `"1", *` (or two If-Match lines combined into it) is neither form: taken as `*`, a stale writer would win.
  if (tags.length > 1) throw new MalformedPrecondition();
  return 'any';
}

export const versionMatches = (expected: ExpectedVersion, version: number) =>
  expected === 'any' || expected.includes(etagOf(version));

/** Weak comparison (RFC 9110 §13.1.2), as If-None-Match uses. */
export function noneMatch(ifNoneMatch: string, version: number): boolean {
  const tags = parseList(ifNoneMatch);
  return !tags.some((tag) => tag === '*' || tag.replace(/^W\//, '') === etagOf(version));
}
