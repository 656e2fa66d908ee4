// The Redocly plugin that keeps the spec importable by API Gateway: each unsupported construct is reported.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the api-gateway Redocly plugin', () => {
  it('reports discriminator, oneOf/anyOf, readOnly, schema examples, int32/int64 and response $refs', async () => {
    // Arrange: only the plugin's rules, on a fixture that breaks each of them
    const dir = mkdtempSync(join(tmpdir(), 'apigw-lint-'));
    const config = join(dir, 'redocly.yaml');
    writeFileSync(
      config,
      [
        `plugins: ['${resolve('openapi/plugins/api-gateway.js')}']`,
        'rules:',
        ...[
          'no-discriminator',
          'no-one-of-any-of',
          'no-read-only',
          'no-schema-example',
          'no-int-format',
          'no-response-ref',
        ].map((rule) => `  api-gateway/${rule}: error`),
      ].join('\n'),
    );

    // Act
    const result = await run(
      'npx',
      [
        'redocly',
        'lint',
        resolve('test/fixtures/api-gateway-incompatible.yaml'),
        '--config',
        config,
        '--format',
        'json',
      ],
      { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    ).catch((error: { stdout: string; code: number }) => error);

    // Assert
    expect((result as { code?: number }).code).toBe(1);
    const report = JSON.parse((result as { stdout: string }).stdout) as { problems: { ruleId: string }[] };
    expect(new Set(report.problems.map((p) => p.ruleId))).toEqual(
      new Set([
        'api-gateway/no-discriminator',
        'api-gateway/no-one-of-any-of',
        'api-gateway/no-read-only',
        'api-gateway/no-schema-example',
        'api-gateway/no-int-format',
        'api-gateway/no-response-ref',
      ]),
    );
  });
});
