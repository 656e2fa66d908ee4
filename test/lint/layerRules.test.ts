// The layer rules in biome.json fail `npm run lint`: each is shown catching one import it forbids, on a scratch tree.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const biome = join(process.cwd(), 'node_modules/.bin/biome');
const scratch = mkdtempSync(join(tmpdir(), 'layer-rules-'));
cpSync('biome.json', join(scratch, 'biome.json'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Lints one scratch file at `path` with the repository's biome.json; the diagnostics it prints, or '' when clean. */
async function lint(path: string, source: string): Promise<string> {
  const file = join(scratch, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  try {
    await run(biome, ['lint', '--colors=off', path], { cwd: scratch });
    return '';
  } catch (error) {
    return (
      String((error as { stdout?: string; stderr?: string }).stderr ?? '') +
      String((error as { stdout?: string }).stdout ?? '')
    );
  } finally {
    rmSync(file);
  }
}

describe('layer rules', () => {
  it('refuses AWS and HTTP in src/domain', async () => {
    const out = await lint(
      'src/domain/scratch.ts',
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n\nexport const client = DynamoDBClient;\n",
    );
    expect(out).toContain('lint/style/noRestrictedImports');
    expect(out).toContain('src/domain is pure rules');
    const http = await lint(
      'src/domain/scratch.ts',
      "import { HttpError } from '../http/errors.js';\n\nexport const e = HttpError;\n",
    );
    expect(http).toContain('src/domain is pure rules');
  });

  it('refuses infra/, bench/ and test/ anywhere in src/', async () => {
    for (const target of ['../../infra/lib/stack.js', '../../bench/run.js', '../../test/helpers/seed.js']) {
      const out = await lint('src/http/scratch.ts', `import { x } from '${target}';\n\nexport const y = x;\n`);
      expect(out, target).toContain('src/ is the shipped code');
    }
  });

  it('refuses src/local in src/operations', async () => {
    const out = await lint(
      'src/operations/scratch.ts',
      "import { x } from '../local/gateway.js';\n\nexport const y = x;\n",
    );
    expect(out).toContain('src/operations runs the same in Lambda and locally');
  });

  it('lets through what the layers allow', async () => {
    expect(
      await lint(
        'src/domain/scratch.ts',
        "import { UserNotFound } from './errors.js';\n\nexport const e = UserNotFound;\n",
      ),
    ).toBe('');
    expect(
      await lint('src/local/scratch.ts', "import { x } from '../operations/index.js';\n\nexport const y = x;\n"),
    ).toBe('');
  });
});
