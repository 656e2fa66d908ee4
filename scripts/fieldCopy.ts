// A scratch copy of the repository in which an optional `nickname` is added to the user by editing openapi/ alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bumpMinorVersion, copyRepository } from './scratchCopy.js';

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

/** Copies the repository (see scratchCopy.ts) and adds the field; returns the copy's path. */
export function copyWithNickname(): string {
  const copy = copyRepository('add-field-');
  addNickname(copy);
  return copy;
}

/**
 * The only edits, both in openapi/: the field, and the minor version a new optional field is (CHANGELOG policy).
 * A copy made by `npm run check:add-field` has the field already: its own addField test finds it there and edits nothing.
 */
export function addNickname(dir: string): void {
  const fieldsPath = join(dir, 'openapi/components/schemas/userFields.yaml');
  const fields = readFileSync(fieldsPath, 'utf8');
  if (/^ {2}nickname:$/m.test(fields)) return;
  writeFileSync(fieldsPath, `${fields}${nickname(dir)}`);
  bumpMinorVersion(dir);
}
