// The local gateway in a child process (gatewayChild.ts): for what only shows between two processes, such as a reset
// connection, and to measure the gateway's own memory.
import { fork } from 'node:child_process';
import { once } from 'node:events';

export interface GatewayMemory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface GatewayProcess {
  baseUrl: string;
  /** `authorization` (all scopes) and `x-api-key` headers. */
  auth: Record<string, string>;
  /** process.memoryUsage() of the child after a full GC, in bytes. */
  memory(): Promise<GatewayMemory>;
  stop(): Promise<void>;
}

export async function startGatewayProcess(): Promise<GatewayProcess> {
  const child = fork(new URL('./gatewayChild.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const [ready] = (await once(child, 'message')) as [{ baseUrl: string; token: string; apiKey: string }];
  return {
    baseUrl: ready.baseUrl,
    auth: { authorization: `Bearer ${ready.token}`, 'x-api-key': ready.apiKey },
    async memory() {
      child.send('measure');
      const [reading] = (await once(child, 'message')) as [GatewayMemory];
      return reading;
    },
    async stop() {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}
