// How the Lambda is bundled (esbuild, locally, never Docker): shared by the CDK stack and the cold-start benchmark,
// so the benchmark measures exactly the artefact that is deployed.

export const lambdaEntry = 'src/handler.ts';
export const lambdaHandlerExport = 'handler';

/**
 * Node flags of the deployed function (NODE_OPTIONS), also used by the cold-start and memory benchmarks.
 * `--enable-source-maps` is left out on purpose: it cost ~40 ms of cold start (npm run bench, section 2) on every
 * container. The bundle still ships its .map file, so a minified stack from the logs can be mapped when needed.
 */
export const lambdaNodeFlags: readonly string[] = [];

/** esbuild options; infra maps them onto NodejsFunction's `bundling`. */
export const lambdaBundling = {
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  /** The AWS SDK is bundled (not taken from the runtime) so only the clients used are shipped, tree-shaken and pinned. */
  external: [] as string[],
  mainFields: ['module', 'main'],
  /** ESM bundles of CommonJS dependencies need `require`. */
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
} as const;
