// Bundles openapi/ into one OpenAPI document with redocly (the same bundle `npm run generate` writes to generated/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OpenAPI3 } from 'openapi-typescript';

const root = resolve(import.meta.dirname, '..');

/** The bundled spec of `cwd`'s openapi/ (redocly's `source` api in redocly.yaml). */
export function bundleSpec(cwd = root): OpenAPI3 {
  const tmp = mkdtempSync(join(tmpdir(), 'users-api-bundle-'));
  try {
    const bundlePath = join(tmp, 'openapi.json');
    try {
      execFileSync(join(root, 'node_modules/.bin/redocly'), ['bundle', 'source', '--output', bundlePath], {
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
