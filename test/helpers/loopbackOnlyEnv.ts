// Environment for a child process that may not reach beyond loopback (see loopbackOnly.cjs), and what it tried.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface LoopbackOnly {
  env: NodeJS.ProcessEnv;
  /** Every connection or DNS lookup beyond loopback the process and its children attempted (all refused). */
  attempts(): string[];
  cleanup(): void;
}

export function loopbackOnly(): LoopbackOnly {
  const dir = mkdtempSync(join(tmpdir(), 'loopback-only-'));
  const report = join(dir, 'attempts.log');
  const preload = resolve(import.meta.dirname, 'loopbackOnly.cjs');
  return {
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim(),
      LOOPBACK_ONLY_REPORT: report,
      // npm's own update check is npm's business, not the tool's under test.
      npm_config_update_notifier: 'false',
    },
    attempts: () => (existsSync(report) ? readFileSync(report, 'utf8').split('\n').filter(Boolean) : []),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
