// fast-check arbitraries derived from the spec's JSON schemas: values a schema accepts, and values it must refuse.
//
// Hand-written on purpose: the only npm package that claims to do this (json-schema-fast-check 0.0.6) is built on
// fast-check 1 and faker 4 and generates valid values only. Here each candidate is also checked by the same ajv +
// ajv-formats the spec compiles to, so a valid value is valid by the spec's own definition and an invalid one is
// really invalid: the converter may be approximate, the oracle is not.
import fc from 'fast-check';
import type { JsonSchema, Spec } from './spec.js';

/** Where a value goes decides which characters it may contain and survive transport. */
export type Placement = 'body' | 'path' | 'query' | 'header';

export interface Invalid {
  value: unknown;
  /** What is wrong with it, as a JSON pointer plus a reason. */
  reason: string;
}

/** Characters that break naive code: control, invisible, bidi, combining, astral, lone surrogates, casefolding. */
const ODD_UNICODE = [
  '\u0000',
  '\u0007',
  '\u200B',
  '\u200D',
  '\u202E',
  '\uFEFF',
  '\u2028',
  'e\u0301',
  'İ',
  'ß',
  '𝕏',
  '🧑\u200D💻',
  '\uD800',
  '\uDFFF',
  '"',
  '\\',
  '<',
  "'",
  '%',
];
const TRANSPORT_SAFE_ODD = ODD_UNICODE.filter(
  (c) => !/[\uD800-\uDFFF]/.test(c) || /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(c),
);

function textUnit(placement: Placement): fc.Arbitrary<string> {
  // Header values must be visible ASCII (fetch refuses others and trims spaces); elsewhere anything goes.
  if (placement === 'header') return fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 });
  const odd = placement === 'body' ? ODD_UNICODE : TRANSPORT_SAFE_ODD;
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom(...odd) },
  );
}

const headerSafe = (value: unknown) =>
  typeof value !== 'string' || /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value);
// A path segment of only dots is a dot segment to any WHATWG URL client (fetch included), even as %2E: it cannot
// be sent as a value at all.
const dotSegment = (value: unknown) => /^(\.|%2e)+$/i.test(String(value));
const transportSafe = (value: unknown, placement: Placement) => {
  if (placement === 'header') return headerSafe(value);
  if (placement === 'body') return true;
  return !/[\uD800-\uDFFF]/.test(String(value)) && !(placement === 'path' && dotSegment(value));
};

export class SchemaArbitraries {
  constructor(private readonly spec: Spec) {}

  /** Values the schema accepts (checked by ajv), for a body field or a parameter. */
  valid(schema: JsonSchema, placement: Placement = 'body'): fc.Arbitrary<unknown> {
    const validate = this.spec.validator(schema);
    return this.candidate(schema, placement, 0).filter((v) => transportSafe(v, placement) && validate(v) === true);
  }

  /** Values the schema refuses (checked by ajv), each with what is wrong. Empty when nothing can be invalid. */
  invalid(schema: JsonSchema, placement: Placement = 'body'): fc.Arbitrary<Invalid> | undefined {
    const validate = this.spec.validator(schema);
    const mutations = this.mutations(schema, '', placement, 0);
    if (mutations.length === 0) return undefined;
    return fc
      .oneof(...mutations)
      .filter((m) => transportSafe(m.value, placement) && !isTopLevelUndefined(m) && validate(m.value) === false);
  }

  private candidate(raw: JsonSchema, placement: Placement, depth: number): fc.Arbitrary<unknown> {
    const schema = this.spec.resolve<JsonSchema>(raw);
    if (Array.isArray(schema.allOf)) return this.candidate(this.mergeAllOf(schema), placement, depth);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    const base = this.typed(schema, placement, depth);
    return schema.nullable === true ? fc.option(base, { nil: null, freq: 10 }) : base;
  }

  private typed(schema: JsonSchema, placement: Placement, depth: number): fc.Arbitrary<unknown> {
    switch (schema.type) {
      case 'string':
        return this.string(schema, placement);
      case 'integer':
        return fc.integer({
          min: bound(schema, 'minimum', 'exclusiveMinimum', 1, -(2 ** 31)),
          max: bound(schema, 'maximum', 'exclusiveMaximum', -1, 2 ** 31 - 1),
        });
      case 'number':
        return fc.double({
          min: bound(schema, 'minimum', 'exclusiveMinimum', Number.EPSILON, -1e9),
          max: bound(schema, 'maximum', 'exclusiveMaximum', -Number.EPSILON, 1e9),
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const minLength = (schema.minItems as number | undefined) ?? 0;
        const maxLength = Math.max(minLength, Math.min((schema.maxItems as number | undefined) ?? 4, 4));
        return fc.array(this.candidate((schema.items as JsonSchema) ?? {}, placement, depth + 1), {
          minLength,
          maxLength,
        });
      }
      case 'object':
        return this.object(schema, placement, depth);
      default:
        return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
    }
  }

  private string(schema: JsonSchema, placement: Placement): fc.Arbitrary<string> {
    const minLength = (schema.minLength as number | undefined) ?? 0;
    const maxLength = Math.min((schema.maxLength as number | undefined) ?? 64, minLength + 256);
    const lengthOk = (s: string) => [...s].length >= minLength && [...s].length <= maxLength;
    switch (schema.format) {
      case 'email':
        return fc.emailAddress().filter(lengthOk);
      case 'uuid':
        return fc.uuid({ version: 4 });
      case 'date-time':
        return fc
          .date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true })
          .map((d) => d.toISOString());
      case 'date':
        return fc
          .date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      case 'uri':
      case 'url':
        return fc.webUrl().filter(lengthOk);
      case 'ipv4':
        return fc.ipV4();
    }
    // fast-check favours short strings: the exact bounds get a branch of their own (one code point per unit, as
    // ajv counts length in code points).
    const codePoint = placement === 'header' ? 'grapheme-ascii' : 'binary';
    const free = fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: textUnit(placement), minLength, maxLength }) },
      { weight: 1, arbitrary: fc.string({ unit: codePoint, minLength: maxLength, maxLength }) },
      { weight: 1, arbitrary: fc.string({ unit: codePoint, minLength, maxLength: minLength }) },
    );
    if (typeof schema.pattern === 'string') {
      // stringMatching pads unanchored patterns with random text, so the length bounds are applied after; the
      // free-text branch brings odd characters into permissive patterns (like `\S`) that stringMatching never tries.
      const pattern = new RegExp(schema.pattern);
      return fc.oneof(fc.stringMatching(pattern), free).filter((s) => lengthOk(s) && pattern.test(s));
    }
    return free;
  }

  private object(schema: JsonSchema, placement: Placement, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
    const required = (schema.required as string[] | undefined) ?? [];
    const model = Object.fromEntries(
      Object.entries(properties).map(([name, s]) => [name, this.candidate(s, placement, depth + 1)]),
    );
    const minProperties = (schema.minProperties as number | undefined) ?? 0;
    return fc
      .record(model, { requiredKeys: required.filter((k) => k in properties) })
      .filter((o) => Object.keys(o).length >= minProperties);
  }

  private mergeAllOf(schema: JsonSchema): JsonSchema {
    const parts = (schema.allOf as JsonSchema[]).map((s) => this.spec.resolve<JsonSchema>(s));
    const { allOf: _allOf, ...rest } = schema;
    const merged: JsonSchema = { ...rest, properties: {}, required: [] };
    for (const part of parts) {
      Object.assign(merged, part, {
        properties: { ...(merged.properties as object), ...(part.properties as object) },
        required: [...(merged.required as string[]), ...((part.required as string[] | undefined) ?? [])],
      });
    }
    return merged;
  }

  /** One arbitrary per way this schema (or a field inside it) can be broken. */
  private mutations(raw: JsonSchema, pointer: string, placement: Placement, depth: number): fc.Arbitrary<Invalid>[] {
    const schema = this.spec.resolve<JsonSchema>(raw);
    if (Array.isArray(schema.allOf)) return this.mutations(this.mergeAllOf(schema), pointer, placement, depth);
    const at = pointer || '(root)';
    const out: fc.Arbitrary<Invalid>[] = [];
    const wrongTypes = WRONG_TYPE_VALUES.filter(
      (w) => w.type !== schema.type && !(w.type === 'null' && schema.nullable),
    );
    if (typeof schema.type === 'string') {
      out.push(
        fc
          .constantFrom(...wrongTypes)
          .map((w) => ({ value: w.value, reason: `${at}: ${w.type} instead of ${schema.type}` })),
      );
    }
    if (Array.isArray(schema.enum)) {
      out.push(fc.string({ maxLength: 12 }).map((value) => ({ value, reason: `${at}: not one of the enum values` })));
    }
    if (schema.type === 'string') out.push(...this.stringMutations(schema, at, placement));
    if (schema.type === 'integer' || schema.type === 'number') out.push(...numberMutations(schema, at));
    if (schema.type === 'array') {
      const items = (schema.items as JsonSchema) ?? {};
      const item = this.candidate(items, placement, depth + 1);
      if (typeof schema.maxItems === 'number') {
        const max = schema.maxItems;
        out.push(
          fc
            .array(item, { minLength: max + 1, maxLength: max + 3 })
            .map((value) => ({ value, reason: `${at}: more than ${max} items` })),
        );
      }
      for (const bad of this.mutations(items, `${pointer}/0`, placement, depth + 1)) {
        out.push(bad.map((m) => ({ value: [m.value], reason: m.reason })));
      }
    }
    if (schema.type === 'object') out.push(...this.objectMutations(schema, pointer, at, placement, depth));
    return out;
  }

  private stringMutations(schema: JsonSchema, at: string, placement: Placement): fc.Arbitrary<Invalid>[] {
    const out: fc.Arbitrary<Invalid>[] = [];
    const unit = placement === 'header' ? 'grapheme-ascii' : textUnit(placement);
    if (typeof schema.maxLength === 'number') {
      const max = schema.maxLength;
      out.push(
        fc
          .string({ unit, minLength: max + 1, maxLength: max + 8 })
          .map((value) => ({ value, reason: `${at}: longer than maxLength ${max}` })),
      );
    }
    if (typeof schema.minLength === 'number' && schema.minLength > 0) {
      const min = schema.minLength;
      out.push(
        fc
          .string({ unit, maxLength: min - 1 })
          .map((value) => ({ value, reason: `${at}: shorter than minLength ${min}` })),
      );
    }
    if (typeof schema.pattern === 'string') {
      const pattern = new RegExp(schema.pattern);
      out.push(
        fc
          .oneof(fc.constantFrom('', ' ', '\t', 'a', '+0', '0', 'x y', '-'), fc.string({ unit, maxLength: 16 }))
          .filter((s) => !pattern.test(s))
          .map((value) => ({ value, reason: `${at}: does not match pattern ${schema.pattern}` })),
      );
    }
    if (typeof schema.format === 'string') {
      out.push(
        fc
          .constantFrom(...(BAD_FORMATS[schema.format] ?? []), 'not-a-valid-value', ' ', '@')
          .map((value) => ({ value, reason: `${at}: not a valid ${schema.format}` })),
      );
    }
    if (placement === 'body') {
      // Far past any maxLength, but under the payload limit, so the schema (not the size guard) must refuse it.
      const huge = (schema.maxLength as number | undefined) ?? 10_000;
      out.push(
        fc
          .constantFrom('x', 'é', '𝕏', '\u0000')
          .map((c) => ({ value: c.repeat(Math.min(huge * 10 + 1, 8000)), reason: `${at}: huge string` })),
      );
    }
    return out;
  }

  private objectMutations(
    schema: JsonSchema,
    pointer: string,
    at: string,
    placement: Placement,
    depth: number,
  ): fc.Arbitrary<Invalid>[] {
    const out: fc.Arbitrary<Invalid>[] = [];
    const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
    const required = (schema.required as string[] | undefined) ?? [];
    const valid = this.candidate(schema, placement, depth) as fc.Arbitrary<Record<string, unknown>>;
    for (const name of required) {
      out.push(
        valid.map((o) => {
          const { [name]: _dropped, ...rest } = o;
          return { value: rest, reason: `${pointer}/${name}: required but missing` };
        }),
      );
    }
    if (schema.additionalProperties === false) {
      const extraName = fc
        .oneof(
          fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'id', ...IDENTITY_FIELDS),
          fc.string({ minLength: 1, maxLength: 12 }),
        )
        .filter((n) => !(n in properties));
      out.push(
        fc
          .tuple(valid, extraName, fc.jsonValue({ maxDepth: 1 }))
          .map(([o, name, extra]) => ({ value: { ...o, [name]: extra }, reason: `${at}: unknown field "${name}"` })),
      );
    }
    if (typeof schema.minProperties === 'number' && schema.minProperties > 0) {
      out.push(fc.constant({ value: {}, reason: `${at}: fewer than ${schema.minProperties} properties` }));
    }
    if (depth < 3) {
      for (const [name, propertySchema] of Object.entries(properties)) {
        for (const bad of this.mutations(propertySchema, `${pointer}/${name}`, placement, depth + 1)) {
          out.push(fc.tuple(valid, bad).map(([o, m]) => ({ value: { ...o, [name]: m.value }, reason: m.reason })));
        }
      }
    }
    return out;
  }
}

/** Fields a server usually sets itself: a client that may set them can overwrite identity or history. */
const IDENTITY_FIELDS = ['userId', 'createdAt', 'updatedAt', 'owner', 'role'];

const WRONG_TYPE_VALUES: { type: string; value: unknown }[] = [
  { type: 'string', value: 'text' },
  { type: 'integer', value: 42 },
  { type: 'number', value: 1.5 },
  { type: 'boolean', value: true },
  { type: 'null', value: null },
  { type: 'array', value: [] },
  { type: 'object', value: {} },
];

const BAD_FORMATS: Record<string, string[]> = {
  email: ['plainaddress', 'a@', '@example.com', 'a b@example.com', 'a@@example.com', 'john@example..com'],
  uuid: [
    '3fa85f64-5717-4562-b3fc-2c963f66afa',
    '3fa85f64571745 62b3fc2c963f66afa6',
    'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  ],
  'date-time': ['2026-13-01T00:00:00Z', 'yesterday', '2026-11-24 25:00'],
  date: ['2026-02-30', '24/11/2026'],
  uri: ['not a uri', '://missing-scheme'],
  ipv4: ['256.0.0.1', '1.2.3'],
};

function numberMutations(schema: JsonSchema, at: string): fc.Arbitrary<Invalid>[] {
  const out: fc.Arbitrary<Invalid>[] = [];
  if (schema.type === 'integer') out.push(fc.constant({ value: 1.5, reason: `${at}: not an integer` }));
  const min = (schema.minimum ?? schema.exclusiveMinimum) as number | undefined;
  const max = (schema.maximum ?? schema.exclusiveMaximum) as number | undefined;
  if (typeof min === 'number') {
    out.push(
      fc.integer({ min: min - 1000, max: min }).map((value) => ({ value, reason: `${at}: below minimum ${min}` })),
    );
  }
  if (typeof max === 'number') {
    out.push(
      fc.integer({ min: max, max: max + 1000 }).map((value) => ({ value, reason: `${at}: above maximum ${max}` })),
    );
  }
  return out;
}

function bound(schema: JsonSchema, inclusive: string, exclusive: string, step: number, fallback: number): number {
  if (typeof schema[exclusive] === 'number') return (schema[exclusive] as number) + step;
  const value = schema[inclusive];
  if (typeof value !== 'number') return fallback;
  return schema[exclusive] === true ? value + step : value;
}

function isTopLevelUndefined(m: Invalid): boolean {
  return m.value === undefined;
}
