// Builds the handler's worker with esbuild, incrementally, into a directory of its own under node_modules/.cache.
// handlerWorker.ts and what it imports (src/, generated/, local/memory/): each build is what a new worker loads. The
// packages stay in node_modules (the worker imports them from there), so a build is the project's own code only.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BuildContext, context, type Message } from 'esbuild';

const root = resolve(import.meta.dirname, '../..');

export interface HandlerBuild {
  /** The built worker file. */
  readonly entry: string;
  /** The project's source files it was built from (absolute): what the type check covers. */
  readonly sources: readonly string[];
}

export interface HandlerBuilder {
  /** Rebuilds from the files as they are now; rejects with esbuild's messages when the code does not build. */
  build(): Promise<HandlerBuild>;
  dispose(): Promise<void>;
}

/** esbuild's errors, one per line with file:line:column, as a developer reads them in the console. */
export const formatBuildErrors = (errors: readonly Message[]) =>
  errors
    .map(({ text, location }) =>
      location === null ? text : `${location.file}:${location.line}:${location.column + 1}: ${text}`,
    )
    .join('\n');

export class BuildError extends Error {}

export async function createHandlerBuilder(): Promise<HandlerBuilder> {
  // Inside node_modules/, so the built file finds the packages the way the sources do.
  const cache = join(root, 'node_modules/.cache/users-api-dev');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'handler-'));
  // Whichever way the process ends (a start that fails exits at once), its builds go with it.
  const removeBuilds = () => rmSync(outdir, { recursive: true, force: true });
  process.once('exit', removeBuilds);
  const ctx: BuildContext<{ metafile: true; write: true }> = await context({
    entryPoints: [join(root, 'local/reload/handlerWorker.ts')],
    absWorkingDir: root,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    metafile: true,
    write: true,
    logLevel: 'silent',
    // The generated validators are CommonJS, bundled into this ES module: they need `require`.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return {
    async build() {
      let result: Awaited<ReturnType<typeof ctx.rebuild>>;
      try {
        result = await ctx.rebuild();
      } catch (error) {
        const errors = (error as { errors?: Message[] }).errors;
        throw new BuildError(errors === undefined ? String(error) : formatBuildErrors(errors));
      }
      const sources = Object.keys(result.metafile.inputs)
        .filter((file) => !file.startsWith('node_modules/') && /\.(c|m)?ts$/.test(file))
        .map((file) => join(root, file));
      return { entry: join(outdir, 'handlerWorker.mjs'), sources };
    },
    async dispose() {
      await ctx.dispose();
      process.off('exit', removeBuilds);
      removeBuilds();
    },
  };
}
