// A scratch copy of the repository in which an optional `nickname` is added to the user by editing openapi/ alone.
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

const NICKNAME = `  nickname:
    type: string
    description: What the user likes to be called.
    minLength: 1
    maxLength: 40
`;

/** Copies the repository (its node_modules symlinked, not copied) and adds the field; returns the copy's path. */
export function copyWithNickname(): string {
  const copy = mkdtempSync(join(tmpdir(), 'add-field-'));
  cpSync(root, copy, {
    recursive: true,
    filter: (source) => !SKIPPED.has(source.slice(root.length + 1).split('/')[0] ?? ''),
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
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
  writeFileSync(fieldsPath, `${fields}${NICKNAME}`);
  const specPath = join(dir, 'openapi/openapi.yaml');
  const spec = readFileSync(specPath, 'utf8');
  const [major, minor] = (/^ {2}version: (\d+)\.(\d+)\.\d+$/m.exec(spec) ?? []).slice(1).map(Number);
  writeFileSync(specPath, spec.replace(/^ {2}version: .*$/m, `  version: ${major}.${(minor ?? 0) + 1}.0`));
}
