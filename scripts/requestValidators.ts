// Compiles the request validators openapi-backend builds for each operation into standalone ajv code (generated/).
// So the Lambda hands them to openapi-backend's validator instead of compiling a schema at cold start or first use.
// The schemas are openapi-backend's own: its validator builds them from the spec, and this records what it compiles.
import { _, Ajv, type Options, type Plugin } from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { validationOptions } from '../src/validation/validationOptions.js';

const addFormats = addFormatsModule as unknown as Plugin<unknown>;
const standaloneCode = standaloneCodeModule as unknown as typeof standaloneCodeModule.default;

type Json = Record<string, unknown>;

/** openapi-backend ignores `format` unless told its names: every ajv-formats format, as the Lambda runs them. */
export const withFormats = <T extends Ajv>(ajv: T): T => {
  addFormats(ajv);
  return ajv;
};

interface RecordedSchema {
  operationId: string;
  /** openapi-backend's ValidationContext: requestBodyValidator or paramsValidator. */
  context: string;
  options: Options;
  schema: Json;
  formats: string[];
}

/** Every schema openapi-backend's validator compiles for the operations' requests, in its order. */
export async function recordRequestSchemas(spec: Json): Promise<RecordedSchema[]> {
  const recorded: RecordedSchema[] = [];
  let operationId = '';
  const backend = new OpenAPIBackend({
    definition: structuredClone(spec) as unknown as Document,
    quick: true,
    ...validationOptions,
    customizeAjv: (ajv, options, context) => {
      withFormats(ajv);
      const compile = ajv.compile.bind(ajv);
      ajv.compile = ((schema: Json) => {
        recorded.push({ operationId, context, options, schema, formats: Object.keys(ajv.formats) });
        return compile(schema);
      }) as typeof ajv.compile;
      return ajv;
    },
  });
  await backend.init();
  for (const operation of backend.getOperations()) {
    if (operation.operationId === undefined)
      throw new Error(`${operation.method} ${operation.path} has no operationId`);
    operationId = operation.operationId;
    backend.validator.getRequestValidatorsForOperation(operationId);
  }
  return recorded;
}

const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'externalDocs', 'xml', 'deprecated']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SUBSCHEMAS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains']);

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
    } else if (SUBSCHEMAS.has(key)) {
      out[key] = Array.isArray(value) ? value.map(withoutAnnotations) : withoutAnnotations(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** One CommonJS module (ajv standalone code `require`s its runtime helpers) exporting a validator per id. */
export function compileStandalone(schemas: Record<string, Json>, options: Options): string {
  const ajv = withFormats(
    new Ajv({
      ...options,
      code: { source: true, lines: true, formats: _`require('ajv-formats/dist/formats').fullFormats` },
    }),
  );
  for (const [id, schema] of Object.entries(schemas)) ajv.addSchema(withoutAnnotations(schema) as Json, id);
  const code = standaloneCode(ajv, Object.fromEntries(Object.keys(schemas).map((id) => [id, id])));
  // ajv declares each schema's JSON next to its function even when nothing reads it: drop those (bundle bytes).
  return code.replace(/^const (schema\d+) = .*;\n/gm, (line, name: string) =>
    (code.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length === 1 ? '' : line,
  );
}

/** The generated files: one module per validation context, an index by operationId, and its types. */
export async function generateRequestValidators(spec: Json, banner: string): Promise<Map<string, string>> {
  const recorded = await recordRequestSchemas(spec);
  const contexts = new Map<string, { options: Options; schemas: Record<string, Json> }>();
  const perOperation = new Map<string, string[]>();
  for (const { operationId, context, options, schema, formats } of recorded) {
    const unknown = formats.filter((name) => !(name in fullFormats));
    // The Lambda's validators look formats up in ajv-formats: one registered elsewhere would be missing at run time.
    if (unknown.length > 0) throw new Error(`formats ${unknown.join(', ')} are not ajv-formats ones`);
    const group = contexts.get(context) ?? { options, schemas: {} };
    if (JSON.stringify(group.options) !== JSON.stringify(options)) {
      throw new Error(`${context}: openapi-backend compiled with different ajv options per operation`);
    }
    if (group.schemas[operationId] !== undefined) throw new Error(`${operationId}: two ${context} schemas`);
    group.schemas[operationId] = schema;
    contexts.set(context, group);
    perOperation.set(operationId, [...(perOperation.get(operationId) ?? []), `${context}.${operationId}`]);
  }
  const banner1 = `// ${banner}`;
  const files = new Map<string, string>();
  for (const [context, { options, schemas }] of contexts) {
    files.set(`requestValidators/${context}.cjs`, `${banner1}\n${compileStandalone(schemas, options)}\n`);
  }
  files.set(
    'requestValidators/index.js',
    [
      banner1,
      "// openapi-backend's request validators per operationId, in its order, compiled by `npm run generate`.",
      ...[...contexts.keys()].map((context) => `import ${context} from './${context}.cjs';`),
      '',
      'export const requestValidators = {',
      ...[...perOperation].map(([operationId, validators]) => `  ${operationId}: [${validators.join(', ')}],`),
      '};',
      '',
    ].join('\n'),
  );
  files.set(
    'requestValidators/index.d.ts',
    [
      banner1,
      "import type { ValidateFunction } from 'ajv';",
      '',
      `export declare const requestValidators: {\n${[...perOperation.keys()].map((id) => `  readonly ${id}: ValidateFunction[];`).join('\n')}\n};`,
      '',
    ].join('\n'),
  );
  return files;
}
