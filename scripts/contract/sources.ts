// Where the two sides of a contract comparison come from: the released snapshot, a file, a git ref, or openapi/.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleSpec } from '../bundleSpec.js';
import type { Spec } from './policy.js';

export const root = resolve(import.meta.dirname, '../..');
export const releasedPath = join(root, 'contract/released/openapi.json');
export const changelogPath = join(root, 'CHANGELOG-API.md');
export const clientPackagePath = join(root, 'clients/typescript/package.json');

/** `BASE`: nothing for the released snapshot, a JSON file, or a git ref whose committed bundle is read. */
export function loadBase(base: string | undefined): { spec: Spec; label: string } {
  if (base === undefined) return { spec: readJson(releasedPath), label: 'the released contract' };
  if (existsSync(base)) return { spec: readJson(base), label: base };
  try {
    // generated/openapi.json is the bundle of that commit's openapi/ (generate:check keeps them equal).
    const text = execFileSync('git', ['show', `${base}:generated/openapi.json`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { spec: JSON.parse(text), label: base };
  } catch {
    throw new Error(`BASE ${base} is neither a file nor a git ref with generated/openapi.json`);
  }
}

/** The spec being checked: a JSON file, or openapi/ bundled now. */
export const loadHead = (file: string | undefined): Spec => (file ? readJson(file) : (bundleSpec() as unknown as Spec));

export const readJson = (path: string): Spec => JSON.parse(readFileSync(path, 'utf8'));
