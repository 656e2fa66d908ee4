// npm start's handler after its worker crashes in service: restarted from the same code after a bounded back-off,
// printed on the console, requests waiting for it; a worker stopped on purpose is not restarted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type HandlerWorker, startHandlerWorker } from '../../local/reload/handlerWorkers.js';
import { createReloadableHandler } from '../../local/reload/reloadableHandler.js';
import type { Config } from '../../src/config.js';
import type { ProxyEvent } from '../../src/lambda/proxyAdapter.js';

const dir = mkdtempSync(join(tmpdir(), 'reloadable-handler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A worker speaking handlerWorker.ts's protocol: GET /crash ends it the way an uncaught error would; anything else
// answers which worker (its start number) it is.
const entry = join(dir, 'worker.mjs');
writeFileSync(
  entry,
  `import { parentPort, workerData } from 'node:worker_threads';
parentPort.on('message', (request) => {
  if (request.type === 'invoke' && request.event.path === '/crash') process.exit(3);
  parentPort.postMessage({ id: request.id, result: { statusCode: 200, body: String(workerData.config.started) } });
});
parentPort.postMessage({ type: 'ready' });
`,
);

let started = 0;
const startWorker = (file: string) => startHandlerWorker(file, { config: { started: ++started } as unknown as Config });
const event = (path: string) => ({ path }) as unknown as ProxyEvent;
const context = { awsRequestId: 'test' };

function handlerWith(restart: (crashed: HandlerWorker) => Promise<HandlerWorker>, first: HandlerWorker) {
  const lines: string[] = [];
  const handler = createReloadableHandler(first, {
    carryData: false,
    retireAfterMs: 1000,
    restart,
    log: (line) => lines.push(line),
    restartDelayMs: 20,
    maxRestartDelayMs: 80,
  });
  return { handler, lines };
}

describe('a handler worker that crashes in service', () => {
  it('is restarted from the code it ran, after the back-off, and the next request waits for it', async () => {
    const first = await startWorker(entry);
    const entries: string[] = [];
    const { handler, lines } = handlerWith((crashed) => {
      entries.push(crashed.entry);
      return startWorker(crashed.entry);
    }, first);
    try {
      const before = Number((await handler.invoke(event('/hello'), context)).body);
      await expect(handler.invoke(event('/crash'), context)).rejects.toThrow(/exited/);
      const after = await handler.invoke(event('/hello'), context);
      expect(Number(after.body)).toBe(before + 1);
      expect(entries).toEqual([entry]);
      expect(lines[0]).toMatch(/^The handler's worker crashed \(exit code 3\); restarting it in 20 ms$/);
      expect(lines[1]).toBe("The handler's worker restarted (1 crash in a row)");
      // A second crash in a row waits twice as long.
      await expect(handler.invoke(event('/crash'), context)).rejects.toThrow(/exited/);
      await handler.invoke(event('/hello'), context);
      expect(lines[2]).toMatch(/restarting it in 40 ms$/);
    } finally {
      await handler.stop();
    }
  });

  it('keeps trying while the restart fails, the wait doubling up to its bound', async () => {
    let failures = 3;
    const { handler, lines } = handlerWith(
      async (crashed) => {
        if (failures-- > 0) throw new Error('broken at import');
        return startWorker(crashed.entry);
      },
      await startWorker(entry),
    );
    try {
      await expect(handler.invoke(event('/crash'), context)).rejects.toThrow(/exited/);
      expect((await handler.invoke(event('/hello'), context)).statusCode).toBe(200);
      expect(lines.map((line) => /restarting it in (\d+) ms/.exec(line)?.[1]).filter(Boolean)).toEqual([
        '20',
        '40',
        '80',
        '80',
      ]);
      expect(lines[1]).toMatch(/^The handler's worker crashed \(its restart failed: broken at import\)/);
      expect(lines.at(-1)).toBe("The handler's worker restarted (4 crashes in a row)");
    } finally {
      await handler.stop();
    }
  });

  it('is not restarted when it was stopped (a reload retiring it, or Ctrl-C)', async () => {
    let restarts = 0;
    const { handler, lines } = handlerWith(
      async (crashed) => {
        restarts++;
        return startWorker(crashed.entry);
      },
      await startWorker(entry),
    );
    const next = await startWorker(entry);
    await handler.swap(next);
    await handler.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(restarts).toBe(0);
    expect(lines).toEqual([]);
  });
});
