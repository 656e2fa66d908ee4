// The drift check: generated/ must be exactly what openapi/ generates, and a hand edit is caught.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const check = (dir: string) => run('npx', ['tsx', 'scripts/generate.ts', '--check', '--out', dir]);

describe('npm run generate:check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'generated-'));
    cpSync('generated', dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on the committed files', async () => {
    const { stdout } = await check(dir);
    expect(stdout).toContain('generated/ matches openapi/');
  });

  it('fails when a generated file was edited by hand', async () => {
    const types = join(dir, 'api.d.ts');
    writeFileSync(
      types,
      readFileSync(types, 'utf8').replace('userId: components["schemas"]["UserId"];', 'userId: number;'),
    );
    await expect(check(dir)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('api.d.ts') });
  });

  it('fails when the bundled spec was edited by hand', async () => {
    const specPath = join(dir, 'openapi.json');
    const spec = JSON.parse(readFileSync(specPath, 'utf8'));
    spec.components.schemas.User.properties.isAdmin = { type: 'boolean' };
    writeFileSync(specPath, `${JSON.stringify(spec, null, 2)}\n`);
    await expect(check(dir)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('openapi.json') });
  });
});
