// Launches Debian's Chromium headless through playwright-core, with a fresh profile and none of its own network traffic.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export interface Chromium {
  context: BrowserContext;
  /** Every URL the pages asked for, blocked or not. */
  requested: string[];
  close(): Promise<void>;
}

/** Records every request and aborts any to a host other than 127.0.0.1, so nothing leaves the machine even on a bug. */
export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    timeout: 30_000,
    viewport: { width: 1280, height: 900 },
    // Playwright passes the fresh profile as --user-data-dir; the rest silence Chromium's own background requests.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const requested: string[] = [];
  context.on('request', (request) => {
    requested.push(request.url());
  });
  await context.route(
    (url) => url.protocol !== 'data:' && url.hostname !== '127.0.0.1',
    (route) => route.abort('blockedbyclient'),
  );
  return {
    context,
    requested,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The requested URLs that went (or tried to go) beyond 127.0.0.1. */
export const offHost = (urls: readonly string[]) =>
  urls.filter((url) => !url.startsWith('data:') && new URL(url).hostname !== '127.0.0.1');
