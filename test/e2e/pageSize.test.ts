// Raising the page size is one edit in openapi/ (Limit.yaml's maximum): in a scratch copy, the lists' bounds follow
// it, the lint and the versioning policy accept it, and a list of 150 users answers 200 through the real handler.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bumpMinorVersion, copyRepository } from '../../scripts/scratchCopy.js';
import { binIn, runIn } from '../helpers/scratchCommands.js';

let copy = '';
const inCopy = (command: string, args: string[], env: Record<string, string> = {}) => runIn(copy, command, args, env);
const bin = (name: string) => binIn(copy, name);

beforeAll(async () => {
  copy = copyRepository('page-size-');
  // The edit: the page size, and the minor version any new capability takes.
  const limitPath = join(copy, 'openapi/components/parameters/Limit.yaml');
  const limit = readFileSync(limitPath, 'utf8');
  expect(limit).toMatch(/^ {2}maximum: 100$/m);
  writeFileSync(limitPath, limit.replace(/^ {2}maximum: 100$/m, '  maximum: 200'));
  bumpMinorVersion(copy);
  await inCopy(bin('tsx'), ['scripts/generate.ts']);
}, 180_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('raising the page size to 200 in Limit.yaml alone', () => {
  it('changes nothing else by hand: the generator derives the lists that a page bounds', async () => {
    const { stdout } = await inCopy('git', ['status', '--porcelain']);
    const edited = stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(3));
    const generated = (path: string) =>
      path.startsWith('generated/') ||
      path === 'clients/typescript/src/api.ts' ||
      readFileSync(join(copy, path), 'utf8').startsWith('# DO NOT EDIT: generated');
    expect(edited.filter((path) => !generated(path)).sort()).toEqual([
      'openapi/components/parameters/Limit.yaml',
      'openapi/openapi.yaml',
    ]);
    const list = JSON.parse(readFileSync(join(copy, 'generated/openapi.json'), 'utf8')).components.schemas.UserList;
    expect([list.properties.users.maxItems, list.properties.count.maximum]).toEqual([200, 200]);
  });

  it('passes the spec lint, whose consistency rules compare the page size with the lists', async () => {
    await inCopy(bin('redocly'), ['lint'], { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' });
  }, 120_000);

  it('is classified non-breaking by spec:check, the larger lists with it, so a minor version passes', async () => {
    const { stdout } = await inCopy(bin('tsx'), ['scripts/specDiff.ts', '--check', '--head', 'generated/openapi.json']);
    expect(stdout).not.toContain('BREAKING');
    expect(stdout).toMatch(/^ok +maximum changed from `100` to `200`\n +at GET \/users query parameter limit/m);
    expect(stdout).toMatch(/^ok +maxItems of `users` changed from `100` to `200` \(with the raised page size/m);
    expect(stdout).toContain('follows the versioning policy');
  }, 120_000);

  it('answers a list of 150 users with 200 and all 150, through the real handler on DynamoDB Local', async () => {
    const { stdout } = await inCopy(bin('tsx'), ['test/probes/pageSizeProbe.ts'], {
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      all: [200, 150, 150, false],
      exactly: [200, 150, 150, false],
      byDefault: [200, 25, 25, true],
      over: [400, 'limit'],
    });
  }, 120_000);
});
