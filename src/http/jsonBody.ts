// The request body as openapi-backend takes it, parsed once, and the refusals that come before its schema.
// JSON.parse keeps the last of two equal keys; this parser reports them (a maintained one, instead of writing one).
import jsonlint from '@prantlf/jsonlint';
import type { Operation } from 'openapi-backend';
import { DuplicateKeyError, InvalidUtf8Error, PayloadTooLargeError, UnsupportedMediaTypeError } from './httpErrors.js';

const isJsonMediaType = (contentType: string) =>
  /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim());

export interface SentBody {
  readonly body: string | undefined;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The bytes sent were not UTF-8 (then `body` is not what was sent). */
  readonly invalidUtf8?: boolean;
}

/** The charset a Content-Type declares, lower-cased, or undefined when it declares none. */
function charsetOf(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  return match === null ? undefined : (match[1] ?? match[2] ?? '').toLowerCase();
}

/** Content codings other than identity (gzip, br, …): the API reads bodies as sent, so it refuses them. */
const isEncoded = (contentEncoding: string | undefined) =>
  contentEncoding?.split(',').some((coding) => coding.trim().toLowerCase() !== 'identity') === true;

/** Anything about how the body is written that the API does not read: coding, media type, charset, bytes. */
function encodingRefusal({ headers, invalidUtf8 }: SentBody) {
  if (isEncoded(headers['content-encoding'])) {
    return new UnsupportedMediaTypeError('Content-Encoding is not supported: send the body uncompressed.');
  }
  const contentType = headers['content-type'];
  if (contentType === undefined || !isJsonMediaType(contentType)) return new UnsupportedMediaTypeError();
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8') {
    return new UnsupportedMediaTypeError('Send the body as application/json in UTF-8 (charset=utf-8 or none).');
  }
  if (invalidUtf8 === true) return new InvalidUtf8Error();
  return undefined;
}

/** Members of every object in a parsed JSON value. */
function memberCount(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) count += memberCount(item);
  return Array.isArray(value) ? count : count + Object.keys(value).length;
}

/** How many times `char` occurs in `text`. */
function occurrences(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++;
  return count;
}

/** Valid JSON in which some object has a key twice (invalid JSON is left to the parse error that follows). */
function hasDuplicateKey(body: string): boolean {
  // Each member written has its ':'; when JSON.parse kept as many members as the text has colons, none was written
  // twice, and jsonlint's parser (in JavaScript) need not run. More colons: a duplicate, or a colon in a string.
  try {
    if (memberCount(JSON.parse(body)) === occurrences(body, ':')) return false;
  } catch {
    // Not JSON for JSON.parse: jsonlint says whether a duplicate comes before the error, as it always did.
  }
  try {
    jsonlint.parse(body, { allowDuplicateObjectKeys: false });
    return false;
  } catch (error) {
    return /^Duplicate key/.test((error as { reason?: string }).reason ?? '');
  }
}

/** Buffer.byteLength counts UTF-8 bytes by default. */
const isTooLarge = (raw: string, maxBytes: number) => Buffer.byteLength(raw) > maxBytes;

/**
 * JSON parsed once, for openapi-backend's `body`. It parses a string body itself, so JSON that is a string (or
 * another non-object) is handed over as the text sent: parsed by us, it would be parsed a second time. A body that
 * is not JSON is the text sent (openapi-backend reports it as a parse error); one too large or not sent as JSON is
 * not read at all.
 */
export function bodyForBackend(sent: SentBody, maxBytes: number): unknown {
  const { body } = sent;
  if (body === undefined || body === '') return sent.invalidUtf8 === true ? '' : undefined;
  if (isTooLarge(body, maxBytes) || encodingRefusal(sent) !== undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' ? parsed : body;
  } catch {
    return body;
  }
}

/** Size and media type of a body, checked before its schema: the error to answer, or undefined. */
export function bodyRefusal(sent: SentBody, operation: Operation, maxBytes: number) {
  const { body } = sent;
  // An operation that takes no body ignores one sent, so it never answers a status it does not document.
  if (operation.requestBody === undefined) return undefined;
  if ((body === undefined || body === '') && sent.invalidUtf8 !== true) return undefined;
  if (body !== undefined && isTooLarge(body, maxBytes)) return new PayloadTooLargeError(maxBytes);
  const refusal = encodingRefusal(sent);
  if (refusal !== undefined) return refusal;
  return body !== undefined && hasDuplicateKey(body) ? new DuplicateKeyError() : undefined;
}
