// How the Lambda is built (esbuild, locally, never Docker), for the CDK stack and the benchmarks alike.
// One function, so the benchmarks measure exactly the artefact that is deployed.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

export const lambdaEntry = 'src/handler.ts';
/** CodeDeploy's pre-traffic hook, a function of its own (infra/lib/constructs/PreTrafficHook.ts). */
export const preTrafficHookEntry = 'src/hooks/preTrafficHandler.ts';
/** The Lambda handler setting: `<entry file without extension>.<export>`. */
export const lambdaHandler = 'index.handler';
/** The Node major of Lambda's runtime (nodejs24.x in infra/): esbuild's target, and the Node the bench must run on. */
export const lambdaNodeMajor = 24;

/**
 * Node flags of the deployed function (NODE_OPTIONS), also used by the cold-start and memory benchmarks.
 * `--enable-source-maps` is left out on purpose: it cost ~40 ms of cold start (npm run bench, section 2) on every
 * container. The artefact still ships its .map files, so a minified stack from the logs can be mapped when needed.
 */
export const lambdaNodeFlags: readonly string[] = [];

const root = resolve(import.meta.dirname, '..');

/**
 * Packages openapi-backend requires inside a function, on first use only: Ajv when a validator is compiled at run time
 * (ours are compiled by `npm run generate`), qs when a request's query comes as a string (ours come as objects),
 * mock-json-schema (and with it all of lodash) when a response is mocked (never in the Lambda).
 * esbuild splits only at `import()`, so a synchronous `require` would put them in the file a cold start loads: they
 * are left external and each path required is built into a CommonJS file of its own under the artefact's
 * node_modules/, where Node's `require` finds it (the precompiled validators' small Ajv runtime parts included).
 */
export const FIRST_USE_PACKAGES = ['ajv', 'qs', 'mock-json-schema'] as const;

/**
 * ESM with code splitting: what only some requests need (`await import(...)` in src/) goes into chunks of its own,
 * which a cold start does not load. NodejsFunction cannot split (it builds one --outfile), hence this build.
 * The AWS SDK is bundled (not taken from the runtime), so only the clients used are shipped, tree-shaken and pinned.
 */
const options = {
  bundle: true,
  splitting: true,
  platform: 'node',
  target: `node${lambdaNodeMajor}`,
  format: 'esm',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // ESM bundles of CommonJS dependencies need `require`.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'error',
  // Paths stay inside the checkout even where node_modules is a symlink (a scratch copy), so the output is the same.
  preserveSymlinks: true,
  external: [...FIRST_USE_PACKAGES],
} satisfies BuildOptions;

export interface LambdaFile {
  /** Relative to the artefact's directory, e.g. `index.mjs`, `chunks/idempotency-XXXX.mjs`. */
  name: string;
  bytes: number;
  /** Imported statically from the entry: loaded by every cold start, before the first request. */
  loadedAtStart: boolean;
}

export interface LambdaArtefact {
  dir: string;
  /** The JavaScript files (source maps left out). */
  files: LambdaFile[];
  metafile: Metafile;
}

/**
 * A new folder for one deployable build, inside the checkout at a fixed depth (cdk.out/lambda/): esbuild writes source
 * map paths, and hashes chunk names, relative to it, so every checkout of a commit builds the same asset.
 */
export function lambdaBuildDir(): string {
  const parent = join(root, 'cdk.out', 'lambda');
  mkdirSync(parent, { recursive: true });
  // CDK copies a build into its assembly during the synth that made it: one older than an hour is no longer read.
  const stale = Date.now() - STALE_BUILD_MS;
  for (const name of readdirSync(parent)) {
    const dir = join(parent, name);
    if (name.startsWith('build-') && statSync(dir).mtimeMs < stale) rmSync(dir, { recursive: true, force: true });
  }
  return mkdtempSync(join(parent, 'build-'));
}

const STALE_BUILD_MS = 60 * 60 * 1000;

/** Builds the Lambda into `outDir` (index.mjs, its chunks and their source maps). */
export function buildLambda(outDir: string, entry: string = lambdaEntry): LambdaArtefact {
  const { metafile } = buildSync({
    ...options,
    absWorkingDir: root,
    entryPoints: { index: resolve(root, entry) },
    outdir: resolve(outDir),
  });
  if (metafile === undefined) throw new Error('esbuild wrote no metafile');
  const firstUseFiles = buildFirstUse(metafile, outDir);
  const { outputs } = metafile;
  // Everything reachable from the entry by static imports is evaluated before the handler can answer.
  const atStart = new Set<string>();
  const visit = (output: string) => {
    if (atStart.has(output)) return;
    atStart.add(output);
    for (const { path, kind, external } of outputs[output]?.imports ?? []) {
      if (kind === 'import-statement' && !external) visit(path);
    }
  };
  // Each dynamic import is an entry point of its own to esbuild: start from the Lambda's.
  const entryPoint = relative(root, resolve(root, entry));
  for (const [output, out] of Object.entries(outputs)) if (out.entryPoint === entryPoint) visit(output);
  // A package's own entry is required on first use only; its parts (the precompiled validators' Ajv runtime) by
  // whichever output requires them, at start if that output is loaded at start.
  const isRequiredAtStart = (path: string | undefined) =>
    path !== undefined &&
    !(FIRST_USE_PACKAGES as readonly string[]).includes(path) &&
    [...atStart].some((output) => outputs[output]?.imports.some((i) => i.external && i.path === path));
  const files = Object.keys(outputs)
    .filter((output) => output.endsWith('.mjs') || firstUseFiles.has(output))
    .map((output) => {
      // Output paths are relative to the working directory (root); the artefact's are relative to outDir.
      const name = relative(resolve(outDir), resolve(root, output));
      const loadedAtStart = atStart.has(output) || isRequiredAtStart(firstUseFiles.get(output));
      return { name, bytes: statSync(join(outDir, name)).size, loadedAtStart };
    });
  return { dir: resolve(outDir), files, metafile };
}

/**
 * Builds each first-use path the artefact requires (`ajv`, `ajv/dist/runtime/ucs2length`, `qs`...) into
 * node_modules/ of the artefact, and adds its outputs and inputs to `metafile`. Returns the output files it added,
 * each with the path it is required by.
 */
function buildFirstUse(metafile: Metafile, outDir: string): Map<string, string> {
  const required = new Set(
    Object.values(metafile.outputs).flatMap(({ imports }) =>
      imports
        .filter((i) => i.external && FIRST_USE_PACKAGES.some((p) => i.path === p || i.path.startsWith(`${p}/`)))
        .map((i) => i.path),
    ),
  );
  const added = new Map<string, string>();
  for (const path of [...required].sort()) {
    const isPackage = (FIRST_USE_PACKAGES as readonly string[]).includes(path);
    const built = buildSync({
      bundle: true,
      platform: 'node',
      target: `node${lambdaNodeMajor}`,
      format: 'cjs',
      minify: true,
      sourcemap: true,
      metafile: true,
      logLevel: 'error',
      preserveSymlinks: true,
      absWorkingDir: root,
      // esbuild resolves the package: its paths stay in the checkout, where Node's resolve follows a linked node_modules.
      entryPoints: [path],
      outfile: resolve(outDir, 'node_modules', isPackage ? `${path}/index.js` : `${path}.js`),
    }).metafile;
    if (built === undefined) throw new Error('esbuild wrote no metafile');
    Object.assign(metafile.inputs, built.inputs);
    for (const [file, out] of Object.entries(built.outputs)) {
      metafile.outputs[file] = out;
      if (file.endsWith('.js')) added.set(file, path);
    }
  }
  return added;
}
