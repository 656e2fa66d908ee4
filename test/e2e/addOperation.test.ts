// An operation is the spec plus one file: in a scratch copy, GET /me is added as the spec, one operation file and one
// test file (nothing else by hand), the generators run, and the copy's checks and the tests it touches pass.
// `npm run check:add-operation` runs the copy's whole npm test; this is the bounded proof of the same.
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWithMe, handEditedFiles } from '../../scripts/operationCopy.js';
import { changedFiles } from '../../scripts/scratchCopy.js';
import { binIn, runIn } from '../helpers/scratchCommands.js';

let copy = '';
let handEdits: string[] = [];
const inCopy = (command: string, args: string[]) => runIn(copy, command, args);
const bin = (name: string) => binIn(copy, name);
/** The command's combined output when it fails, or '' when it passes. */
const failureOf = (command: Promise<unknown>) =>
  command.then(
    () => '',
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
  );

let withoutOperationFile = '';
beforeAll(async () => {
  copy = copyWithMe();
  handEdits = changedFiles(copy);
  // The spec names getMe before its file exists: the generated registry imports it, and the typecheck says so.
  const operationFile = join(copy, 'src/operations/getMe.ts');
  renameSync(operationFile, `${operationFile}.aside`);
  await inCopy(bin('tsx'), ['scripts/generate.ts']);
  withoutOperationFile = await failureOf(inCopy(bin('tsc'), ['--noEmit']));
  renameSync(`${operationFile}.aside`, operationFile);
  await inCopy(bin('tsx'), ['scripts/specRelease.ts']);
}, 300_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('adding GET /me as the spec, one operation file and one test file', () => {
  it('is edited by hand in exactly those files (git status in the copy)', () => {
    expect(handEdits).toEqual(handEditedFiles());
    expect(handEdits.filter((file) => file.startsWith('src/'))).toEqual(['src/operations/getMe.ts']);
    expect(handEdits.filter((file) => file.startsWith('test/'))).toEqual(['test/integration/getMe.test.ts']);
    expect(handEdits.filter((file) => !/^(src|test)\//.test(file)).every((file) => file.startsWith('openapi/'))).toBe(
      true,
    );
  });

  it('is registered by npm run generate: a missing operation file fails the typecheck, naming it', () => {
    expect(withoutOperationFile).toContain("Cannot find module './getMe.js'");
    const registry = readFileSync(join(copy, 'src/operations/index.ts'), 'utf8');
    expect(registry).toContain("import { getMe } from './getMe.js';");
    expect(registry).toMatch(/AuthenticatedOperation =[^;]*'getMe'/);
  });

  it('passes the typecheck, the lint and the generated and contract checks of npm test', async () => {
    await inCopy(bin('tsc'), ['--noEmit']);
    await inCopy('npm', ['run', '-s', 'lint']);
    await inCopy(bin('tsx'), ['scripts/generate.ts', '--check']);
    await inCopy(bin('tsx'), ['scripts/specDiff.ts', '--check']);
  }, 300_000);

  it('passes its own test and the tests that derive operations and scopes from the spec, in the copy', async () => {
    await inCopy(bin('vitest'), [
      'run',
      'test/integration/getMe.test.ts',
      'test/integration/scopes.test.ts',
      'test/unit/declaredScopes.test.ts',
      'test/unit/pipeline.test.ts',
      'test/infra/apiGatewaySpec.test.ts',
    ]);
  }, 300_000);
});
