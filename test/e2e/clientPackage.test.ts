// The typed client as a frontend in another repository gets it: `npm pack`, installed from the tarball into a scratch
// TypeScript project outside this repository, where a right call compiles and a wrong one does not.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const spec = JSON.parse(readFileSync(join(root, 'generated/openapi.json'), 'utf8'));

const right = `import { createUsersClient, type User } from '@users-api/client';
const api = createUsersClient({ baseUrl: 'http://127.0.0.1:3000', token: () => 'token', apiKey: 'key' });
export async function create(): Promise<User | undefined> {
  const { data, error } = await api.POST('/users', { body: { name: 'Ada', email: 'ada@example.com' } });
  if (error) return undefined;
  return data.user;
}
`;
// The body lacks the required email and the path parameter is missing: both must be compile errors.
const wrong = `import { createUsersClient } from '@users-api/client';
const api = createUsersClient({ baseUrl: 'http://127.0.0.1:3000' });
await api.POST('/users', { body: { name: 'Ada' } });
await api.GET('/users/{userId}', { params: { path: {} } });
`;

/** The folders in node_modules of a package's dependencies, and of theirs. */
function dependencyClosure(packageDir: string, found = new Set<string>()): string[] {
  const { dependencies = {} } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  for (const name of Object.keys(dependencies)) {
    const dir = join(root, 'node_modules', name);
    if (found.has(dir)) continue;
    found.add(dir);
    dependencyClosure(dir, found);
  }
  return [...found];
}

describe('the client package', () => {
  let dir: string;
  let project: string;
  let tarball: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'users-api-client-'));
    await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: join(root, 'clients/typescript') });
    tarball = join(dir, readdirSync(dir).find((f) => f.startsWith('users-api-client-')) ?? 'missing.tgz');
    // Offline: the client's dependencies are packed from this repository's node_modules, as `npm ci` installed them.
    const dependencies = dependencyClosure(join(root, 'clients/typescript'));
    await run('npm', ['pack', '--pack-destination', dir, '--silent', ...dependencies], { cwd: dir });
    project = join(dir, 'frontend');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'frontend', private: true, type: 'module' }));
    const compilerOptions = {
      strict: true,
      module: 'NodeNext',
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      noEmit: true,
      types: [],
    };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['main.ts'] }));
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    await run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs.map((f) => join(dir, f))],
      {
        cwd: project,
      },
    );
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is versioned with the contract and ships JavaScript and declarations only', () => {
    expect(tarball).toContain(`users-api-client-${spec.info.version}.tgz`);
    const installed = join(project, 'node_modules/@users-api/client');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.version).toBe(spec.info.version);
    expect(manifest.dependencies).toHaveProperty('openapi-fetch');
    expect(readdirSync(join(installed, 'dist')).sort()).toEqual(['api.d.ts', 'api.js', 'index.d.ts', 'index.js']);
  });

  it('ships a frontend openapi-fetch and nothing else: its module imports none at run time', () => {
    const { dependencies } = JSON.parse(readFileSync(join(root, 'clients/typescript/package.json'), 'utf8'));
    expect(Object.keys(dependencies)).toEqual(['openapi-fetch']);
    // openapi-typescript-helpers, its one declared dependency, is types only (docs/api.md: why it stays).
    const code = readFileSync(join(root, 'node_modules/openapi-fetch/dist/index.mjs'), 'utf8');
    expect(code.length).toBeGreaterThan(1000);
    expect(code).not.toMatch(/^\s*import\s|\brequire\(|\bimport\(/m);
  });

  it('type-checks a right call', async () => {
    writeFileSync(join(project, 'main.ts'), right);
    await expect(run('node', [tsc, '-p', project])).resolves.toBeDefined();
  }, 60_000);

  it('rejects a wrong call at compile time, naming what is wrong', async () => {
    writeFileSync(join(project, 'main.ts'), wrong);
    const failed = await run('node', [tsc, '-p', project]).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toMatch(/main\.ts\(3,[^\n]*\n[^\n]*Property 'email' is missing/);
    expect(failed.stdout).toMatch(/main\.ts\(4,.*Property 'userId' is missing/);
  }, 60_000);

  it('runs as plain ESM in Node', async () => {
    const { stdout } = await run(
      'node',
      ['--input-type=module', '-e', "import('@users-api/client').then((m) => console.log(typeof m.createUsersClient))"],
      { cwd: project },
    );
    expect(stdout.trim()).toBe('function');
  });
});
