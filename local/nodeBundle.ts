// The esbuild options of both builds of local code: local/start.mjs's (by Node's type stripping) and the reload's.
import type { BuildOptions } from 'esbuild';

/** ES modules for this Node, packages left in node_modules, linked source maps, a metafile of the inputs. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  sourcemap: 'linked',
  metafile: true,
  // The generated validators are CommonJS, bundled into these ES modules: they need `require`.
  banner: {
    js: "import { createRequire as bannerRequire } from 'node:module'; const require = bannerRequire(import.meta.url);",
  },
} as const satisfies BuildOptions;
