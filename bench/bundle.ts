// Builds a Lambda entry exactly as the CDK stack does (config/lambdaBundling.ts) and says what it is made of.
import { join, relative, resolve } from 'node:path';
import { buildLambda } from '../config/lambdaBundling.js';

const root = resolve(import.meta.dirname, '..');

export interface Bundle {
  /** The entry file (index.mjs); its chunks are beside it. */
  file: string;
  /** Minified KB of the files a cold start loads (the entry and its static imports). */
  startKb: number;
  /** Minified KB of the whole artefact, with the chunks loaded on demand. */
  totalKb: number;
  /** Minified KB per npm package (or per project folder), largest first: loaded at start, and on demand. */
  parts: { atStart: [string, number][]; onDemand: [string, number][] };
}

const packageOf = (input: string) =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');

const sorted = (parts: Map<string, number>) => [...parts].sort((a, b) => b[1] - a[1]);

export function bundleLambda(entry: string, outDir: string): Bundle {
  const { dir, files, metafile } = buildLambda(outDir, entry);
  const loadedAtStart = new Set(files.filter((f) => f.loadedAtStart).map((f) => f.name));
  const atStart = new Map<string, number>();
  const onDemand = new Map<string, number>();
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    if (!/\.m?js$/.test(output)) continue;
    const parts = loadedAtStart.has(relative(dir, resolve(root, output))) ? atStart : onDemand;
    for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
      parts.set(packageOf(input), (parts.get(packageOf(input)) ?? 0) + bytesInOutput / 1024);
    }
  }
  const kb = (list: typeof files) => list.reduce((sum, f) => sum + f.bytes, 0) / 1024;
  return {
    file: join(dir, 'index.mjs'),
    startKb: kb(files.filter((f) => f.loadedAtStart)),
    totalKb: kb(files),
    parts: { atStart: sorted(atStart), onDemand: sorted(onDemand) },
  };
}
