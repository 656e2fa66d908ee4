// The API reference at /docs in real headless Chromium: every operation shown, nothing fetched beyond 127.0.0.1.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import spec from '../../../generated/openapi.json' with { type: 'json' };
import { buildDocs, docsFile } from '../../../scripts/docs.js';
import { type Chromium, launchChromium, offHost } from '../../helpers/chromium.js';
import { type LocalApi, startLocalApi } from '../../helpers/localApi.js';
import { loopbackOnly } from '../../helpers/loopbackOnlyEnv.js';

/** Each operation with the tag Redoc files it under: Redoc gives its section the id `<tag>/<operationid>`, lowercased. */
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, op]) =>
    typeof op === 'object' && 'operationId' in op
      ? [{ path, method, operationId: op.operationId, summary: op.summary, tag: op.tags[0] ?? '' }]
      : [],
  ),
);

describe('npm run docs', () => {
  it('builds the docs without reaching beyond 127.0.0.1 (no telemetry, no CDN)', async () => {
    // Arrange
    const network = loopbackOnly();
    const started = Date.now();

    // Act
    await promisify(execFile)('npm', ['run', '--silent', 'docs'], { env: network.env });

    // Assert
    expect(statSync(docsFile).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
    expect(network.attempts()).toEqual([]);
    network.cleanup();
  });
});

describe('GET /docs in Chromium', () => {
  let api: LocalApi;
  let chromium: Chromium;
  beforeAll(async () => {
    if (!existsSync(docsFile)) buildDocs(); // when this block runs on its own
    api = await startLocalApi();
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await api?.stop();
  });

  it('shows every operation and fetches nothing from beyond 127.0.0.1', async () => {
    // Arrange
    const page = await chromium.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => {
      pageErrors.push(error.message);
    });

    // Act: open the docs, then each operation's section as a reader following a link to it would
    const response = await page.goto(`${api.baseUrl}/docs`, { waitUntil: 'networkidle', timeout: 30_000 });
    await page.getByRole('heading', { name: spec.info.title }).first().waitFor({ timeout: 15_000 });
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: 'reports/docs.png' });
    const shown: Record<string, string> = {};
    for (const { operationId, tag } of operations) {
      const anchor = `${tag}/${operationId}`.toLowerCase();
      await page.goto(`${api.baseUrl}/docs#/${anchor}`);
      const section = page.locator(`[id="${anchor}"]`);
      await section.waitFor({ timeout: 10_000 });
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is what the reader sees, which is the point.
      shown[operationId] = await section.innerText();
    }
    await page.screenshot({ path: 'reports/docs-operation.png' });
    await page.waitForLoadState('networkidle');

    // Assert
    expect(response?.status()).toBe(200);
    expect(pageErrors).toEqual([]);
    expect(offHost(chromium.requested)).toEqual([]);
    expect(chromium.requested[0]).toBe(`${api.baseUrl}/docs`);
    for (const { operationId, summary, method, path } of operations) {
      expect(shown[operationId], operationId).toContain(summary);
      expect(shown[operationId], operationId).toContain(method.toUpperCase());
      expect(shown[operationId], operationId).toContain(path);
    }
  });
});
