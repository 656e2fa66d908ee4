// Sends one request of an operation over real HTTP and keeps request + response together, with a curl reproducer.
import type { Operation } from './spec.js';

export interface RequestInput {
  pathParams: Record<string, string>;
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

export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
}

export function buildRequest(baseUrl: string, operation: Operation, input: RequestInput): SentRequest {
  const query = new URLSearchParams(input.query).toString();
  const headers = { ...input.headers };
  if (input.body?.contentType !== undefined) headers['content-type'] = input.body.contentType;
  return {
    method: operation.method.toUpperCase(),
    url: `${baseUrl}${fillPath(operation.path, input.pathParams)}${query === '' ? '' : `?${query}`}`,
    headers,
    body: input.body?.raw,
  };
}

export async function send(request: SentRequest, timeoutMs: number): Promise<ReceivedResponse> {
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
  const parts = ['curl', '-i', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', hide(shellQuote(`${name}: ${value}`)));
  if (request.body !== undefined) parts.push('--data-binary', shellQuote(request.body));
  return parts.join(' ');
}
