// `npm start` and `npm run start:memory`: local/main.ts run by plain node, from a build esbuild makes on first use.
// tsx compiles every module as the process loads it; one prebuilt file per part loads in a fraction of that. The build
// (main, its parts loaded later in chunks of their own, and the handler's first worker; the packages stay in
// node_modules) is made again whenever a file it was built from changed: a start always runs the sources as they are.
// Plain JavaScript: it runs before anything can compile TypeScript (Node strips the types of nodeBundle.ts alone).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { NODE_BUNDLE } from './nodeBundle.ts';

const root = resolve(import.meta.dirname, '..');
/** Per checkout (not node_modules/.cache: scratch copies share their node_modules with the checkout they came from). */
const outdir = join(root, '.build/local');
const manifest = join(outdir, 'sources.json');

const hashOf = (file) => {
  try {
    return createHash('sha1')
      .update(readFileSync(join(root, file)))
      .digest('hex');
  } catch {
    return 'missing';
  }
};

/** Every file the build was made from (and this launcher) has the content it had then. */
function fresh() {
  if (!existsSync(manifest)) return false;
  const sources = JSON.parse(readFileSync(manifest, 'utf8'));
  return Object.entries(sources).every(([file, hash]) => hashOf(file) === hash);
}

async function build() {
  const started = performance.now();
  const { build } = await import('esbuild');
  // Built aside and moved in whole: a start never loads half a build.
  const staging = `${outdir}-${process.pid}`;
  const result = await build({
    entryPoints: { main: 'local/main.ts', handlerWorker: 'local/reload/handlerWorker.ts' },
    absWorkingDir: root,
    outdir: staging,
    ...NODE_BUNDLE,
    // What main imports on demand (the gateway, s3rver, DynamoDB's client) loads only when it does.
    splitting: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  const sources = Object.fromEntries([...inputs, 'local/start.mjs'].map((file) => [file, hashOf(file)]));
  writeFileSync(join(staging, 'sources.json'), JSON.stringify(sources, null, 1));
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
  console.log(`Built the local entry (.build/local/, ${Math.round(performance.now() - started)} ms): a source changed`);
}

// Two starts in one checkout (a terminal and a test, two tests) build one at a time; the second finds the build fresh.
mkdirSync(join(root, '.build'), { recursive: true });
const release = await lockfile.lock(join(root, '.build'), {
  lockfilePath: join(root, '.build/local.lock'),
  stale: 30_000,
  retries: { retries: 200, minTimeout: 50, maxTimeout: 500 },
});
try {
  if (!fresh()) await build();
} finally {
  await release();
}
// Stack traces name the sources, not the build.
process.setSourceMapsEnabled(true);
await import(join(outdir, 'main.mjs'));
