// The deployed artefact (bundled with config/lambdaBundling.ts) carries no schema compiler and no run-time router
// framework: what the precompiled validators and SpecBackend replaced must not creep back into the cold path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBundling, lambdaEntry } from '../../config/lambdaBundling.js';

const dir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Lambda bundle', () => {
  it('contains neither ajv’s compiler nor openapi-backend, only the DynamoDB clients of the AWS SDK', async () => {
    // Arrange
    const { banner, ...options } = lambdaBundling;

    // Act
    const { metafile } = await build({
      ...options,
      mainFields: [...options.mainFields],
      external: [...options.external],
      banner: { js: banner },
      entryPoints: [lambdaEntry],
      bundle: true,
      outfile: join(dir, 'index.mjs'),
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(metafile.inputs);

    // Assert
    expect(inputs.filter((f) => /node_modules\/(openapi-backend|lodash|js-yaml|@apidevtools)\//.test(f))).toEqual([]);
    expect(inputs.filter((f) => /node_modules\/ajv\/dist\/(compile|core|vocabularies)\//.test(f))).toEqual([]);
    expect(inputs.some((f) => f.includes('generated/requestValidators/'))).toBe(true);
    // The slim runtime spec only: schemas are precompiled, prose is not needed in the Lambda.
    expect(inputs.filter((f) => f.endsWith('generated/openapi.json'))).toEqual([]);
    const clients = new Set(inputs.flatMap((f) => /node_modules\/@aws-sdk\/(client-[^/]+)\//.exec(f)?.[1] ?? []));
    expect([...clients]).toEqual(['client-dynamodb']);
  });
});
