// A scratch copy of the repository in which an optional `nickname` is added to the user by editing openapi/ alone.
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

/** The field as a developer adds it; free text takes the text rule of UserName.yaml (the contract suite checks it). */
function nickname(dir: string): string {
  const userName = readFileSync(join(dir, 'openapi/components/schemas/UserName.yaml'), 'utf8');
  const textRule = /^pattern: .*$/m.exec(userName)?.[0] ?? '';
  return `  nickname:
    type: string
    description: What the user likes to be called, as visible text.
    minLength: 1
    maxLength: 40
    ${textRule}
`;
}

/** Copies the repository (its node_modules symlinked, not copied) and adds the field; returns the copy's path. */
export function copyWithNickname(): string {
  const copy = mkdtempSync(join(tmpdir(), 'add-field-'));
  cpSync(root, copy, {
    recursive: true,
    filter: (source) => !SKIPPED.has(source.slice(root.length + 1).split('/')[0] ?? ''),
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  // A repository of its own, as a clone is: HEAD is the tree before the field (spec:diff takes git refs).
  const git = (...args: string[]) => execFileSync('git', args, { cwd: copy, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=add-field', '-c', 'user.email=add-field@localhost', 'commit', '-q', '-m', 'scratch copy');
  addNickname(copy);
  return copy;
}

/**
 * The only edits, both in openapi/: the field, and the minor version a new optional field is (CHANGELOG policy).
 * A copy made by `npm run check:add-field` has the field already: its own addField test finds it there and edits nothing.
 */
function addNickname(dir: string): void {
  const fieldsPath = join(dir, 'openapi/components/schemas/userFields.yaml');
  const fields = readFileSync(fieldsPath, 'utf8');
  if (/^ {2}nickname:$/m.test(fields)) return;
  writeFileSync(fieldsPath, `${fields}${nickname(dir)}`);
  const specPath = join(dir, 'openapi/openapi.yaml');
  const spec = readFileSync(specPath, 'utf8');
  const [major, minor] = (/^ {2}version: (\d+)\.(\d+)\.\d+$/m.exec(spec) ?? []).slice(1).map(Number);
  writeFileSync(specPath, spec.replace(/^ {2}version: .*$/m, `  version: ${major}.${(minor ?? 0) + 1}.0`));
}
