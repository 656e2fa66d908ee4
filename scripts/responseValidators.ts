// Compiles every documented response body schema into standalone ajv code (generated/responseValidators/).
// One per path, method, status and media type, so checking responses against the spec (VALIDATE_RESPONSES) needs no
// schema compiler in the Lambda.
import { HTTP_METHODS } from '../config/openapi.js';
import { dereference } from './dereference.js';
import { compileStandalone } from './requestValidators.js';

type Json = Record<string, unknown>;

/** The JSON pointer of a schema in the bundled spec: the key responseConformance looks validators up by. */
export const schemaPointer = (...segments: string[]) =>
  `#/${segments.map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

export function generateResponseValidators(spec: Json, banner: string): Map<string, string> {
  const schemas: Record<string, Json> = {};
  /** Pointer → validator name; identical schemas (the problem body of every error response) share one validator. */
  const pointers: [string, string][] = [];
  const byText = new Map<string, string>();
  for (const [path, rawItem] of Object.entries((spec.paths ?? {}) as Json)) {
    const item = dereference(spec, rawItem) as Json;
    for (const method of HTTP_METHODS) {
      const responses = ((item[method] as Json | undefined)?.responses ?? {}) as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        for (const [mediaType, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
          if (media.schema === undefined) continue;
          const text = JSON.stringify(media.schema);
          let name = byText.get(text);
          if (name === undefined) {
            name = `response${byText.size}`;
            byText.set(text, name);
            schemas[name] = media.schema as Json;
          }
          pointers.push([
            schemaPointer('paths', path, method, 'responses', status, 'content', mediaType, 'schema'),
            name,
          ]);
        }
      }
    }
  }
  return new Map([
    [
      'responseValidators/validators.cjs',
      `// ${banner}\n${compileStandalone(schemas, { strict: false, allErrors: true })}\n`,
    ],
    [
      'responseValidators/index.js',
      [
        `// ${banner}`,
        '// Response body validators keyed by the JSON pointer of their schema in generated/openapi.json.',
        "import validators from './validators.cjs';",
        '',
        'export const responseValidators = {',
        ...pointers.map(([pointer, name]) => `  ${JSON.stringify(pointer)}: validators.${name},`),
        '};',
        '',
      ].join('\n'),
    ],
    [
      'responseValidators/index.d.ts',
      [
        `// ${banner}`,
        "import type { ValidateFunction } from 'ajv';",
        '',
        'export declare const responseValidators: Readonly<Record<string, ValidateFunction>>;',
        '',
      ].join('\n'),
    ],
  ]);
}
