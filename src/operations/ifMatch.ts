// The If-Match precondition shared by update and delete: required (428 without it), parsed per RFC 9110.

import { VersionRequired } from '../domain/domainErrors.js';
import { type ExpectedVersion, expectedVersion } from '../domain/etag.js';

export function requiredIfMatch(headers: Readonly<Record<string, string | undefined>>): ExpectedVersion {
  const ifMatch = headers['if-match'];
  if (ifMatch === undefined) throw new VersionRequired();
  return expectedVersion(ifMatch);
}
