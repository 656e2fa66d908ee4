// Builds the API reference, generated/docs/index.html, from the bundled spec with Redocly.
// One self-contained file that fetches nothing at view time, ending with the contract's changelog. Beside it go
// openapi.json and CHANGELOG-API.md: the folder is the docs site the stack publishes. Not committed (~2.5 MB of
// minified Redoc that only the pinned Redocly version, generated/openapi.json and the changelog decide); `npm start`
// and the tests build it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
export const docsFile = join(root, 'generated/docs/index.html');
const specFile = join(root, 'generated/openapi.json');
const changelogFile = join(root, 'CHANGELOG-API.md');

/** The spec as the reference shows it: its description ends with the changelog, one heading level down. */
function withChangelog(spec: { info: { description?: string } }): object {
  const changelog = readFileSync(changelogFile, 'utf8')
    .replace(/^# .*\n/, '')
    .replace(/^(#+) /gm, '#$1 ');
  const description = `${spec.info.description ?? ''}\n## Changelog\nAlso published beside this page as \`CHANGELOG-API.md\`.\n${changelog}`;
  return { ...spec, info: { ...spec.info, description } };
}

// Redoc's sidebar attribution is an <img> loaded from Redocly's CDN, with no option to turn it off.
// It becomes an inline SVG with the same words, so viewing the docs makes no request to the network.
const attribution = (text: string) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${text.length * 8}" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044d4">${text}</text></svg>`,
  )}`;
const cdnImages: Record<string, string> = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': attribution('Redocly'),
  'https://cdn.redoc.ly/redoc/logo-mini.svg': attribution('R'),
};

/** Tags whose `src`/`href` a browser fetches when the page loads; the built page must have none pointing off-host. */
const EXTERNAL_RESOURCE = /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i;

export function buildDocs(outFile = docsFile): void {
  const tmp = mkdtempSync(join(tmpdir(), 'users-api-docs-'));
  try {
    const built = join(tmp, 'index.html');
    const shown = join(tmp, 'openapi.json');
    writeFileSync(shown, JSON.stringify(withChangelog(JSON.parse(readFileSync(specFile, 'utf8')))));
    execFileSync(
      join(root, 'node_modules/.bin/redocly'),
      ['build-docs', shown, '--inlineBundle', '--title', 'Users API reference', '--output', built],
      {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let html = readFileSync(built, 'utf8');
    for (const [url, replacement] of Object.entries(cdnImages)) {
      // A Redocly upgrade that moves these must be looked at, not silently shipped with a CDN request.
      if (!html.includes(url)) throw new Error(`Redoc no longer references ${url}: review scripts/docs.ts`);
      html = html.replaceAll(url, replacement);
    }
    const external = EXTERNAL_RESOURCE.exec(html);
    if (external) throw new Error(`The docs load a resource from the network: ${external[0]}`);
    mkdirSync(join(outFile, '..'), { recursive: true });
    writeFileSync(outFile, html);
    copyFileSync(specFile, join(outFile, '../openapi.json'));
    copyFileSync(changelogFile, join(outFile, '../CHANGELOG-API.md'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  buildDocs();
  console.log(`built ${docsFile}`);
}
