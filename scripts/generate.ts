// `npm run generate`: derives everything in generated/ from openapi/ (scripts/generation.ts).
// `--check` writes nothing and fails when the committed files differ from what the spec generates;
// `--out DIR` uses another directory than generated/ (the drift test uses it).
import { resolve } from 'node:path';
import { generate } from './generation.js';

const outFlag = process.argv.indexOf('--out');
const outDir = outFlag === -1 ? undefined : resolve(process.argv[outFlag + 1] ?? '');
const check = process.argv.includes('--check');
const files = await generate({ check, ...(outDir === undefined ? {} : { outDir }) });
if (check) {
  if (files.length > 0) {
    console.error(`generated/ is out of date with openapi/: ${files.join(', ')}. Run \`npm run generate\` and commit.`);
    process.exit(1);
  }
  console.log('generated/ matches openapi/.');
} else console.log(`generated ${files.join(', ')}`);
