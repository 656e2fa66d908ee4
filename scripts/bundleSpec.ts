// Bundles openapi/ into one OpenAPI document with redocly (the same bundle `npm run generate` writes to generated/).
// In process with @redocly/openapi-core 2 (what `redocly bundle` runs), its config loaded once per checkout; the CLI
// form stays for the scripts that need a synchronous answer. test/integration/bundleSpec.test.ts holds the two identical.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type Config, loadConfig, bundle as redoclyBundle } from '@redocly/openapi-core';
import type { OpenAPI3 } from 'openapi-typescript';

const root = resolve(import.meta.dirname, '..');
/** The api in redocly.yaml whose root and decorators make the bundle. */
const API = 'source';
/** The top-level order `redocly bundle` writes an OpenAPI 3 document in (its sortTopLevelKeysForOas). */
const TOP_LEVEL = [
  'openapi',
  'info',
  'jsonSchemaDialect',
  'servers',
  'security',
  'tags',
  'externalDocs',
  'paths',
  'webhooks',
  'x-webhooks',
  'components',
];

/** The bundled spec of `cwd`'s openapi/, by `redocly bundle source` (a process of its own). */
export function bundleSpec(cwd = root): OpenAPI3 {
  const tmp = mkdtempSync(join(tmpdir(), 'users-api-bundle-'));
  try {
    const bundlePath = join(tmp, 'openapi.json');
    try {
      execFileSync(join(root, 'node_modules/.bin/redocly'), ['bundle', API, '--output', bundlePath], {
        cwd,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      throw new Error(`redocly could not bundle openapi/:\n${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }
    return JSON.parse(readFileSync(bundlePath, 'utf8'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const configs = new Map<string, Promise<Config>>();

/** The same bundle in this process: what `redocly bundle source` does, without a process and its start per call. */
export async function bundleSpecInProcess(cwd = root): Promise<OpenAPI3> {
  const configPath = join(cwd, 'redocly.yaml');
  let loading = configs.get(configPath);
  if (loading === undefined) {
    loading = loadConfig({ configPath });
    configs.set(configPath, loading);
    loading.catch(() => configs.delete(configPath));
  }
  const config = await loading;
  const apiRoot = config.resolvedConfig.apis?.[API]?.root;
  if (apiRoot === undefined) throw new Error(`redocly.yaml names no \`${API}\` api`);
  const { bundle, problems } = await redoclyBundle({
    ref: resolve(dirname(configPath), apiRoot),
    config: config.forAlias(API),
  });
  // The CLI writes no bundle when a problem is an error (a $ref that resolves to nothing, a file that does not parse).
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    const where = ({ location }: (typeof errors)[number]) =>
      location[0] === undefined ? '' : ` (${location[0].source.absoluteRef}${location[0].pointer ?? ''})`;
    throw new Error(`redocly could not bundle openapi/:\n${errors.map((p) => `${p.message}${where(p)}`).join('\n')}`);
  }
  const document = bundle.parsed as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL) if (Object.hasOwn(document, key)) ordered[key] = document[key];
  return Object.assign(ordered, document) as unknown as OpenAPI3;
}
