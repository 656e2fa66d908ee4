// The deployed artefact (built by config/lambdaBundling.ts, as the stack does) runs on openapi-backend, patched, with
// precompiled validators, and what only some requests need stays out of what a cold start loads.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambda, type LambdaArtefact, lambdaBuildDir } from '../../config/lambdaBundling.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let artefact: LambdaArtefact;
/** The source files (relative to the repo) bundled into the artefact's files, at start or on demand. */
const inputsOf = (loadedAtStart: boolean) => {
  const names = new Set(artefact.files.filter((f) => f.loadedAtStart === loadedAtStart).map((f) => f.name));
  return Object.entries(artefact.metafile.outputs)
    .filter(([output]) => names.has(relative(artefact.dir, resolve(root, output))))
    .flatMap(([, { inputs }]) => Object.keys(inputs));
};

beforeAll(() => {
  artefact = buildLambda(dir);
});

describe('the Lambda artefact', () => {
  it('contains openapi-backend, patched, and precompiled validators; only the DynamoDB, Secrets Manager and S3 clients of the AWS SDK', () => {
    const inputs = Object.keys(artefact.metafile.inputs);

    expect(inputs.some((f) => f.includes('node_modules/openapi-backend/backend.js'))).toBe(true);
    // patches/openapi-backend+*.patch, applied by `npm ci` (postinstall): the router builds its operations once.
    const code = artefact.files.map((f) => readFileSync(join(artefact.dir, f.name), 'utf8')).join('\n');
    expect(code).toContain('operationsCache');
    expect(inputs.some((f) => f.includes('generated/requestValidators/'))).toBe(true);
    // The slim runtime spec only: schemas are precompiled, prose is not needed in the Lambda.
    expect(inputs.filter((f) => f.endsWith('generated/openapi.json'))).toEqual([]);
    const clients = new Set(inputs.flatMap((f) => /node_modules\/@aws-sdk\/(client-[^/]+)\//.exec(f)?.[1] ?? []));
    expect([...clients].sort()).toEqual(['client-dynamodb', 'client-s3', 'client-secrets-manager']);
    // Loaded by the init only where the stack passes the secret's ARN: not locally, nor by the cold-start benchmark.
    const secretsClient = (f: string) => f.includes('node_modules/@aws-sdk/client-secrets-manager/');
    expect(inputsOf(true).filter(secretsClient)).toEqual([]);
    expect(inputsOf(false).some(secretsClient)).toBe(true);
  });

  it('leaves what a quick-mode openapi-backend never runs (document parser, spec validator) out of the cold start', () => {
    const atStart = inputsOf(true);
    const onDemand = inputsOf(false);
    const unused = /node_modules\/(@apidevtools\/json-schema-ref-parser|js-yaml|openapi-schema-validator)\//;

    expect(atStart.filter((f) => unused.test(f))).toEqual([]);
    expect(onDemand.some((f) => unused.test(f))).toBe(true);
  });

  it('answers through openapi-backend when run as the Lambda runs it', async () => {
    const script = `const { handler } = await import(${JSON.stringify(join(artefact.dir, 'index.mjs'))});
      const event = (path) => ({ httpMethod: 'GET', path, resource: path, headers: {}, requestContext: { requestId: 'r1', path } });
      const hello = await handler(event('/hello'), { awsRequestId: 'a1' });
      const missing = await handler(event('/nope'), { awsRequestId: 'a2' });
      console.log(JSON.stringify([hello.statusCode, JSON.parse(hello.body).message, missing.statusCode, JSON.parse(missing.body).type]));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', TABLE_NAME: 'users', POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual([
      200,
      'Hello from the Users API',
      404,
      '/problems/not-found',
    ]);
  });

  it('leaves what openapi-backend requires on first use only (Ajv, qs, mock-json-schema with lodash) out of the cold start, and ships it', async () => {
    const firstUse = /node_modules\/(ajv\/dist\/(core|ajv|compile\/index)\.js|qs|lodash|mock-json-schema)\//;
    expect(inputsOf(true).filter((f) => firstUse.test(f) || f.includes('node_modules/lodash/'))).toEqual([]);
    // The precompiled validators' Ajv runtime is what a cold start needs of Ajv.
    expect(artefact.files.find((f) => f.name === 'node_modules/ajv/dist/runtime/ucs2length.js')?.loadedAtStart).toBe(
      true,
    );
    for (const name of [
      'node_modules/ajv/index.js',
      'node_modules/qs/index.js',
      'node_modules/mock-json-schema/index.js',
    ]) {
      expect(artefact.files.find((f) => f.name === name)?.loadedAtStart).toBe(false);
    }
    // Required from the artefact as openapi-backend requires them, they work: no node_modules but the artefact's.
    const script = `const { createRequire } = await import('node:module');
      const require = createRequire(${JSON.stringify(join(artefact.dir, 'index.mjs'))});
      const Ajv = require('ajv').default;
      const valid = new Ajv().compile({ type: 'object', required: ['a'] });
      const qs = require('qs');
      const { mock } = require('mock-json-schema');
      console.log(JSON.stringify([valid({ a: 1 }), valid({}), qs.parse('a[b]=1'), typeof mock({ type: 'string' }), require.resolve('qs')]));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpdir() });
    expect(JSON.parse(stdout.trim())).toEqual([
      true,
      false,
      { a: { b: '1' } },
      'string',
      join(artefact.dir, 'node_modules/qs/index.js'),
    ]);
  });

  it('exports promise-style handlers only, API and pre-traffic hook: nodejs24.x has no callback handlers', async () => {
    const hook = buildLambda(join(dir, 'hook'), 'src/hooks/preTrafficHandler.ts');
    const script = `for (const file of ${JSON.stringify([join(artefact.dir, 'index.mjs'), join(hook.dir, 'index.mjs')])}) {
        const { handler } = await import(file);
        console.log(typeof handler, handler.length);
      }`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        TABLE_NAME: 'users',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        TARGET_VERSION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:users:2',
      },
    });
    // (event, context) at most: a third parameter is the callback Node 24's runtime refuses.
    expect(stdout.trim().split('\n').slice(-2)).toEqual(['function 2', 'function 1']);
  });

  it('loads the tracer, idempotency, jose, S3 and response validators on demand only, never at cold start', () => {
    const lazy =
      /node_modules\/(aws-xray-sdk-core|cls-hooked|jose|@aws-sdk\/(client-s3|s3-presigned-post|s3-request-presigner)|@aws-lambda-powertools\/(tracer|idempotency))\/|generated\/responseValidators\//;

    const atStart = inputsOf(true);
    const onDemand = inputsOf(false);

    expect(atStart.filter((f) => lazy.test(f))).toEqual([]);
    expect(atStart.some((f) => f.includes('generated/requestValidators/'))).toBe(true);
    for (const part of [
      'aws-xray-sdk-core',
      '@aws-lambda-powertools/idempotency',
      'jose',
      'generated/responseValidators',
      '@aws-sdk/client-s3',
      '@aws-sdk/s3-presigned-post',
    ]) {
      expect(onDemand.some((f) => f.includes(part))).toBe(true);
    }
    expect(artefact.files.find((f) => f.name === 'index.mjs')?.loadedAtStart).toBe(true);
  });

  it('is the same bytes from the same source, so a deploy ships a new version only when the code changed', () => {
    const again = buildLambda(mkdtempSync(join(tmpdir(), 'lambda-bundle-again-')));
    try {
      const contents = (a: LambdaArtefact) =>
        Object.fromEntries(a.files.map((f) => [f.name, readFileSync(join(a.dir, f.name), 'utf8')]));
      expect(contents(again)).toEqual(contents(artefact));
    } finally {
      rmSync(again.dir, { recursive: true, force: true });
    }
  });
});

describe('the build folders of a synth', () => {
  it('sit inside the checkout, and builds older than an hour (no synth still reads them) are removed', () => {
    const old = lambdaBuildDir();
    const hoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(old, hoursAgo, hoursAgo);
    const fresh = lambdaBuildDir();
    expect(relative(root, fresh)).toMatch(/^cdk\.out\/lambda\/build-\w+$/);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(old)).toBe(false);
    rmSync(fresh, { recursive: true, force: true });
  });
});
