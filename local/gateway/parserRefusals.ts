// The gateway's answers to what Node's HTTP parser refuses and to an Expect it does not meet.
// A header line without a colon, a header block over 16 KB, a stalled request, `Expect: foo`: answered like every other
// refusal of the gateway, as the document's DEFAULT_4XX problem with its CORS headers and the refusal's own status.
import { STATUS_CODES } from 'node:http';
import type { GatewayAnswer } from './gatewayResponse.js';

interface Refusal {
  readonly status: number;
  readonly detail: string;
}

/** Node's parser errors (`error.code`) that have a status of their own; any other is a 400. */
const BY_CODE: Readonly<Record<string, Refusal>> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request header fields are too large (more than 16 KB).' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request was not received in time.' },
  ERR_HTTP_HEADERS_TIMEOUT: { status: 408, detail: 'The request headers were not received in time.' },
};
const MALFORMED: Refusal = { status: 400, detail: 'The request is not valid HTTP/1.1.' };
export const EXPECTATION_FAILED: Refusal = {
  status: 417,
  detail: 'Only Expect: 100-continue is supported (RFC 9110 §10.1.1).',
};

export const parserRefusal = (code: string | undefined): Refusal => (code && BY_CODE[code]) || MALFORMED;

/** The DEFAULT_4XX answer (its headers, its problem body) with the refusal's status, title and detail. */
export function asRefusal(base: GatewayAnswer, { status, detail }: Refusal): GatewayAnswer {
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify({ ...JSON.parse(base.body), status, title, detail });
  return { statusCode: status, headers: base.headers, body };
}

/** The answer as bytes on a socket that has no ServerResponse (the parser failed before one existed). */
export function rawResponse({ statusCode, headers, body }: GatewayAnswer): string {
  const lines = [`HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
