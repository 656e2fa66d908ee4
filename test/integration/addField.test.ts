// A field is a spec change: in a scratch copy, `nickname` is added to openapi/ alone, the generators run, and the
// field reaches the types, the bundled spec (docs, mock), the client, validation, responses and DynamoDB.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const skipped = new Set(['node_modules', '.git', '.data', 'cdk.out', 'reports', 'coverage', 'cdk-outputs.json']);
const copy = mkdtempSync(join(tmpdir(), 'add-field-'));
/** Runs a command in the copy; the bounded timeout keeps a hung tool from holding the shared machine. */
const inCopy = (command: string, args: string[], env: Record<string, string> = {}) =>
  run(command, args, { cwd: copy, timeout: 180_000, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
const bin = (name: string) => join(copy, 'node_modules/.bin', name);

const NICKNAME = `  nickname:
    type: string
    description: What the user likes to be called.
    minLength: 1
    maxLength: 40
`;

beforeAll(async () => {
  cpSync(root, copy, {
    recursive: true,
    filter: (source) => !skipped.has(source.slice(root.length + 1).split('/')[0] ?? ''),
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  // The only edits, both in openapi/: the field, and the minor version a new optional field is (CHANGELOG policy).
  const fieldsPath = join(copy, 'openapi/components/schemas/userFields.yaml');
  writeFileSync(fieldsPath, `${readFileSync(fieldsPath, 'utf8')}${NICKNAME}`);
  const specPath = join(copy, 'openapi/openapi.yaml');
  const spec = readFileSync(specPath, 'utf8');
  const [major, minor] = (/^ {2}version: (\d+)\.(\d+)\.\d+$/m.exec(spec) ?? []).slice(1).map(Number);
  writeFileSync(specPath, spec.replace(/^ {2}version: .*$/m, `  version: ${major}.${(minor ?? 0) + 1}.0`));
  await inCopy(bin('tsx'), ['scripts/generate.ts']);
  await inCopy(bin('tsx'), ['scripts/specRelease.ts']);
}, 240_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('adding an optional user field by editing openapi/ alone', () => {
  it('reaches the generated types, the bundled spec the docs and the mock serve, and the client', () => {
    const bundle = JSON.parse(readFileSync(join(copy, 'generated/openapi.json'), 'utf8'));
    for (const schema of ['User', 'CreateUserRequest', 'UpdateUserRequest']) {
      expect(bundle.components.schemas[schema].properties.nickname, schema).toMatchObject({ maxLength: 40 });
    }
    expect(bundle.components.schemas.User.required).not.toContain('nickname');
    expect(readFileSync(join(copy, 'generated/api.d.ts'), 'utf8')).toContain('nickname?: string;');
    expect(readFileSync(join(copy, 'clients/typescript/src/api.ts'), 'utf8')).toContain('nickname?: string;');
  });

  it('passes the typecheck, the lint and the generated and contract checks of npm test', async () => {
    await inCopy(bin('tsc'), ['--noEmit']);
    await inCopy('npm', ['run', '-s', 'lint']);
    await inCopy(bin('tsx'), ['scripts/generate.ts', '--check']);
    await inCopy(bin('tsx'), ['scripts/specDiff.ts', '--check']);
  }, 240_000);

  it('is validated, answered and stored by the real handler on DynamoDB Local', async () => {
    const { stdout } = await inCopy(bin('tsx'), ['test/fieldProbe/nicknameProbe.ts'], {
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      created: [201, 'Countess'],
      updated: [200, 'Enchantress'],
      read: [200, 'Enchantress'],
      stored: 'Enchantress',
      refused: [400, '/nickname'],
    });
  }, 60_000);

  it('passes the domain, handler and repository tests in the copy', async () => {
    await inCopy(bin('vitest'), ['run', 'test/unit/domain.test.ts', 'test/unit/handler.test.ts', 'test/repository']);
  }, 240_000);
});
