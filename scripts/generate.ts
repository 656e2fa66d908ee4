// Derives everything in generated/ from openapi/: the bundled spec, the TypeScript types and the precompiled
// request and response validators, and the slim spec the Lambda routes by.
// `--check` writes nothing and fails when the committed files differ from what the spec generates;
// `--out DIR` uses another directory than generated/ (the drift test uses it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { generateRequestValidators } from './requestValidators.js';
import { generateResponseValidators } from './responseValidators.js';
import { generateRuntimeSpec } from './runtimeSpec.js';

const root = resolve(import.meta.dirname, '..');
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag === -1 ? join(root, 'generated') : resolve(process.argv[outFlag + 1] ?? '');
const banner = 'DO NOT EDIT: generated from openapi/ by `npm run generate`; CI fails when this file drifts.';

async function build(): Promise<Map<string, string>> {
  const tmp = mkdtempSync(join(tmpdir(), 'users-api-bundle-'));
  try {
    const bundlePath = join(tmp, 'openapi.json');
    try {
      execFileSync(join(root, 'node_modules/.bin/redocly'), ['bundle', 'source', '--output', bundlePath], {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      console.error(String((error as { stderr?: Buffer }).stderr ?? error));
      throw new Error('redocly could not bundle openapi/ (see above)');
    }
    const spec = { 'x-generated': banner, ...JSON.parse(readFileSync(bundlePath, 'utf8')) };
    const types = astToString(await openapiTS(structuredClone(spec), { exportType: true, alphabetize: false }));
    return new Map([
      ['openapi.json', `${JSON.stringify(spec, null, 2)}\n`],
      ['api.d.ts', `// ${banner}\n\n${types}`],
      ...generateRequestValidators(spec, banner),
      ...generateResponseValidators(spec, banner),
      ['runtimeSpec.json', generateRuntimeSpec(spec)],
    ]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const files = await build();
if (process.argv.includes('--check')) {
  const drifted = [...files].filter(([name, text]) => {
    const path = join(outDir, name);
    return !existsSync(path) || readFileSync(path, 'utf8') !== text;
  });
  if (drifted.length > 0) {
    console.error(
      `generated/ is out of date with openapi/: ${drifted.map(([n]) => n).join(', ')}. Run \`npm run generate\` and commit.`,
    );
    process.exit(1);
  }
  console.log('generated/ matches openapi/.');
} else {
  for (const [name, text] of files) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), text);
  }
  console.log(`generated ${[...files.keys()].join(', ')}`);
}
