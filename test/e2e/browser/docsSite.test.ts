// The published docs site as a reader's Chromium gets it: the folder the stack deploys, served on loopback with the
// security headers CloudFront adds, renders the reference, its changelog and its search under the Content-Security-Policy.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import spec from '../../../generated/openapi.json' with { type: 'json' };
import { DOCS_CONTENT_SECURITY_POLICY, DOCS_SITE_FILES } from '../../../infra/lib/constructs/ApiDocsSite.js';
import { buildDocs } from '../../../scripts/docs.js';
import { type Chromium, launchChromium, offHost } from '../../helpers/chromium.js';

const TYPES: Record<string, string> = { '.html': 'text/html', '.json': 'application/json', '.md': 'text/markdown' };

describe('the published docs site in Chromium', () => {
  let dir: string;
  let server: Server;
  let baseUrl: string;
  let chromium: Chromium;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'users-api-site-'));
    buildDocs(join(dir, 'index.html'));
    // What CloudFront answers: the object at the path (index.html at /) with the response headers policy's headers.
    server = createServer((req, res) => {
      const name = req.url === '/' ? 'index.html' : (req.url ?? '').slice(1);
      if (!(DOCS_SITE_FILES as readonly string[]).includes(name)) return res.writeHead(403).end();
      res.writeHead(200, {
        'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream',
        'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
      });
      res.end(readFileSync(join(dir, name)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders the reference, its changelog and its search under the CSP, fetching nothing from elsewhere', async () => {
    // Arrange: record every CSP violation the page reports, from the first script on
    const page = await chromium.context.newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      const window = globalThis as unknown as {
        violations: string[];
        addEventListener(type: string, listener: (e: { violatedDirective: string; blockedURI: string }) => void): void;
      };
      window.violations = seen;
      window.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // Act: open the site, find the changelog in the sidebar, and search the reference
    const response = await page.goto(`${baseUrl}/`, { waitUntil: 'networkidle', timeout: 30_000 });
    await page.getByRole('heading', { name: spec.info.title }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: 'reports/docs-site.png' });
    const changelog = await page.getByRole('heading', { name: `${spec.info.version} (` }).count();
    await page.getByText('Search', { exact: false }).first().click({ timeout: 5_000 });
    await page.keyboard.type('Create a user');
    const found = page.getByRole('link', { name: 'Create a user' }).first();
    await found.waitFor({ timeout: 5_000 });
    const violations = await page.evaluate(() => (globalThis as unknown as { violations: string[] }).violations);

    // Assert
    expect(response?.status()).toBe(200);
    // The one refusal is Redoc's probe for a search worker (Function()), after which it searches in the page.
    expect(violations).toEqual(['script-src eval']);
    expect(await found.isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
    expect(changelog).toBeGreaterThan(0);
    expect(offHost(chromium.requested)).toEqual([]);
    const served = await Promise.all(['openapi.json', 'CHANGELOG-API.md'].map((f) => fetch(`${baseUrl}/${f}`)));
    expect(served.map((r) => r.status)).toEqual([200, 200]);
    expect(JSON.parse(await (served[0] as Response).text()).info.version).toBe(spec.info.version);
  });
});
