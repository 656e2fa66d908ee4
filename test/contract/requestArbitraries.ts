// Whole requests for an operation as fast-check arbitraries: valid ones, and ones broken in exactly one way.
import fc from 'fast-check';
import type { RequestInput } from './exchange.js';
import { type Invalid, type Placement, SchemaArbitraries } from './schemaArbitraries.js';
import type { JsonSchema, Operation, Parameter, Spec } from './spec.js';

export interface NegativeCase {
  input: RequestInput;
  /** What is wrong with the request. */
  reason: string;
}

// OpenAPI says these header parameters are ignored: the transport and `security` own them.
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

const isJsonMedia = (media: string) => /^application\/([\w.+-]+\+)?json(\s*;.*)?$/i.test(media);

function serialize(value: unknown): string {
  if (Array.isArray(value)) return value.map(serialize).join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export class RequestArbitraries {
  readonly schemas: SchemaArbitraries;

  constructor(private readonly spec: Spec) {
    this.schemas = new SchemaArbitraries(spec);
  }

  /** The JSON media type and schema of an operation's request body, when it has one. */
  jsonBody(operation: Operation): { mediaType: string; schema: JsonSchema } | undefined {
    const entry = Object.entries(operation.requestBody?.content ?? {}).find(([media]) => isJsonMedia(media));
    return entry === undefined ? undefined : { mediaType: entry[0], schema: entry[1] ?? {} };
  }

  private parameters(operation: Operation): Parameter[] {
    return operation.parameters.filter(
      (p) => p.in !== 'cookie' && !(p.in === 'header' && RESERVED_HEADERS.has(p.name.toLowerCase())),
    );
  }

  private parameterValue(parameter: Parameter): fc.Arbitrary<string> {
    return this.schemas
      .valid(parameter.schema, parameter.in as Placement)
      .map(serialize)
      .filter((text) => text !== '' && this.spec.acceptsParameter(parameter.schema, text));
  }

  /**
   * Valid requests. Optional parameters in `serverIssued` (ids, cursors a link fills) are left out: a made-up
   * value for them is not valid data in any meaningful sense.
   */
  positive(operation: Operation, serverIssued: ReadonlySet<string> = new Set()): fc.Arbitrary<RequestInput> {
    const parameters = this.parameters(operation).filter((p) => p.required || !serverIssued.has(p.name));
    const values = Object.fromEntries(
      parameters.map((p) => [
        `${p.in}:${p.name}`,
        p.required ? this.parameterValue(p) : fc.option(this.parameterValue(p), { nil: undefined }),
      ]),
    );
    const json = this.jsonBody(operation);
    const bodyArb: fc.Arbitrary<unknown> =
      json === undefined
        ? fc.constant(undefined)
        : operation.requestBody?.required
          ? this.schemas.valid(json.schema)
          : fc.option(this.schemas.valid(json.schema), { nil: undefined });
    return fc.record({ params: fc.record(values), body: bodyArb }).map(({ params, body }) => {
      const input: RequestInput = { pathParams: {}, query: {}, headers: {} };
      for (const p of parameters) {
        const value = (params as Record<string, string | undefined>)[`${p.in}:${p.name}`];
        if (value !== undefined) place(input, p, value);
      }
      if (json !== undefined && body !== undefined)
        input.body = { raw: JSON.stringify(body), contentType: json.mediaType };
      return input;
    });
  }

  /** The same valid request with its unique-by-nature values (emails) made unique; see uniqueEmails. */
  withUniqueValues(operation: Operation, input: RequestInput, tag: string): RequestInput {
    const json = this.jsonBody(operation);
    if (json === undefined || input.body === undefined) return input;
    const value = uniqueEmails(this.spec, json.schema, JSON.parse(input.body.raw), tag);
    return { ...input, body: { ...input.body, raw: JSON.stringify(value) } };
  }

  /** Requests with one thing wrong that the spec says is wrong; undefined when the operation takes no input. */
  negative(operation: Operation): fc.Arbitrary<NegativeCase> | undefined {
    const base = this.positive(operation);
    // Weighted so most cases break the body schema in one of its many ways, not the same few request-level ones.
    const cases: fc.WeightedArbitrary<NegativeCase>[] = [];
    const add = (weight: number, arbitrary: fc.Arbitrary<NegativeCase>) => cases.push({ weight, arbitrary });
    const json = this.jsonBody(operation);
    if (json !== undefined) {
      const bodyMutation = this.schemas.invalid(json.schema);
      if (bodyMutation !== undefined) {
        add(
          6,
          fc.tuple(base, bodyMutation).map(([input, m]: [RequestInput, Invalid]) => ({
            input: { ...input, body: { raw: JSON.stringify(m.value), contentType: json.mediaType } },
            reason: `body ${m.reason}`,
          })),
        );
      }
      add(
        2,
        fc
          .tuple(base, fc.constantFrom(...MALFORMATIONS), fc.nat())
          .map(([input, malform, n]) => ({
            input: { ...input, body: { raw: malform.apply(input.body?.raw ?? '{}', n), contentType: json.mediaType } },
            reason: `malformed JSON (${malform.label})`,
          }))
          .filter((c) => !parses(c.input.body?.raw)),
      );
      const declared = Object.keys(operation.requestBody?.content ?? {});
      const foreignTypes = FOREIGN_CONTENT_TYPES.filter(
        (t) => !declared.some((d) => d === '*/*' || d.split(';')[0] === t?.split(';')[0]),
      );
      add(
        1,
        fc.tuple(base, fc.constantFrom(...foreignTypes)).map(([input, contentType]) => ({
          input: { ...input, body: { raw: input.body?.raw ?? '{}', contentType } },
          reason: `Content-Type ${contentType ?? '(none)'} is not declared`,
        })),
      );
      if (operation.requestBody?.required) {
        add(
          1,
          fc.tuple(base, fc.constantFrom(undefined, json.mediaType)).map(([input, contentType]) => ({
            input: {
              ...input,
              body: contentType === undefined ? undefined : { raw: '', contentType },
            },
            reason: 'required body missing',
          })),
        );
      }
    }
    for (const parameter of this.parameters(operation)) {
      const mutation = this.schemas.invalid(parameter.schema, parameter.in as Placement);
      if (mutation !== undefined) {
        const invalidText = mutation
          .map((m) => ({ text: serialize(m.value), reason: m.reason }))
          .filter(
            ({ text }) =>
              !(parameter.in === 'path' && text === '') && !this.spec.acceptsParameter(parameter.schema, text),
          );
        add(
          2,
          fc.tuple(base, invalidText).map(([input, m]) => {
            const copy = clone(input);
            place(copy, parameter, m.text);
            return {
              input: copy,
              reason: `${parameter.in} parameter ${parameter.name} ${m.reason.replace('(root)', '')}`,
            };
          }),
        );
      }
      if (parameter.required && parameter.in !== 'path') {
        add(
          1,
          base.map((input) => {
            const copy = clone(input);
            if (parameter.in === 'query') delete copy.query[parameter.name];
            else delete copy.headers[parameter.name.toLowerCase()];
            return { input: copy, reason: `required ${parameter.in} parameter ${parameter.name} missing` };
          }),
        );
      }
    }
    return cases.length === 0 ? undefined : fc.oneof(...cases);
  }
}

function place(input: RequestInput, parameter: Parameter, value: string): void {
  if (parameter.in === 'path') input.pathParams[parameter.name] = value;
  else if (parameter.in === 'query') input.query[parameter.name] = value;
  else if (parameter.in === 'header') input.headers[parameter.name.toLowerCase()] = value;
}

const clone = (input: RequestInput): RequestInput => ({
  pathParams: { ...input.pathParams },
  query: { ...input.query },
  headers: { ...input.headers },
  ...(input.body === undefined ? {} : { body: { ...input.body } }),
});

function parses(text: string | undefined): boolean {
  try {
    JSON.parse(text ?? '');
    return true;
  } catch {
    return false;
  }
}

const MALFORMATIONS: { label: string; apply: (json: string, n: number) => string }[] = [
  { label: 'truncated', apply: (json, n) => json.slice(0, Math.max(1, n % Math.max(1, json.length - 1))) },
  { label: 'trailing comma', apply: (json) => json.replace(/\}$/, ',}') },
  { label: 'single quotes', apply: (json) => json.replaceAll('"', "'") },
  { label: 'trailing garbage', apply: (json) => `${json}}` },
  { label: 'unquoted key', apply: (json) => json.replace(/^\{"([^"]*)"/, '{$1') || '{a:1}' },
  { label: 'NaN literal', apply: () => '{"value": NaN}' },
  { label: 'bare word', apply: () => 'undefined' },
  { label: 'byte order mark', apply: (json) => `\uFEFF${json}` },
];

const FOREIGN_CONTENT_TYPES: (string | undefined)[] = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=contract',
  undefined,
];

/**
 * Makes values of `format: email` unique (a `+tag` in the local part), because emails are unique per user: without
 * it generated and shrunk payloads collide with users made earlier (409), and reruns against a stage collide too.
 */
export function uniqueEmails(spec: Spec, schema: JsonSchema, value: unknown, tag: string): unknown {
  const resolved = spec.resolve<JsonSchema>(schema);
  if (resolved.format === 'email' && typeof value === 'string' && value.includes('@')) {
    const at = value.lastIndexOf('@');
    const unique = `${value.slice(0, at)}+${tag}${value.slice(at)}`;
    return spec.validator(schema)(unique) ? unique : value;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const properties = (resolved.properties as Record<string, JsonSchema> | undefined) ?? {};
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      properties[k] === undefined ? v : uniqueEmails(spec, properties[k], v, tag),
    ]),
  );
}
