// Starts the Prism mock the way a frontend developer does (`npm run mock`, optionally `-- --dynamic`) on a free port,
// with every connection beyond loopback refused and recorded.
import { spawn } from 'node:child_process';
import { freePort } from '../../local/services/dynamoDbLocal.js';
import { loopbackOnly } from './loopbackOnlyEnv.js';

export interface PrismMock {
  baseUrl: string;
  /** Everything Prism printed, for assertions and for the failure message. */
  output(): string;
  /** Connections beyond 127.0.0.1 Prism attempted (refused): there must be none. */
  offHostAttempts(): string[];
  stop(): Promise<void>;
}

export async function startPrismMock(extraArgs: string[] = []): Promise<PrismMock> {
  const port = await freePort();
  const network = loopbackOnly();
  // Its own process group, so stopping it stops npm, sh and Prism together.
  const child = spawn('npm', ['run', '--silent', 'mock', '--', ...extraArgs], {
    env: { ...network.env, MOCK_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code}:\n${output}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    offHostAttempts: network.attempts,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await exited;
      network.cleanup();
    },
  };
}
