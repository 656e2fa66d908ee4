// Compiles each operation's request schemas from the bundled spec into standalone ajv code (generated/), so the
// Lambda validates requests without compiling a single schema at cold start.
//
// The schemas have the shape openapi-backend builds for its own validation (one body validator, one parameter
// validator with type coercion), so ajv reports the same errors at the same instance paths (/requestBody/…,
// /path/…, /query/…, /header/…) and toFieldErrors() turns them into the same problem `errors`.
import { _, Ajv } from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const standaloneCode = standaloneCodeModule as unknown as typeof standaloneCodeModule.default;

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
  content?: unknown;
}
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Inlines every local `$ref` (the bundled spec only has local ones); a cycle is refused rather than looped on. */
export function dereference(spec: Json, value: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => dereference(spec, v, seen));
  if (value === null || typeof value !== 'object') return value;
  const ref = (value as Json).$ref;
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    if (seen.includes(ref)) throw new Error(`recursive schema ${ref} cannot be precompiled`);
    let target: unknown = spec;
    for (const segment of ref.slice(2).split('/')) {
      target = (target as Json)[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
    }
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return dereference(spec, target, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dereference(spec, v, seen)]));
}

interface OperationSchemas {
  operationId: string;
  body?: Json;
  params: Json;
  /** Query parameters declared as arrays: a single value is wrapped in an array before validation. */
  arrayQuery: string[];
}

function operationSchemas(spec: Json): OperationSchemas[] {
  const out: OperationSchemas[] = [];
  for (const [path, rawItem] of Object.entries((spec.paths ?? {}) as Json)) {
    const item = dereference(spec, rawItem) as Json;
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (operation === undefined) continue;
      const operationId = operation.operationId;
      if (typeof operationId !== 'string') throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      // Operation-level parameters override path-level ones with the same name and location.
      const byKey = new Map<string, Parameter>();
      for (const p of [...((item.parameters ?? []) as Parameter[]), ...((operation.parameters ?? []) as Parameter[])]) {
        byKey.set(`${p.in}:${p.name}`, p);
      }
      const locations = { path: false, query: false, header: true } as const;
      const sections = Object.fromEntries(
        Object.entries(locations).map(([location, additional]) => [
          location,
          { type: 'object', additionalProperties: additional, properties: {} as Json, required: [] as string[] },
        ]),
      );
      const requiredSections = new Set<string>();
      const arrayQuery: string[] = [];
      for (const p of byKey.values()) {
        if (p.in === 'cookie' || p.content !== undefined) {
          throw new Error(`${operationId}: ${p.in} parameter ${p.name} (cookie or content) is not supported`);
        }
        const section = sections[p.in];
        if (section === undefined) throw new Error(`${operationId}: unknown parameter location ${p.in}`);
        // Header names are case-insensitive; requests reach the validator with lower-cased names.
        const name = p.in === 'header' ? p.name.toLowerCase() : p.name;
        section.properties[name] = p.schema ?? {};
        if (p.schema?.additionalProperties !== undefined) {
          (section as Json).additionalProperties = p.schema.additionalProperties;
        }
        if (p.required) {
          section.required.push(name);
          requiredSections.add(p.in);
        }
        if (p.in === 'query' && p.schema?.type === 'array') arrayQuery.push(p.name);
      }
      const params = {
        type: 'object',
        additionalProperties: true,
        properties: sections,
        required: [...requiredSections],
      };
      const requestBody = operation.requestBody as { required?: boolean; content?: Json } | undefined;
      const bodySchema = (requestBody?.content?.['application/json'] as { schema?: Json } | undefined)?.schema;
      if (requestBody !== undefined && bodySchema === undefined) {
        throw new Error(`${operationId}: only application/json request bodies are supported`);
      }
      out.push({
        operationId,
        params,
        arrayQuery,
        ...(bodySchema === undefined
          ? {}
          : {
              body: {
                type: 'object',
                additionalProperties: true,
                properties: { requestBody: bodySchema },
                required: requestBody?.required === true ? ['requestBody'] : [],
              },
            }),
      });
    }
  }
  return out;
}

const ANNOTATIONS = new Set(['description', 'example', 'examples', 'title', 'externalDocs', 'xml', 'deprecated']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/** Drops keywords that never change a validation result, so the generated code (shipped in the Lambda) is smaller. */
function withoutAnnotations(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (SCHEMA_MAPS.has(key) && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutAnnotations(v)]));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(withoutAnnotations);
    } else if (['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'].includes(key)) {
      out[key] = Array.isArray(value) ? value.map(withoutAnnotations) : withoutAnnotations(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function compile(
  schemas: Record<string, Json>,
  { coerceTypes, useDefaults }: { coerceTypes: boolean; useDefaults: boolean },
): string {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    coerceTypes,
    useDefaults,
    code: { source: true, lines: true, formats: _`require('ajv-formats/dist/formats').fullFormats` },
  });
  addFormats(ajv);
  for (const [id, schema] of Object.entries(schemas)) ajv.addSchema(withoutAnnotations(schema) as Json, id);
  const code = standaloneCode(ajv, Object.fromEntries(Object.keys(schemas).map((id) => [id, id])));
  // ajv declares each schema's JSON next to its function even when nothing reads it: drop those (bundle bytes).
  return code.replace(/^const (schema\d+) = .*;\n/gm, (line, name: string) =>
    (code.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length === 1 ? '' : line,
  );
}

/** The generated files: the validators (ESM JavaScript) and their types. */
export function generateRequestValidators(spec: Json, banner: string): Map<string, string> {
  const operations = operationSchemas(spec);
  const bodies = Object.fromEntries(
    operations.flatMap((o) => (o.body === undefined ? [] : [[`${o.operationId}Body`, o.body]])),
  );
  const params = Object.fromEntries(operations.map((o) => [`${o.operationId}Params`, o.params]));
  const table = operations.map(
    (o) =>
      `  ${o.operationId}: { ${o.body === undefined ? '' : `body: bodies.${o.operationId}Body, `}params: params.${o.operationId}Params, arrayQuery: ${JSON.stringify(o.arrayQuery)} },`,
  );
  // CommonJS: ajv's standalone code `require`s its runtime helpers and the formats, which only CommonJS does natively.
  const module = (code: string) => `// ${banner}\n${code}\n`;
  return new Map([
    ['requestValidators/bodies.cjs', module(compile(bodies, { coerceTypes: false, useDefaults: true }))],
    ['requestValidators/params.cjs', module(compile(params, { coerceTypes: true, useDefaults: true }))],
    [
      'requestValidators/index.js',
      [
        `// ${banner}`,
        '// Request validators per operationId, compiled from the spec by `npm run generate` (ajv standalone code).',
        "import bodies from './bodies.cjs';",
        "import params from './params.cjs';",
        '',
        'export const requestValidators = {',
        ...table,
        '};',
        '',
      ].join('\n'),
    ],
    [
      'requestValidators/index.d.ts',
      [
        `// ${banner}`,
        "import type { ErrorObject } from 'ajv';",
        '',
        'export interface CompiledValidator {',
        '  (data: unknown): boolean;',
        '  errors?: ErrorObject[] | null;',
        '}',
        '',
        'export interface OperationValidators {',
        '  /** Validates `{ requestBody }` (filling defaults in place); absent when the operation takes no body. */',
        '  body?: CompiledValidator;',
        '  /** Validates `{ path, query, header }`, coercing strings to their schema types and filling defaults in place. */',
        '  params: CompiledValidator;',
        '  arrayQuery: readonly string[];',
        '}',
        '',
        `export declare const requestValidators: {\n${operations.map((o) => `  readonly ${o.operationId}: OperationValidators;`).join('\n')}\n};`,
        '',
      ].join('\n'),
    ],
  ]);
}
