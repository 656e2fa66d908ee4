// A field is a spec change: in a scratch copy, `nickname` is added to openapi/ alone, the generators run, and the
// field reaches the types, the bundled spec (docs, mock), the client, validation, responses and DynamoDB.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyWithNickname } from '../../scripts/fieldCopy.js';
import { binIn, runIn } from '../helpers/scratchCommands.js';

let copy = '';
const inCopy = (command: string, args: string[], env: Record<string, string> = {}) => runIn(copy, command, args, env);
const bin = (name: string) => binIn(copy, name);

beforeAll(async () => {
  copy = copyWithNickname();
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
