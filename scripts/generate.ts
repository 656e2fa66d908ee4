// `npm run generate`: derives everything in generated/ from openapi/.
// First the user schemas from userFields.yaml and the page schemas from Limit.yaml, then the bundled spec, the
// TypeScript types, the precompiled request and response validators, and the slim spec the Lambda routes by.
// `--check` writes nothing and fails when the committed files differ from what the spec generates;
// `--out DIR` uses another directory than generated/ (the drift test uses it).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { bundleSpec } from './bundleSpec.js';
import { generatePageSchemas } from './pageSchemas.js';
import { generateRequestValidators } from './requestValidators.js';
import { generateResponseValidators } from './responseValidators.js';
import { generateRuntimeSpec } from './runtimeSpec.js';
import { generateUserSchemas } from './userSchemas.js';

const root = resolve(import.meta.dirname, '..');
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag === -1 ? join(root, 'generated') : resolve(process.argv[outFlag + 1] ?? '');
/** The client package builds from its own copy of the types, so its .d.ts files stand alone. */
const clientTypes = join(root, 'clients/typescript/src/api.ts');
const banner = 'DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.';

async function build(): Promise<Map<string, string>> {
  const spec = { 'x-generated': banner, ...bundleSpec(root) };
  const types = astToString(await openapiTS(structuredClone(spec), { exportType: true, alphabetize: false }));
  return new Map([
    ['openapi.json', `${JSON.stringify(spec, null, 2)}\n`],
    ['api.d.ts', `// ${banner}\n\n${types}`],
    ...(await generateRequestValidators(spec, banner)),
    ...generateResponseValidators(spec, banner),
    ['runtimeSpec.json', generateRuntimeSpec(spec)],
  ]);
}

const check = process.argv.includes('--check');
// The user and page schemas are sources of the bundle, so they are written (or checked) before it is built.
const sourceSchemas = new Map(
  [...generateUserSchemas(root), ...generatePageSchemas(root)].map(([name, text]) => [join(root, name), text]),
);
if (!check) for (const [path, text] of sourceSchemas) writeFileSync(path, text);
const files = new Map([...(await build())].map(([name, text]) => [join(outDir, name), text]));
if (outFlag === -1) for (const [path, text] of sourceSchemas) files.set(path, text);
// The drift test's --out checks generated/ alone; the client's copy is checked with the real generated/.
if (outFlag === -1) files.set(clientTypes, files.get(join(outDir, 'api.d.ts')) ?? '');
if (check) {
  const drifted = [...files].filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text);
  if (drifted.length > 0) {
    console.error(
      `generated/ is out of date with openapi/: ${drifted.map(([path]) => relative(root, path)).join(', ')}. Run \`npm run generate\` and commit.`,
    );
    process.exit(1);
  }
  console.log('generated/ matches openapi/.');
} else {
  for (const [path, text] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  console.log(`generated ${[...files.keys()].map((path) => relative(root, path)).join(', ')}`);
}
