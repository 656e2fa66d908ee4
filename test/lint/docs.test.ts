// The README stays short and every page's relative links resolve inside the repository (a clone has nothing else).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pages = ['README.md', 'CHANGELOG-API.md', ...readdirSync(join(root, 'docs')).map((name) => `docs/${name}`)];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

function links(page: string): string[] {
  const text = readFileSync(join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
}

describe('docs', () => {
  it('keeps the README under 200 lines', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(200);
  });

  it.each(pages)('%s: every relative link resolves to a file inside the repository, anchors included', (page) => {
    for (const link of links(page)) {
      if (/^[a-z]+:/.test(link)) continue;
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? join(root, page) : resolve(dirname(join(root, page)), path);
      expect(relative(root, target).startsWith('..'), `${page}: ${link} leaves the repository`).toBe(false);
      expect(existsSync(target), `${page}: ${link} does not exist`).toBe(true);
      if (anchor !== undefined && target.endsWith('.md')) {
        const headings = [...readFileSync(target, 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1] ?? ''));
        expect(headings, `${page}: ${link} has no such heading`).toContain(anchor);
      }
    }
  });

  it('names no path outside the repository', () => {
    for (const page of pages) expect(readFileSync(join(root, page), 'utf8'), page).not.toMatch(/\.\.\/shared|\/work\//);
  });
});
