// The request body as openapi-backend takes it, parsed once, and the refusals that come before its schema.
import type { Operation } from 'openapi-backend';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.js';

const isJsonMediaType = (contentType: string | undefined) =>
  /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType?.trim() ?? '');

export interface SentBody {
  readonly body: string | undefined;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

const isTooLarge = (raw: string, maxBytes: number) => Buffer.byteLength(raw, 'utf8') > maxBytes;

/**
 * JSON parsed once, for openapi-backend's `body`. It parses a string body itself, so JSON that is a string (or
 * another non-object) is handed over as the text sent: parsed by us, it would be parsed a second time. A body that
 * is not JSON is the text sent (openapi-backend reports it as a parse error); one too large or not sent as JSON is
 * not read at all.
 */
export function bodyForBackend({ body, headers }: SentBody, maxBytes: number): unknown {
  if (body === undefined || body === '') return undefined;
  if (isTooLarge(body, maxBytes) || !isJsonMediaType(headers['content-type'])) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  return typeof parsed === 'object' ? parsed : body;
}

/** Size and media type of a body, checked before its schema: the error to answer, or undefined. */
export function bodyRefusal(
  { body, headers }: SentBody,
  operation: Operation,
  maxBytes: number,
): PayloadTooLargeError | UnsupportedMediaTypeError | undefined {
  // An operation that takes no body ignores one sent, so it never answers a status it does not document.
  if (body === undefined || body === '' || operation.requestBody === undefined) return undefined;
  if (isTooLarge(body, maxBytes)) return new PayloadTooLargeError(maxBytes);
  if (!isJsonMediaType(headers['content-type'])) return new UnsupportedMediaTypeError();
  return undefined;
}
