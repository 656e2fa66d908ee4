// Bundles a Lambda entry with exactly the esbuild options the CDK stack deploys with (config/lambdaBundling.ts).
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { lambdaBundling } from '../config/lambdaBundling.js';

const root = resolve(import.meta.dirname, '..');

/** Writes `<outDir>/index.mjs` (+ source map) and returns its path and minified size in KB. */
export async function bundleLambda(entry: string, outDir: string): Promise<{ file: string; sizeKb: number }> {
  const { banner, ...options } = lambdaBundling;
  const file = join(outDir, 'index.mjs');
  await build({
    ...options,
    mainFields: [...options.mainFields],
    external: [...options.external],
    banner: { js: banner },
    entryPoints: [resolve(root, entry)],
    bundle: true,
    outfile: file,
    logLevel: 'error',
  });
  return { file, sizeKb: statSync(file).size / 1024 };
}
