// The hostile phase: for every operation, the input classes a careless or malicious client sends, generated from the
// spec (its parameters, their types and formats, its body schemas) crossed with dictionaries of what breaks servers.
import fc from 'fast-check';
import { rawExchange } from '../helpers/rawHttp.js';
import { authenticate } from './credentials.js';
import { buildRequest, type Exchange, fillPath, type RequestInput } from './exchange.js';
import { applyLink, applyValidators, freshIdempotencyKey, linkFedParameters, statusMatches } from './links.js';
import { Run } from './report.js';
import type { CheckResult } from './responseChecks.js';
import type { Contract } from './runContract.js';
import type { JsonSchema, Operation } from './spec.js';

/** Names a server indexing a plain object by a client's string trips over. */
export const DANGEROUS_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '_'];
/** Spellings of an integer that a lenient coercion (Number(), ajv's coerceTypes) accepts but a decimal one is not. */
export const NUMERIC_VARIANTS = ['1e1', '0x10', '+2', '00002', '1.0', ' 1', '2 '];
/** Values of a free-text field that are not text: invisible only, controls, bidi overrides, broken UTF-16, U+FFFD. */
export const NOT_TEXT = [
  '\u200B\u200D',
  '\u0301',
  'A\u202EB',
  'A\u2066B',
  'A\u001b[31m',
  'A\u009bB',
  'A\uD800',
  'A\uFFFD',
];
/** Ways to declare a body the API reads as UTF-8 JSON only. */
const FOREIGN_ENCODINGS: { label: string; headers: (media: string) => Record<string, string> }[] = [
  { label: 'charset=iso-8859-1', headers: (media) => ({ 'content-type': `${media}; charset=iso-8859-1` }) },
  { label: 'charset=utf-16', headers: (media) => ({ 'content-type': `${media}; charset=utf-16` }) },
  { label: 'Content-Encoding: gzip', headers: (media) => ({ 'content-type': media, 'content-encoding': 'gzip' }) },
];
/** Spellings of the current ETag that are not it, compared as opaque strings, strongly (RFC 9110 §8.8.3.2). */
const ETAG_VARIANTS: [string, (etag: string) => string][] = [
  ['with a leading zero', (etag) => etag.replace(/^"/, '"0')],
  ['weak', (etag) => `W/${etag}`],
  ['unquoted', (etag) => etag.replaceAll('"', '')],
  ['with a space inside', (etag) => etag.replace(/^"/, '" ')],
  ['in upper case', (etag) => (etag.toUpperCase() === etag ? `${etag.slice(0, -1)}X"` : etag.toUpperCase())],
];
/** Percent-escapes that decode to nothing (RFC 3986 §2.1): bad hex, cut short, overlong or not UTF-8. */
export const MALFORMED_ESCAPES = ['%ZZ', '%', 'abc%', '%C0%AF', '%E0%A4%A', '%FF'];
/** An entity-tag no version has. */
const STALE_ETAG = '"0"';
/** If-Match lists that mix `*` with entity-tags. */
const MIXED_IF_MATCH: [string, (etag: string) => string][] = [
  ['a stale ETag and *', () => `${STALE_ETAG}, *`],
  ['* and the current ETag', (etag) => `*, ${etag}`],
  ['* twice', () => '*, *'],
];
const CONCURRENT_WRITES = 12;

interface HostileCase {
  label: string;
  /** A header line sent again after the request's own, with this value. */
  repeat?: (input: RequestInput) => [string, string];
  /** Changes a valid request (already authenticated, linked to a live resource) into the hostile one. */
  change: (input: RequestInput) => RequestInput;
  method?: string;
  /** Also sends the unchanged request, first or (for a change that may act on the resource) after the hostile one. */
  compare?: 'before' | 'after';
  expect: (exchange: Exchange, base: Exchange | undefined) => CheckResult;
}

const result = (check: string, ok: boolean, message: string): CheckResult =>
  ok ? { check, ok } : { check, ok, message };
/** A 5xx only when the unchanged request got the same one (a target without an avatar bucket answers its 503). */
const noNewServerError = (check: string) => (e: Exchange, base: Exchange | undefined) => {
  const { status } = e.response;
  const ok = status > 0 && (status < 500 || status === base?.response.status);
  return result(check, ok, `answered ${status}; the unchanged request answered ${base?.response.status}`);
};
const refusedWith = (check: string, statuses: number[]) => (e: Exchange) =>
  result(check, statuses.includes(e.response.status), `answered ${e.response.status}, not ${statuses.join(' or ')}`);
/** Sets a property even when its name is `__proto__`. */
function withOwn(record: Record<string, string>, name: string, value: string): Record<string, string> {
  const out = { ...record };
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

function resolve(contract: Contract, schema: JsonSchema | undefined): JsonSchema {
  let current = schema ?? {};
  while (typeof current.$ref === 'string') current = contract.spec.pointer(current.$ref) as JsonSchema;
  return current;
}

/** Top-level string properties of the body with no format or enum: what a client fills with free text. */
function freeTextFields(contract: Contract, operation: Operation): string[] {
  const json = contract.requests.jsonBody(operation);
  if (json === undefined) return [];
  const properties = (resolve(contract, json.schema).properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties)
    .filter(([, raw]) => {
      const schema = resolve(contract, raw);
      return schema.type === 'string' && schema.format === undefined && schema.enum === undefined;
    })
    .map(([name]) => name);
}

/** The header names the operation's security schemes read. */
function credentialHeaders(operation: Operation): string[] {
  const names = new Set<string>();
  for (const alternative of operation.security) {
    for (const { definition } of alternative) {
      if (definition.type === 'apiKey' && definition.in === 'header' && definition.name !== undefined) {
        names.add(definition.name.toLowerCase());
      } else if (definition.type !== 'apiKey') names.add('authorization');
    }
  }
  return [...names];
}

function cases(contract: Contract, operation: Operation): HostileCase[] {
  const out: HostileCase[] = [];
  for (const name of DANGEROUS_NAMES) {
    out.push({
      label: `a query parameter named ${name}`,
      change: (input) => ({ ...input, query: withOwn(input.query, name, '1') }),
      compare: 'before',
      expect: noNewServerError('dangerous_name_harmless'),
    });
    out.push({
      label: `a header named ${name}`,
      change: (input) => ({ ...input, headers: withOwn(input.headers, name, '1') }),
      compare: 'before',
      expect: noNewServerError('dangerous_name_harmless'),
    });
  }
  // A single-valued header the operation reads, sent twice: a valid value first, another second; never the last wins.
  const singleValued = [
    ...credentialHeaders(operation),
    ...operation.parameters
      .filter((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')
      .map((p) => p.name.toLowerCase()),
  ];
  for (const name of singleValued) {
    // An optional header (Idempotency-Key) the valid request left out is sent first, so the repeat is a second line.
    const present = (input: RequestInput): RequestInput =>
      input.headers[name] === undefined
        ? { ...input, headers: { ...input.headers, [name]: `hostile-${name}` } }
        : input;
    out.push({
      label: `${name} sent twice, another value second`,
      change: present,
      repeat: (input) => [name, `${input.headers[name] ?? ''}x`],
      expect: refusedWith('repeated_header_refused', [400, 401, 403]),
    });
    // Both lines valid: a server that reads either one alone would accept this; which line counts is still ambiguous.
    out.push({
      label: `${name} sent twice, the same value`,
      change: present,
      repeat: (input) => [name, input.headers[name] ?? ''],
      expect: refusedWith('repeated_header_refused', [400, 401, 403]),
    });
  }
  if (operation.method === 'get') {
    out.push({
      label: 'HEAD instead of GET',
      method: 'HEAD',
      change: (input) => input,
      // RFC 9110 §9.3.2: the GET's status and header fields, no content.
      expect: (e, base) => {
        const { status, headers, text } = e.response;
        const type = headers['content-type'];
        const getType = base?.response.headers['content-type'];
        return result(
          'head_like_get',
          status === base?.response.status && text === '' && type === getType,
          `HEAD answered ${status} (${type ?? 'no Content-Type'}) with ${text.length} body bytes; GET answered ${base?.response.status} (${getType ?? 'no Content-Type'})`,
        );
      },
    });
  }
  for (const parameter of operation.parameters) {
    if (parameter.in === 'header' && parameter.name.toLowerCase() === 'if-match') {
      // `*` or a list of entity-tags (RFC 9110 §13.1.1), never both: a mix taken as `*` lets a stale writer win.
      for (const [label, mixed] of MIXED_IF_MATCH) {
        out.push({
          label: `If-Match: ${label}`,
          change: (input) => ({
            ...input,
            headers: { ...input.headers, 'if-match': mixed(input.headers['if-match'] ?? '""') },
          }),
          expect: refusedWith('mixed_if_match_refused', [400]),
        });
      }
      out.push({
        label: 'If-Match sent twice: a stale ETag, then *',
        change: (input) => ({ ...input, headers: { ...input.headers, 'if-match': STALE_ETAG } }),
        repeat: () => ['if-match', '*'],
        expect: refusedWith('mixed_if_match_refused', [400]),
      });
      for (const [label, variant] of ETAG_VARIANTS) {
        out.push({
          label: `If-Match: the current ETag ${label}`,
          change: (input) => ({
            ...input,
            headers: { ...input.headers, 'if-match': variant(input.headers['if-match'] ?? '""') },
          }),
          expect: refusedWith('etag_compared_strongly', [412]),
        });
      }
    }
    if (parameter.in === 'query' && resolve(contract, parameter.schema).type === 'integer') {
      for (const variant of NUMERIC_VARIANTS) {
        out.push({
          label: `${parameter.name}=${JSON.stringify(variant)}`,
          change: (input) => ({ ...input, query: { ...input.query, [parameter.name]: variant } }),
          expect: refusedWith('plain_integer_only', [400]),
        });
      }
    }
    if (parameter.in === 'path') {
      for (const malformed of MALFORMED_ESCAPES) {
        out.push({
          label: `${parameter.name}=${malformed} (a malformed percent-escape)`,
          change: (input) => ({ ...input, rawPathParams: { ...input.rawPathParams, [parameter.name]: malformed } }),
          expect: refusedWith('malformed_escape_refused', [400]),
        });
      }
    }
    if (parameter.in === 'path' && resolve(contract, parameter.schema).format === 'uuid') {
      out.push({
        label: `${parameter.name} in upper case`,
        change: (input) => ({
          ...input,
          pathParams: { ...input.pathParams, [parameter.name]: (input.pathParams[parameter.name] ?? '').toUpperCase() },
        }),
        // Refused, or the same resource: "not found" only when the id as given is not found either (sent after, as a
        // DELETE in upper case may remove it; an id no link fed, or a user without an avatar, is a right 404).
        compare: 'after',
        expect: (e, base) =>
          result(
            'id_case_consistent',
            e.response.status !== 404 || base?.response.status === 404,
            `the id in upper case answered 404; as given it answered ${base?.response.status}`,
          ),
      });
    }
  }
  const json = contract.requests.jsonBody(operation);
  if (json !== undefined) {
    for (const { label, headers } of FOREIGN_ENCODINGS) {
      out.push({
        label: `a body sent with ${label}`,
        change: (input) => ({
          ...input,
          headers: { ...input.headers, ...headers(json.mediaType) },
          body: input.body && { ...input.body, contentType: undefined },
        }),
        expect: refusedWith('encoding_refused', [415]),
      });
    }
    for (const field of freeTextFields(contract, operation)) {
      for (const value of NOT_TEXT) {
        out.push({
          label: `${field}=${JSON.stringify(value)}`,
          change: (input) => ({
            ...input,
            body: input.body && {
              ...input.body,
              raw: JSON.stringify({ ...JSON.parse(input.body.raw), [field]: value }),
            },
          }),
          expect: refusedWith('text_is_text', [400]),
        });
      }
    }
    out.push({
      label: 'a duplicate key in the body',
      change: (input) => {
        const raw = input.body?.raw ?? '{}';
        const [key, value] = Object.entries(JSON.parse(raw) as Record<string, unknown>)[0] ?? ['x', 1];
        const duplicated = raw === '{}' ? raw : `{${JSON.stringify(key)}:${JSON.stringify(value)},${raw.slice(1)}`;
        return { ...input, body: input.body && { ...input.body, raw: duplicated } };
      },
      expect: refusedWith('duplicate_key_refused', [400]),
    });
  }
  return out;
}

/** A valid request of the operation, on a resource created through its incoming link when it has one. */
async function validRequest(
  contract: Contract,
  run: Run,
  operation: Operation,
  seed: number,
  tag: string,
): Promise<RequestInput> {
  const { requests, links } = contract;
  const sample = <T>(arbitrary: fc.Arbitrary<T>) => fc.sample(arbitrary, { numRuns: 1, seed })[0] as T;
  const input = requests.withUniqueValues(
    operation,
    sample(requests.positive(operation, linkFedParameters(links, operation))),
    tag,
  );
  const link = links.find((l) => l.link.operationId === operation.operationId && l.from !== operation);
  if (link !== undefined) {
    const sourceInput = requests.withUniqueValues(link.from, sample(requests.positive(link.from)), `${tag}s`);
    freshIdempotencyKey(link.from, sourceInput);
    const source = await contract.perform(run, link.from, sourceInput);
    if (statusMatches(link.status, source.response.status)) {
      applyLink(link.link, source, operation, input);
      applyValidators(operation, input, source);
    }
  }
  freshIdempotencyKey(operation, input);
  authenticate(operation, contract.credentials, input);
  return input;
}

/** Bytes Node's HTTP parser (or any HTTP/1.1 front end) refuses before routing, each with the status it calls for. */
function parserRefusals(operation: Operation): { label: string; line: string; status: number }[] {
  const names = [
    ...credentialHeaders(operation),
    ...operation.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()),
  ];
  return [
    ...[...new Set(names)].flatMap((name) => [
      { label: `a ${name} line without a colon`, line: `${name} value`, status: 400 },
      { label: `a ${name} header over 16 KB`, line: `${name}: ${'a'.repeat(17 * 1024)}`, status: 431 },
    ]),
    { label: 'Expect: foo', line: 'Expect: foo', status: 417 },
  ];
}

/**
 * The parser's refusals on the operation's path and headers, over a raw socket: answered like every other refusal
 * (problem+json with CORS headers), never an empty reply. Plain http only (a loopback target): a TLS front end is not
 * reached with raw bytes.
 */
async function runParserRefusals(contract: Contract, operation: Operation): Promise<void> {
  const base = new URL(contract.baseUrl);
  if (base.protocol !== 'http:') return;
  const placeholders = Object.fromEntries(
    operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, 'x']),
  );
  const target = `${base.pathname.replace(/\/$/, '')}${fillPath(operation.path, placeholders)}`;
  for (const { label, line, status } of parserRefusals(operation)) {
    const run = new Run(`${operation.operationId} with ${label}`);
    const head = [
      `${operation.method.toUpperCase()} ${target} HTTP/1.1`,
      `Host: ${base.host}`,
      'Origin: http://hostile.example',
      line,
    ];
    const answer = await rawExchange(contract.baseUrl, head).catch(() => undefined);
    const type = answer?.headers['content-type'] ?? '';
    const cors = answer?.headers['access-control-allow-origin'];
    run.add(operation.operationId, [
      result(
        'parser_refusal_answered',
        answer?.status === status && type.startsWith('application/problem+json') && cors !== undefined,
        `answered ${answer?.status ?? 'nothing'} (${type || 'no Content-Type'}, ${cors === undefined ? 'no' : ''} CORS), not a ${status} problem with CORS headers`,
      ),
    ]);
    record(contract, run);
  }
}

/** Runs every hostile case of every operation once, and the concurrent `If-Match: *` writes; returns nothing. */
export async function runHostile(contract: Contract, seed: number, tag: () => string): Promise<void> {
  for (const operation of contract.spec.operations) {
    for (const hostile of cases(contract, operation)) {
      const run = new Run(`${operation.operationId} with ${hostile.label}`);
      const input = await validRequest(contract, run, operation, seed, tag());
      const unchanged = () => contract.perform(run, operation, structuredClone(input));
      const compare = hostile.compare ?? (hostile.method === undefined ? undefined : 'before');
      const before = compare === 'before' ? await unchanged() : undefined;
      const changed = hostile.change(structuredClone(input));
      const request = buildRequest(contract.baseUrl, operation, changed);
      const exchange = await contract.sendAndCheck(run, operation, {
        ...request,
        method: hostile.method ?? request.method,
        ...(hostile.repeat === undefined ? {} : { extraHeaderLines: [hostile.repeat(changed)] }),
      });
      const base = compare === 'after' ? await unchanged() : before;
      run.add(operation.operationId, [hostile.expect(exchange, base)]);
      record(contract, run);
    }
    await runParserRefusals(contract, operation);
    if (operation.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')) {
      const run = new Run(`${CONCURRENT_WRITES} concurrent ${operation.operationId} with If-Match: *`);
      const input = await validRequest(contract, run, operation, seed, tag());
      input.headers['if-match'] = '*';
      const exchanges = await Promise.all(
        Array.from({ length: CONCURRENT_WRITES }, () => contract.perform(run, operation, structuredClone(input))),
      );
      const failed = exchanges.find((e) => e.response.status === 0 || e.response.status >= 500);
      run.add(operation.operationId, [
        result(
          'contention_not_an_outage',
          failed === undefined,
          `a concurrent write answered ${failed?.response.status}`,
        ),
      ]);
      record(contract, run);
    }
  }
}

function record(contract: Contract, run: Run): void {
  contract.recorder.count(run);
  if (run.failed) contract.recorder.fail('hostile', run);
}
