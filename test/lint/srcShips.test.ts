// src/ is exactly what ships in the Lambda: every file under it is reached from a Lambda entry (handler, pre-traffic
// hook) through the real bundling config, so a dev-only file put in src/ fails here.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambda, lambdaEntry, preTrafficHookEntry } from '../../config/lambdaBundling.js';

const root = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'src-ships-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const srcFiles = () =>
  readdirSync(join(root, 'src'), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `src/${file}`)
    .sort();

/** The src/ files esbuild bundled for an entry: its static imports and the chunks of its dynamic `import()`s. */
function bundled(entry: string): Set<string> {
  const { metafile } = buildLambda(join(out, entry.replace(/\W/g, '_')), entry);
  return new Set(Object.keys(metafile.inputs).filter((input) => input.startsWith('src/')));
}

/**
 * Adds the modules the bundled ones import for their types only (ports, the response shape): esbuild erases such
 * imports, so its metafile cannot list them, yet they are the shipped code's own types, read here with TypeScript.
 */
function withTypeImports(files: Set<string>): Set<string> {
  const reached = new Set(files);
  const queue = [...files];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, false);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = relative(root, resolve(root, dirname(file), fileName.replace(/\.js$/, '.ts')));
      if (!target.startsWith('src/') || reached.has(target)) continue;
      reached.add(target);
      queue.push(target);
    }
  }
  return reached;
}

let api: Set<string>;
let hook: Set<string>;
beforeAll(() => {
  api = bundled(lambdaEntry);
  hook = bundled(preTrafficHookEntry);
});

describe('src/ is what ships', () => {
  it('holds exactly the files the Lambda entries reach: nothing dev-only', () => {
    // Act
    const shipped = withTypeImports(new Set([...api, ...hook]));

    // Assert
    expect(srcFiles().filter((file) => !shipped.has(file))).toEqual([]);
    expect([...shipped].filter((file) => !srcFiles().includes(file))).toEqual([]);
  });

  it('tells the entries apart: the hook reaches none of the API, so an unreached file would be found', () => {
    // Assert
    expect(api.has('src/pipeline/requestSteps.ts')).toBe(true);
    expect([...hook].sort()).toEqual(['src/config.ts', 'src/hooks/preTraffic.ts', 'src/hooks/preTrafficHandler.ts']);
    expect(srcFiles().filter((file) => !withTypeImports(hook).has(file)).length).toBeGreaterThan(10);
  });
});
