// Bundles a Lambda entry with exactly the esbuild options the CDK stack deploys with (config/lambdaBundling.ts).
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { lambdaBundling } from '../config/lambdaBundling.js';

const root = resolve(import.meta.dirname, '..');

export interface Bundle {
  file: string;
  sizeKb: number;
  /** Minified KB per npm package (or per project folder), largest first. */
  parts: [string, number][];
}

/** Writes `<outDir>/index.mjs` (+ source map) and returns its path, minified size and what it is made of. */
export async function bundleLambda(entry: string, outDir: string): Promise<Bundle> {
  const { banner, ...options } = lambdaBundling;
  const file = join(outDir, 'index.mjs');
  const { metafile } = await build({
    metafile: true,
    ...options,
    mainFields: [...options.mainFields],
    external: [...options.external],
    banner: { js: banner },
    entryPoints: [resolve(root, entry)],
    bundle: true,
    outfile: file,
    logLevel: 'error',
  });
  const parts = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
      parts.set(name, (parts.get(name) ?? 0) + bytesInOutput / 1024);
    }
  }
  return { file, sizeKb: statSync(file).size / 1024, parts: [...parts].sort((a, b) => b[1] - a[1]) };
}
