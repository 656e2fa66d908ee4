// `npm start`'s reload: watches the spec and the handler's code, and swaps in what a change builds once it is sound.
// A spec edit regenerates what derives from it (npm run generate) and the gateway enforces the new document as soon
// as it generated without an error; any edit rebuilds the handler, type-checks it and starts it in a new worker that
// must pass the pre-traffic hook's probes before it takes over (the docs rebuild after).
// A broken edit is printed with its cause, and the last good version keeps answering.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { type FSWatcher, readdirSync, readFileSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { OpenApiDocument } from '../../apiGateway/apiGatewaySpec.js';
import { root } from '../root.js';
import type { Generator } from './generator.js';
import type { HandlerBuilder } from './handlerBuild.js';
import type { HandlerWorker } from './handlerWorkers.js';
import type { TypeChecker } from './typecheck.js';

const run = promisify(execFile);
/** What is watched: the contract, and the code the handler's worker is built from. */
export const WATCHED = ['openapi', 'src', 'local/memory'] as const;
/** Editors write a file in several steps; one reload per burst. */
const DEBOUNCE_MS = 100;

export interface DevLoopOptions {
  readonly generator: Generator;
  readonly builder: HandlerBuilder;
  readonly typeChecker: TypeChecker;
  /** A worker running a build's entry (with npm start's settings and, in memory mode, no data yet). */
  startWorker(entry: string): Promise<HandlerWorker>;
  /** Puts a checked worker in service; resolves once the previous one is out of it. */
  swap(next: HandlerWorker): Promise<void>;
  /** The gateway enforces this bundled spec from the next request on. */
  useSpec(spec: OpenApiDocument): void;
  log(line: string): void;
}

export interface DevLoop {
  stop(): void;
}

class BrokenEdit extends Error {}

const hashOf = (path: string) => {
  try {
    return createHash('sha1').update(readFileSync(path)).digest('hex');
  } catch {
    return 'missing';
  }
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** `npm run docs` in the background (a process of its own: redocly's build is heavy); says when /docs is current. */
export function rebuildDocs(log: (line: string) => void): void {
  run(process.execPath, ['--import', 'tsx', 'scripts/docs.ts'], { cwd: root }).then(
    () => log('Docs rebuilt (/docs)'),
    (error: { stderr?: string }) => log(`The docs did not build: ${error.stderr ?? error}`),
  );
}

export function startDevLoop(options: DevLoopOptions): DevLoop {
  const { builder, typeChecker, log } = options;
  // The probes CodeDeploy's pre-traffic hook sends a new version; loaded after the start (its AWS clients are large).
  const preTraffic = import('../../src/hooks/preTraffic.js');
  const hashes = new Map<string, string>();
  const waiting = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let busy = false;

  /** The files whose content differs from what the last reload saw (a save that changes nothing is no change). */
  const changedOf = (paths: Iterable<string>) =>
    [...paths].filter((path) => {
      const hash = hashOf(join(root, path));
      // The same content, or an editor's temporary file come and gone.
      if ((hashes.get(path) ?? 'missing') === hash) return false;
      hashes.set(path, hash);
      return true;
    });

  // Which save each part runs: the gateway takes a valid spec at once, the handler once its code checked out.
  let saves = 0;
  const running = { gateway: 'as started', handler: 'as started' };
  /** The build the handler in service runs, if a reload made it (the start's is not the builder's). */
  let inService: string | undefined;

  async function reload(changed: readonly string[]): Promise<void> {
    const started = performance.now();
    const save = `save ${++saves}`;
    const specChanged = changed.some((path) => path.startsWith('openapi/'));
    const steps: string[] = [];
    const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const at = performance.now();
      const result = await work();
      steps.push(`${name} ${seconds(performance.now() - at)}`);
      return result;
    };
    const versions = () => `Running: the gateway's spec ${running.gateway}, the handler ${running.handler}.`;
    log(`Changed: ${changed.join(', ')}; reloading (${save})…`);
    let next: HandlerWorker | undefined;
    let specApplied = false;
    try {
      if (specChanged) {
        const written = await step('generate', () =>
          options.generator.generate().catch((error: Error) => {
            throw new BrokenEdit(`npm run generate failed: ${error.message}`);
          }),
        );
        // What generate wrote (the user schemas in openapi/, the operation registry in src/) is not a new edit.
        changedOf(written);
        // Bundled and generated without an error: the gateway enforces it now, while the handler builds and checks.
        const spec = JSON.parse(await readFile(join(root, 'generated/openapi.json'), 'utf8')) as OpenApiDocument;
        options.useSpec(spec);
        running.gateway = `of ${save} (version ${(spec.info as { version?: string }).version})`;
        specApplied = true;
        log(
          `The gateway enforces the spec of ${save} after ${seconds(performance.now() - started)}; the handler next.`,
        );
      }
      const build = await step('build', () =>
        builder.build().catch((error: unknown) => {
          throw new BrokenEdit(`the handler does not build:\n${error instanceof Error ? error.message : error}`);
        }),
      );
      const starting = options.startWorker(build.entry);
      const [errors, worker] = await step('check', () =>
        Promise.all([typeChecker.check(build.sources), starting.catch((error: unknown) => error as Error)]),
      );
      if (!(worker instanceof Error)) next = worker;
      if (errors.length > 0) throw new BrokenEdit(`type errors:\n${errors.join('\n')}`);
      if (worker instanceof Error) throw new BrokenEdit(`the handler failed to load: ${worker.stack ?? worker}`);
      const { runProbes } = await preTraffic;
      const failures = await step('probes', () =>
        runProbes((event) => worker.invoke(event, { awsRequestId: event.requestContext.requestId })),
      );
      if (failures.length > 0) {
        throw new BrokenEdit(`the new handler failed the pre-traffic probes: ${failures.join('; ')}`);
      }
      await options.swap(worker);
      next = undefined;
      inService = build.entry;
      running.handler = `of ${save}`;
      log(
        `Reloaded (${specChanged ? 'spec and handler' : 'handler'}) in ${seconds(performance.now() - started)}: ` +
          `${steps.join(', ')}. ${versions()}`,
      );
    } catch (error) {
      await next?.stop();
      const cause = error instanceof BrokenEdit ? error.message : String(error instanceof Error ? error.stack : error);
      const kept = specApplied ? "The handler's last good version" : 'The last good version';
      log(`Not reloaded: ${cause}\n${kept} keeps answering; save a fix to reload. ${versions()}`);
    }
    builder.prune(inService);
    // The docs of the spec the gateway took, once the handler is done with the CPU (a process of its own).
    if (specApplied) rebuildDocs(log);
  }

  const flush = () => {
    timer = undefined;
    if (busy) return;
    const changed = changedOf(waiting);
    waiting.clear();
    if (changed.length === 0) return;
    busy = true;
    void reload(changed.sort()).finally(() => {
      busy = false;
      if (waiting.size > 0) flush();
    });
  };

  const watchers: FSWatcher[] = WATCHED.map((dir) =>
    watch(join(root, dir), { recursive: true }, (_event, file) => {
      if (file === null) return;
      waiting.add(relative(root, join(root, dir, file.toString())));
      clearTimeout(timer);
      timer = setTimeout(flush, DEBOUNCE_MS);
    }),
  );
  // What the running version was built from: the baseline an edit is compared with.
  for (const dir of WATCHED) {
    changedOf(readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file)));
  }

  return {
    stop: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
