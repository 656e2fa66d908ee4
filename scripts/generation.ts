// What `npm run generate` derives from openapi/ (scripts/generate.ts is the command; npm start's reload calls it too).
// First the user schemas from userFields.yaml and the page schemas from Limit.yaml, then the bundled spec, the
// TypeScript types, the precompiled request and response validators, the slim spec the Lambda routes by, and the
// operation registry (src/operations/index.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { bundleSpecInProcess } from './bundleSpec.js';
import { generateOperationIndex, OPERATION_INDEX } from './operationIndex.js';
import { generatePageSchemas } from './pageSchemas.js';
import { generateRequestValidators } from './requestValidators.js';
import { generateResponseValidators } from './responseValidators.js';
import { generateRuntimeSpec } from './runtimeSpec.js';
import { generateUserSchemas } from './userSchemas.js';

const root = resolve(import.meta.dirname, '..');
/** The client package builds from its own copy of the types, so its .d.ts files stand alone. */
const clientTypes = join(root, 'clients/typescript/src/api.ts');
const banner = 'DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.';

/** The bundled spec, as the files in generated/ were built from it. */
let bundled: object = {};

async function build(): Promise<Map<string, string>> {
  const spec = { 'x-generated': banner, ...(await bundleSpecInProcess(root)) };
  bundled = spec;
  const types = astToString(await openapiTS(structuredClone(spec), { exportType: true, alphabetize: false }));
  return new Map([
    ['openapi.json', `${JSON.stringify(spec, null, 2)}\n`],
    ['api.d.ts', `// ${banner}\n\n${types}`],
    ...(await generateRequestValidators(spec, banner)),
    ...generateResponseValidators(spec, banner),
    ['runtimeSpec.json', generateRuntimeSpec(spec)],
  ]);
}

export interface GenerateOptions {
  /** Write nothing; report the files that differ from what the spec generates. */
  readonly check?: boolean;
  /** Another directory than generated/ (the drift test's); then only generated/'s own files are made. */
  readonly outDir?: string;
}

/** What `npm run generate` does: the files written (or, with `check`, those that drifted), relative to the root. */
export async function generate({ check = false, outDir }: GenerateOptions = {}): Promise<string[]> {
  const out = outDir ?? join(root, 'generated');
  // The user and page schemas are sources of the bundle, so they are written (or checked) before it is built.
  const sourceSchemas = new Map(
    [...generateUserSchemas(root), ...generatePageSchemas(root)].map(([name, text]) => [join(root, name), text]),
  );
  if (!check) for (const [path, text] of sourceSchemas) writeFileSync(path, text);
  const files = new Map([...(await build())].map(([name, text]) => [join(out, name), text]));
  if (outDir === undefined) {
    for (const [path, text] of sourceSchemas) files.set(path, text);
    // The drift test's --out checks generated/ alone; the client's copy is checked with the real generated/.
    files.set(clientTypes, files.get(join(out, 'api.d.ts')) ?? '');
    // The operation registry lives beside the operations it imports; like the client's types, checked with generated/.
    files.set(join(root, OPERATION_INDEX), generateOperationIndex(bundled, banner));
  }
  if (check) {
    return [...files]
      .filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text)
      .map(([path]) => relative(root, path));
  }
  for (const [path, text] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return [...files.keys()].map((path) => relative(root, path));
}
