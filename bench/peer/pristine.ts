// The peer's openapi-backend as npm ships it: node_modules/openapi-backend copied with this project's patch taken out.
// So the bench compares against what a user would otherwise run.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/** patch-package's own patch applier (it ships no types), run in reverse. */
const { applyPatch } = createRequire(import.meta.url)('patch-package/dist/applyPatches.js') as {
  applyPatch(options: {
    patchFilePath: string;
    reverse: boolean;
    patchDir: string;
    cwd: string;
    bestEffort: boolean;
    patchDetails: { pathSpecifier: string };
  }): boolean;
};

const root = resolve(import.meta.dirname, '../..');
/** Inside the project's node_modules, so the copy's own requires (lodash, ajv, ...) resolve to the same packages. */
export const peerRoot = join(root, 'node_modules/.cache/users-api-bench-peer');
export const pristineDir = join(peerRoot, 'node_modules/openapi-backend');

export function preparePristineOpenapiBackend(): string {
  rmSync(peerRoot, { recursive: true, force: true });
  cpSync(join(root, 'node_modules/openapi-backend'), pristineDir, { recursive: true });
  for (const name of readdirSync(join(root, 'patches')).filter((n) => n.startsWith('openapi-backend+'))) {
    applyPatch({
      patchFilePath: join(root, 'patches', name),
      reverse: true,
      patchDir: 'patches',
      cwd: peerRoot,
      bestEffort: false,
      patchDetails: { pathSpecifier: 'openapi-backend' },
    });
  }
  if (
    !existsSync(join(pristineDir, 'router.js')) ||
    readFileSync(join(pristineDir, 'router.js'), 'utf8').includes('operationsCache')
  ) {
    throw new Error('could not take the patch back out of the peer copy of openapi-backend');
  }
  return pristineDir;
}

/** The peer's Lambda entry (generated next to the pristine copy, which it imports), for bench/bundle.ts. */
export function writePeerLambdaEntry(): string {
  preparePristineOpenapiBackend();
  const entry = join(peerRoot, 'peerLambda.entry.ts');
  writeFileSync(
    entry,
    [
      "import { OpenAPIBackend } from './node_modules/openapi-backend/index.js';",
      `import { createPeerLambda } from ${JSON.stringify(join(root, 'bench/peer/peerLambda.ts'))};`,
      'export const handler = createPeerLambda(OpenAPIBackend);',
      '',
    ].join('\n'),
  );
  return entry;
}

/** The pristine OpenAPIBackend class, for the in-process benchmarks. */
export const loadPristineOpenapiBackend = (): typeof import('openapi-backend').OpenAPIBackend =>
  createRequire(import.meta.url)(preparePristineOpenapiBackend()).OpenAPIBackend;
