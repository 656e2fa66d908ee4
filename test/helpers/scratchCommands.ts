// Commands run in a scratch copy of the repository (scripts/scratchCopy.ts), with its own tools from node_modules/.bin.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a command in `dir`; the bounded timeout keeps a hung tool from holding the shared machine. */
export const runIn = (dir: string, command: string, args: string[], env: Record<string, string> = {}) =>
  run(command, args, { cwd: dir, timeout: 180_000, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });

/** A tool of the copy's node_modules. */
export const binIn = (dir: string, name: string) => join(dir, 'node_modules/.bin', name);
