// The drift check: a hand edit of generated/ is caught, naming the files edited and no others. That the committed
// files pass is `npm test`'s own `generate:check` step, run once per run rather than again here.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const check = (dir: string) => run('npx', ['tsx', 'scripts/generate.ts', '--check', '--out', dir]);
const dir = mkdtempSync(join(tmpdir(), 'generated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run generate:check', () => {
  it('fails naming each generated file edited by hand (the types, the bundled spec) and no other', async () => {
    // Arrange
    cpSync('generated', dir, { recursive: true });
    const types = join(dir, 'api.d.ts');
    writeFileSync(
      types,
      readFileSync(types, 'utf8').replace('userId: components["schemas"]["UserId"];', 'userId: number;'),
    );
    const specPath = join(dir, 'openapi.json');
    const spec = JSON.parse(readFileSync(specPath, 'utf8'));
    spec.components.schemas.User.properties.isAdmin = { type: 'boolean' };
    writeFileSync(specPath, `${JSON.stringify(spec, null, 2)}\n`);

    // Act
    const failure = await check(dir).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );

    // Assert
    expect(failure?.code).toBe(1);
    const named = /out of date with openapi\/: (.*)\. Run/.exec(failure?.stderr ?? '')?.[1]?.split(', ');
    expect(named?.map((path) => path.split('/').at(-1)).sort()).toEqual(['api.d.ts', 'openapi.json']);
  });
});
