// `npm run synth` on this machine as a new user would run it: the real CDK CLI, no AWS credentials, no network.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const out = mkdtempSync(path.join(tmpdir(), 'cdk-out-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run synth', () => {
  it('synthesizes the dev stage offline without credentials, cdk-nag included', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
    const result = await run('npm', ['run', 'synth', '--', '--output', out], {
      env: { ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
      timeout: 170_000,
    });

    expect(result.stderr).not.toMatch(/finished with errors/i);
    const template = path.join(out, 'UsersApi-dev.template.json');
    expect(existsSync(template)).toBe(true);
    const resources = Object.values(JSON.parse(readFileSync(template, 'utf8')).Resources) as { Type: string }[];
    expect(resources.map((r) => r.Type)).toContain('AWS::ApiGateway::RestApi');
  }, 180_000);
});
