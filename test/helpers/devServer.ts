// `npm start` (local/start.mjs, running local/main.ts) as a process, as a user runs it, its console read as written.
import { type ChildProcess, spawn } from 'node:child_process';

export interface DevServer {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the output once it matches `pattern` after the first `from` characters. */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<string>;
  /** Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `command`: the launcher by default; the bench gives the npm script a user types, npm's own start included. */
export function startDevServer(
  cwd: string,
  args: string[],
  env: Record<string, string>,
  command: readonly string[] = [process.execPath, 'local/start.mjs'],
): DevServer {
  const [file = process.execPath, ...before] = command;
  const child = spawn(file, [...before, ...args], {
    cwd,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, as a terminal gives the command it runs (stop() signals the group).
    detached: true,
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    waitFor: (pattern, from = 0, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output.slice(from))) return;
          cleanup();
          resolve(output);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        const gone = () => {
          cleanup();
          reject(new Error(`exited before ${pattern}; output:\n${output}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', gone);
        };
        listeners.add(check);
        child.once('exit', gone);
        check();
      }),
    stop: async () => {
      // Ctrl-C in a terminal signals the whole process group: npm passes no SIGINT on to its script's process.
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
      return exited;
    },
  };
}
