// Builds the handler's worker with esbuild, incrementally, into a directory of its own under node_modules/.cache.
// handlerWorker.ts and what it imports (src/, generated/, local/memory/): each build is what a new worker loads. The
// packages stay in node_modules (the worker imports them from there), so a build is the project's own code only.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type BuildContext, context, type Message } from 'esbuild';
import { NODE_BUNDLE } from '../nodeBundle.js';
import { root } from '../root.js';

export interface HandlerBuild {
  /** The built worker file. */
  readonly entry: string;
  /** The project's source files it was built from (absolute): what the type check covers. */
  readonly sources: readonly string[];
}

export interface HandlerBuilder {
  /** Rebuilds from the files as they are now; rejects with esbuild's messages when the code does not build. */
  build(): Promise<HandlerBuild>;
  /** Removes every build but `keep` (the entry in service, if it is one of these builds). */
  prune(keep: string | undefined): void;
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
  const ctx: BuildContext<{ metafile: true; write: false }> = await context({
    entryPoints: [join(root, 'local/reload/handlerWorker.ts')],
    absWorkingDir: root,
    outdir,
    ...NODE_BUNDLE,
    // Written under a name of its own per build: the worker in service restarts from its own code after a crash.
    write: false,
    logLevel: 'silent',
  });
  let builds = 0;
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
      const name = `handlerWorker-${++builds}.mjs`;
      for (const { path, text } of result.outputFiles) {
        const map = path.endsWith('.map');
        const content = map
          ? text
          : text.replace('sourceMappingURL=handlerWorker.mjs.map', `sourceMappingURL=${name}.map`);
        writeFileSync(join(outdir, map ? `${name}.map` : name), content);
      }
      return { entry: join(outdir, name), sources };
    },
    prune(keep) {
      const kept = keep === undefined ? undefined : basename(keep);
      for (const file of readdirSync(outdir)) {
        if (kept === undefined || (file !== kept && file !== `${kept}.map`))
          rmSync(join(outdir, file), { force: true });
      }
    },
    async dispose() {
      await ctx.dispose();
      process.off('exit', removeBuilds);
      removeBuilds();
    },
  };
}
