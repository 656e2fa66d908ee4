// The page schemas are derived from the page size: Limit.yaml's maximum is the one place it is written.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generatePageSchemas } from '../../scripts/pageSchemas.js';

const root = resolve(import.meta.dirname, '../..');
let scratch = '';
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A repository root holding only a Limit.yaml whose schema is `schema`. */
function withLimit(schema: Record<string, unknown>): string {
  scratch = mkdtempSync(join(tmpdir(), 'page-schemas-'));
  mkdirSync(join(scratch, 'openapi/components/parameters'), { recursive: true });
  writeFileSync(join(scratch, 'openapi/components/parameters/Limit.yaml'), JSON.stringify({ name: 'limit', schema }));
  return scratch;
}

const userList = (files: Map<string, string>) => parse(files.get('openapi/components/schemas/UserList.yaml') ?? '');

describe('generatePageSchemas', () => {
  it('bounds the list and its count by the page size, and takes the cursor from its one schema', () => {
    const list = userList(generatePageSchemas(withLimit({ type: 'integer', minimum: 1, maximum: 200, default: 25 })));

    expect(list.properties.users).toEqual({ type: 'array', maxItems: 200, items: { $ref: 'User.yaml' } });
    expect(list.properties.count).toMatchObject({ type: 'integer', minimum: 0, maximum: 200 });
    expect(list.properties.nextCursor).toEqual({ $ref: 'Cursor.yaml' });
    expect(list).toMatchObject({ required: ['users', 'count'], additionalProperties: false });
  });

  it('is what UserList.yaml holds (the drift check compares the same)', () => {
    const [[path, text]] = [...generatePageSchemas(root)] as [[string, string]];
    expect(readFileSync(join(root, path), 'utf8')).toBe(text);
  });

  it('refuses a page size that is not a positive integer', () => {
    expect(() => generatePageSchemas(withLimit({ type: 'integer', minimum: 1 }))).toThrow(
      'parameters/Limit.yaml: schema.maximum must be a positive integer, got undefined',
    );
    expect(() => generatePageSchemas(withLimit({ type: 'integer', maximum: 0 }))).toThrow(/got 0/);
  });
});
