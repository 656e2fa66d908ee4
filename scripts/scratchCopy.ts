// A scratch copy of the repository in which a check makes a developer's edits: a git repository of its own, as a clone is.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

/**
 * Runs these npm scripts in the copy, in order, as a developer would after the edit; removes the copy when all pass,
 * and otherwise exits 1 keeping it for a look.
 */
export function runInCopy(check: string, copy: string, scripts: readonly string[]): void {
  for (const script of scripts) {
    console.log(`${check}: npm run ${script}`);
    const { status } = spawnSync('npm', ['run', script], { cwd: copy, stdio: 'inherit' });
    if (status !== 0) {
      console.error(`${check}: npm run ${script} failed (exit ${status}); the copy is kept in ${copy}`);
      process.exit(1);
    }
  }
  rmSync(copy, { recursive: true, force: true });
}
