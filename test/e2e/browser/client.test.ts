// The typed client bundled into a web page on another origin, calling the local API from real Chromium (CORS included).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { createUsersClient } from 'users-api/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, launchChromium, offHost } from '../../helpers/chromium.js';
import { type LocalApi, startLocalApi } from '../../helpers/localApi.js';

type Page = typeof globalThis & { createUsersClient: typeof createUsersClient };

/** Serves a page that loads the client the way a bundler-built frontend would, on its own origin. */
async function serveFrontend(): Promise<Server> {
  const bundle = await build({
    stdin: {
      contents: "export { createUsersClient } from 'users-api/client';",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const html =
    '<!doctype html><title>frontend</title><script type="module">' +
    "import { createUsersClient } from '/client.js'; globalThis.createUsersClient = createUsersClient;</script>";
  const server = createServer((req, res) => {
    const isScript = req.url === '/client.js';
    res.writeHead(200, { 'Content-Type': isScript ? 'text/javascript' : 'text/html' });
    res.end(isScript ? script : html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('createUsersClient in Chromium', () => {
  let api: LocalApi;
  let frontend: Server;
  let chromium: Chromium;
  beforeAll(async () => {
    [api, frontend, chromium] = await Promise.all([startLocalApi(), serveFrontend(), launchChromium()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => frontend?.close(resolve));
    await api?.stop();
  });

  it('creates a user cross-origin with credentials and gets validation problems as typed values', async () => {
    // Arrange
    const page = await chromium.context.newPage();
    const origin = `http://127.0.0.1:${(frontend.address() as AddressInfo).port}`;
    await page.goto(origin, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => 'createUsersClient' in globalThis);

    // Act: this function runs in the page, typed against the same client
    const result = await page.evaluate(
      async ({ baseUrl, token, apiKey }) => {
        const client = (globalThis as Page).createUsersClient({ baseUrl, token, apiKey });
        const created = await client.POST('/users', { body: { name: 'From Chromium', email: 'chromium@example.com' } });
        const invalid = await client.POST('/users', { body: { name: 'Bad', email: 'not-an-email' } });
        return {
          status: created.response.status,
          location: created.response.headers.get('Location'),
          user: created.data?.user,
          problem: invalid.error,
        };
      },
      { baseUrl: api.baseUrl, token: api.token, apiKey: api.apiKey },
    );

    // Assert
    expect(origin).not.toBe(api.baseUrl);
    expect(result.status).toBe(201);
    expect(result.location).toBe(`/users/${result.user?.userId}`);
    expect(result.user).toMatchObject({ name: 'From Chromium', email: 'chromium@example.com' });
    expect(result.problem).toMatchObject({ status: 400, errors: [expect.objectContaining({ pointer: '/email' })] });
    expect((await api.items()).filter((i) => String(i.pk).startsWith('USER#'))).toEqual([
      expect.objectContaining({ name: 'From Chromium' }),
    ]);
    expect(offHost(chromium.requested)).toEqual([]);
  });
});
