// A scratch copy of the repository, as a fresh clone has it, for proofs that edit the spec and run the tools there.
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
  '.build',
  'reports',
  'coverage',
  '.stryker-tmp',
  'cdk-outputs.json',
]);

/** Copies the repository (its node_modules symlinked, not copied) into a new git repository; returns its path. */
export function copyRepository(prefix: string): string {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  cpSync(root, copy, {
    recursive: true,
    filter: (source) => !SKIPPED.has(source.slice(root.length + 1).split('/')[0] ?? ''),
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  // A repository of its own, as a clone is: HEAD is the tree before any edit (spec:diff takes git refs).
  const git = (...args: string[]) => execFileSync('git', args, { cwd: copy, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=scratch', '-c', 'user.email=scratch@localhost', 'commit', '-q', '-m', 'scratch copy');
  return copy;
}

/** Sets the next minor `info.version` in a copy's openapi/openapi.yaml: the bump a new capability takes. */
export function bumpMinorVersion(dir: string): void {
  const specPath = join(dir, 'openapi/openapi.yaml');
  const spec = readFileSync(specPath, 'utf8');
  const [major, minor] = (/^ {2}version: (\d+)\.(\d+)\.\d+$/m.exec(spec) ?? []).slice(1).map(Number);
  writeFileSync(specPath, spec.replace(/^ {2}version: .*$/m, `  version: ${major}.${(minor ?? 0) + 1}.0`));
}

/** The files that differ from the copy's HEAD (changed, added or deleted), as git status names them. */
export function changedFiles(copy: string): string[] {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: copy, encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(3))
    .sort();
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
