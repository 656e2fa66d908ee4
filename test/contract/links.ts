// Follows OpenAPI links the way a client would: evaluates runtime expressions against an earlier request/response.
import { randomUUID } from 'node:crypto';
import type { Exchange, RequestInput } from './exchange.js';
import type { LinkSpec, Operation } from './spec.js';

function jsonPointer(document: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return pointer === '' ? document : (document as Record<string, unknown>)?.[''];
  let node = document;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const parse = (text: string | undefined): unknown => {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Evaluates an OpenAPI runtime expression (or returns a constant as is); undefined when it finds nothing. */
export function evaluate(expression: unknown, source: Exchange): unknown {
  if (typeof expression !== 'string') return expression;
  if (!expression.startsWith('$')) {
    // Embedded form: "/users/{$response.body#/user/userId}".
    if (!expression.includes('{$')) return expression;
    return expression.replace(/\{(\$[^}]+)\}/g, (_m, inner: string) => String(evaluate(inner, source) ?? ''));
  }
  if (expression === '$url') return source.request.url;
  if (expression === '$method') return source.request.method;
  if (expression === '$statusCode') return source.response.status;
  const [, where, rest = ''] = /^\$(request|response)\.(.*)$/.exec(expression) ?? [];
  if (where === undefined) return undefined;
  if (rest.startsWith('body')) {
    const body = where === 'response' ? parse(source.response.text) : parse(source.request.body);
    return jsonPointer(body, rest.slice('body#'.length));
  }
  const [, kind, name = ''] = /^(header|query|path)\.(.+)$/.exec(rest) ?? [];
  if (kind === 'header') {
    const headers = where === 'response' ? source.response.headers : source.request.headers;
    return Object.entries(headers).find(([h]) => h.toLowerCase() === name.toLowerCase())?.[1];
  }
  if (where === 'request' && kind === 'query') return new URL(source.request.url).searchParams.get(name) ?? undefined;
  if (where === 'request' && kind === 'path') {
    const path = new URL(source.request.url).pathname;
    const names = [...source.operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const pattern = source.operation.path.replace(/\{[^}]+\}/g, '([^/]+)');
    const found = new RegExp(`${pattern}$`).exec(path);
    const index = names.indexOf(name);
    return index === -1 ? undefined : decodeURIComponent(found?.[index + 1] ?? '');
  }
  return undefined;
}

/** Does a documented status key ("201", "2XX", "default") cover this status? */
export function statusMatches(key: string, status: number): boolean {
  if (key === 'default') return true;
  if (/^[1-5]XX$/i.test(key)) return String(status)[0] === key[0];
  return key === String(status);
}

/**
 * Puts the values a link provides into a request for its target operation. Returns the names it set, so
 * callers know which values came from the server rather than from a generator.
 */
export function applyLink(link: LinkSpec, source: Exchange, target: Operation, input: RequestInput): string[] {
  const set: string[] = [];
  for (const [key, expression] of Object.entries(link.parameters)) {
    const [, qualifier, bare = key] = /^(path|query|header|cookie)\.(.+)$/.exec(key) ?? [undefined, undefined, key];
    const parameter = target.parameters.find((p) => p.name === bare && (qualifier === undefined || p.in === qualifier));
    const value = evaluate(expression, source);
    if (parameter === undefined || value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (parameter.in === 'path') input.pathParams[parameter.name] = text;
    else if (parameter.in === 'query') input.query[parameter.name] = text;
    else if (parameter.in === 'header') input.headers[parameter.name.toLowerCase()] = text;
    set.push(parameter.name);
  }
  if (link.requestBody !== undefined) {
    const body = evaluate(link.requestBody, source);
    input.body = { raw: JSON.stringify(body), contentType: input.body?.contentType ?? 'application/json' };
  }
  return set;
}

/**
 * HTTP conditional requests (RFC 9110 §13): an `If-Match` the operation declares takes the validator of the latest
 * representation the client saw, as a client doing optimistic concurrency would. Later answers override what a
 * link filled from an earlier one (an update changes the ETag).
 */
export function applyValidators(target: Operation, input: RequestInput, latest: Exchange | undefined): void {
  const etag = latest?.response.headers.etag;
  if (etag === undefined) return;
  for (const parameter of target.parameters) {
    if (parameter.in === 'header' && parameter.name.toLowerCase() === 'if-match') {
      input.headers[parameter.name.toLowerCase()] = etag;
    }
  }
}

/**
 * An `Idempotency-Key` (IETF httpapi draft) names one logical request: a client never reuses one for another
 * request. Generated keys repeat (fast-check favours small values), so each valid request gets a fresh one.
 */
export function freshIdempotencyKey(target: Operation, input: RequestInput): void {
  for (const parameter of target.parameters) {
    const name = parameter.name.toLowerCase();
    if (parameter.in === 'header' && name === 'idempotency-key' && input.headers[name] !== undefined) {
      input.headers[name] = randomUUID();
    }
  }
}

/** Parameters some link fills: their values are handed out by the server (ids, cursors), not made up. */
export function linkFedParameters(links: { link: LinkSpec }[], target: Operation): Set<string> {
  const names = new Set<string>();
  for (const { link } of links) {
    if (link.operationId !== target.operationId) continue;
    for (const key of Object.keys(link.parameters)) names.add(key.replace(/^(path|query|header|cookie)\./, ''));
  }
  return names;
}
