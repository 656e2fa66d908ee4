// Sends one request of an operation over real HTTP and keeps request + response together, with a curl reproducer.
import { request as httpRequest } from 'node:http';
import type { Operation } from './spec.js';

export interface RequestInput {
  pathParams: Record<string, string>;
  /** Path parameters sent as given, not percent-encoded (a malformed escape such as `%ZZ`); over `pathParams`. */
  rawPathParams?: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The exact bytes to send (as text) and the Content-Type to send them with; no Content-Type when undefined. */
  body?: { raw: string; contentType: string | undefined };
}

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Header lines sent after `headers`, a name possibly again (fetch would fold them into one line). */
  extraHeaderLines?: [string, string][];
}

export interface ReceivedResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  text: string;
}

export interface Exchange {
  operation: Operation;
  request: SentRequest;
  response: ReceivedResponse;
}

export function fillPath(template: string, params: Record<string, string>, raw: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    Object.hasOwn(raw, name) ? (raw[name] as string) : encodeURIComponent(params[name] ?? ''),
  );
}

export function buildRequest(baseUrl: string, operation: Operation, input: RequestInput): SentRequest {
  const query = new URLSearchParams(input.query).toString();
  const headers = { ...input.headers };
  if (input.body?.contentType !== undefined) headers['content-type'] = input.body.contentType;
  return {
    method: operation.method.toUpperCase(),
    url: `${baseUrl}${fillPath(operation.path, input.pathParams, input.rawPathParams)}${query === '' ? '' : `?${query}`}`,
    headers,
    body: input.body?.raw,
  };
}

/** Over node:http, which sends each header line as given. */
function sendLines(request: SentRequest, timeoutMs: number): Promise<ReceivedResponse> {
  const url = new URL(request.url);
  // Given header lines as an array, node:http adds no Host of its own.
  const lines = [['host', url.host], ...Object.entries(request.headers), ...(request.extraHeaderLines ?? [])].flat();
  if (request.body !== undefined) lines.push('content-length', String(Buffer.byteLength(request.body)));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname: url.hostname,
        port: url.port,
        method: request.method,
        path: url.pathname + url.search,
        headers: lines,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(request.body);
  });
}

export async function send(request: SentRequest, timeoutMs: number): Promise<ReceivedResponse> {
  if (request.extraHeaderLines !== undefined) return sendLines(request, timeoutMs);
  // A Buffer body keeps fetch from adding a Content-Type of its own, so "no Content-Type" can be tested.
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body === undefined ? undefined : Buffer.from(request.body, 'utf8'),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: res.status, headers, text: await res.text() };
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * The request as a curl command. Secrets (the configured token and API key) are replaced by shell variables
 * so a reproducer can be pasted into an issue.
 */
export function toCurl(request: SentRequest, secrets: Record<string, string> = {}): string {
  const hide = (text: string) =>
    Object.entries(secrets).reduce(
      (out, [variable, secret]) => (secret === '' ? out : out.replaceAll(secret, `'"$${variable}"'`)),
      text,
    );
  // `curl -X HEAD` would wait for a body the answer never has; `-I` sends HEAD and prints the headers.
  const parts =
    request.method === 'HEAD'
      ? ['curl', '-I', shellQuote(request.url)]
      : ['curl', '-i', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of [...Object.entries(request.headers), ...(request.extraHeaderLines ?? [])]) {
    parts.push('-H', hide(shellQuote(`${name}: ${value}`)));
  }
  if (request.body !== undefined) parts.push('--data-binary', shellQuote(request.body));
  return parts.join(' ');
}
