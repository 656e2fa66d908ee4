// The layer rules in biome.json fail `npm run lint`: each is shown catching the imports it forbids, on a scratch tree.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const biome = join(process.cwd(), 'node_modules/.bin/biome');
const scratch = mkdtempSync(join(tmpdir(), 'layer-rules-'));
cpSync('biome.json', join(scratch, 'biome.json'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Diagnostic {
  category: string;
  message: string;
  location: { path: string };
}

/** One scratch file per import, all linted by one biome run: the diagnostics of each file, by the import it makes. */
async function lintImports(cases: { file: string; from: string }[]): Promise<Map<string, Diagnostic[]>> {
  const files = cases.map(({ file, from }, i) => {
    const path = file.replace(/\.ts$/, `-${i}.ts`);
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), `import { x } from '${from}';\n\nexport const y = x;\n`);
    return path;
  });
  const args = ['lint', '--colors=off', '--reporter=json', '--max-diagnostics=none', ...files];
  // biome exits 1 when it reports an error: the report is on stdout either way.
  const { stdout } = await run(biome, args, { cwd: scratch }).catch((error: { stdout: string }) => error);
  const { diagnostics } = JSON.parse(stdout) as { diagnostics: Diagnostic[] };
  return new Map(
    cases.map(({ file, from }, i) => [`${file} ${from}`, diagnostics.filter((d) => d.location.path === files[i])]),
  );
}

/** Each rule: where the importing file is, what it may not import, and the words its message starts with. */
const forbidden: { rule: string; file: string; imports: string[] }[] = [
  {
    rule: 'src/ is what ships in the Lambda',
    file: 'src/http/scratch.ts',
    imports: [
      '../../local/gateway/gateway.js',
      '../../apiGateway/apiGatewaySpec.js',
      '../../infra/lib/api-stack.js',
      '../../bench/run.js',
      '../../scripts/generate.js',
      '../../test/helpers/seed.js',
    ],
  },
  {
    rule: 'src/ is what ships in the Lambda',
    file: 'src/handler.ts',
    imports: ['../local/main.js', '../apiGateway/declaredScopes.js', '../test/helpers/localApi.js'],
  },
  {
    rule: 'src/domain is pure rules',
    file: 'src/domain/scratch.ts',
    imports: [
      '@aws-sdk/client-dynamodb',
      '@aws-lambda-powertools/logger',
      'node:http',
      'openapi-backend',
      '../http/httpErrors.js',
      '../lambda/createHandler.js',
      '../pipeline/steps.js',
      '../repository/DynamoUsersRepository.js',
      '../storage/S3AvatarStore.js',
      '../idempotency/idempotencyGuard.js',
    ],
  },
  // The shipped-code rule still holds in the folders that have rules of their own.
  { rule: 'src/ is what ships in the Lambda', file: 'src/domain/scratch.ts', imports: ['../../local/devAuth.js'] },
  {
    rule: 'src/operations is what each operation does',
    file: 'src/operations/scratch.ts',
    imports: [
      '@aws-sdk/lib-dynamodb',
      'openapi-backend',
      '../lambda/defaultApi.js',
      '../pipeline/pipeline.js',
      '../repository/DynamoUsersRepository.js',
      '../storage/S3AvatarStore.js',
    ],
  },
  { rule: 'src/ is what ships in the Lambda', file: 'src/operations/scratch.ts', imports: ['../../local/devAuth.js'] },
  {
    rule: 'apiGateway/ builds the imported document from the spec and config/ alone',
    file: 'apiGateway/scratch.ts',
    imports: [
      '../src/config.js',
      '../local/gateway/gateway.js',
      '../infra/lib/api-stack.js',
      '../test/helpers/seed.js',
    ],
  },
  {
    rule: 'local/ runs src/ behind the local gateway',
    file: 'local/gateway/scratch.ts',
    imports: [
      '../../infra/lib/api-stack.js',
      '../../bench/run.js',
      '../../scripts/generate.js',
      '../../test/helpers/seed.js',
    ],
  },
  {
    rule: 'infra/ deploys src/ and apiGateway/',
    file: 'infra/lib/scratch.ts',
    imports: ['../../local/devAuth.js', '../../bench/run.js', '../../test/helpers/seed.js'],
  },
];

const allowed: { file: string; imports: string[] }[] = [
  { file: 'src/domain/scratch.ts', imports: ['./domainErrors.js', '../../generated/api.js'] },
  {
    file: 'src/operations/scratch.ts',
    imports: ['../domain/etag.js', './types.js', '../repository/UsersRepository.js', '../storage/AvatarStore.js'],
  },
  { file: 'src/pipeline/scratch.ts', imports: ['../operations/index.js', 'openapi-backend', '../http/cors.js'] },
  { file: 'apiGateway/scratch.ts', imports: ['../config/timeBudget.js', './gatewayResponses.js'] },
  {
    file: 'local/gateway/scratch.ts',
    imports: ['../../src/lambda/createHandler.js', '../../apiGateway/apiGatewaySpec.js', '../../config/stages.js'],
  },
  {
    file: 'infra/lib/scratch.ts',
    imports: [
      '../../src/repository/usersTable.js',
      '../../apiGateway/declaredScopes.js',
      '../../config/stages.js',
      '../../scripts/cost/prices.js',
    ],
  },
];

const cases = [...forbidden, ...allowed].flatMap(({ file, imports }) => imports.map((from) => ({ file, from })));
let linted: Map<string, Diagnostic[]>;
beforeAll(async () => {
  linted = await lintImports(cases);
});
const diagnosticsOf = (file: string, from: string) => linted.get(`${file} ${from}`) ?? [];

describe('layer rules', () => {
  for (const { rule, file, imports } of forbidden) {
    for (const from of imports) {
      it(`${file} may not import ${from}: "${rule}"`, () => {
        expect(diagnosticsOf(file, from)).toContainEqual(
          expect.objectContaining({
            category: 'lint/style/noRestrictedImports',
            message: expect.stringContaining(rule),
          }),
        );
      });
    }
  }

  for (const { file, imports } of allowed) {
    for (const from of imports) {
      it(`${file} may import ${from}`, () => {
        expect(diagnosticsOf(file, from)).toEqual([]);
      });
    }
  }
});
