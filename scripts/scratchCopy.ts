// A scratch copy of the repository in which a check makes a developer's edits: a git repository of its own, as a clone is.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
/** What a clone does not have, or what a run writes: left out of the copy. */
const SKIPPED = new Set([
  'node_modules',
  '.git',
  '.data',
  'cdk.out',
  'reports',
  'coverage',
  '.stryker-tmp',
  'cdk-outputs.json',
]);

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

/** Copies the repository (its node_modules symlinked, not copied) and commits it: HEAD is the tree before any edit. */
export function scratchCopy(prefix: string): string {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  cpSync(root, copy, {
    recursive: true,
    filter: (source) => !SKIPPED.has(source.slice(root.length + 1).split('/')[0] ?? ''),
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  git(copy, 'init', '-q');
  git(copy, 'add', '-A');
  git(copy, '-c', 'user.name=scratch', '-c', 'user.email=scratch@localhost', 'commit', '-q', '-m', 'scratch copy');
  return copy;
}

/** The files that differ from the copy's HEAD (changed, added or deleted), as git status names them. */
export function changedFiles(copy: string): string[] {
  return git(copy, 'status', '--porcelain', '--untracked-files=all')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(3))
    .sort();
}

/** Raises the spec's `info.version` to the next minor one, as an addition to the contract is (CHANGELOG policy). */
export function bumpMinorVersion(copy: string): void {
  const specPath = join(copy, 'openapi/openapi.yaml');
  const spec = readFileSync(specPath, 'utf8');
  const [major, minor] = (/^ {2}version: (\d+)\.(\d+)\.\d+$/m.exec(spec) ?? []).slice(1).map(Number);
  writeFileSync(specPath, spec.replace(/^ {2}version: .*$/m, `  version: ${major}.${(minor ?? 0) + 1}.0`));
}
