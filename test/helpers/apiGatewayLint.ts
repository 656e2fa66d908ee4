// Lints a document with the project's API Gateway import rules (the Redocly plugin) plus OpenAPI structure.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const plugin = path.resolve('openapi/plugins/api-gateway.js');
const redocly = path.resolve('node_modules/.bin/redocly');

/** CloudFormation intrinsics (Fn::Join, Ref…) stand where strings will be: replace them by a placeholder string. */
export function withoutIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIntrinsics);
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::'))) return 'resolved-at-deploy';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutIntrinsics(v)]));
  }
  return value;
}

export async function lintForApiGateway(document: unknown): Promise<{ errors: number; output: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'apigw-lint-'));
  try {
    await writeFile(path.join(dir, 'openapi.json'), JSON.stringify(withoutIntrinsics(document)));
    await writeFile(
      path.join(dir, 'redocly.yaml'),
      [
        `plugins: ['${plugin}']`,
        'rules:',
        '  struct: error',
        '  no-unresolved-refs: error',
        '  api-gateway/no-discriminator: error',
        '  api-gateway/no-one-of-any-of: error',
        '  api-gateway/no-read-only: error',
        '  api-gateway/no-schema-example: error',
        '  api-gateway/no-int-format: error',
        '  api-gateway/no-response-ref: error',
      ].join('\n'),
    );
    const result = await run(redocly, ['lint', 'openapi.json', '--config', 'redocly.yaml', '--format', 'json'], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }));
    const report = JSON.parse(result.stdout) as { totals: { errors: number } };
    return { errors: report.totals.errors, output: result.stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
