// CHANGELOG-API.md: one section per released contract version, written from the diff against the previous release.
import { type Change, consequence, groupChanges } from './policy.js';

export const CHANGELOG_HEADER = `# Users API contract changelog

Each release of the contract (\`info.version\` in openapi/openapi.yaml, also the version of the typed client package),
newest first. Written by \`npm run spec:release\` from \`npm run spec:diff\`; breaking changes come with a major version.
`;

const MAX_PLACES = 6;

export function changelogSection(
  version: string,
  date: string,
  previous: string | undefined,
  changes: readonly Change[],
): string {
  const lines = [`## ${version} (${date})`, ''];
  if (previous === undefined) lines.push('First released contract.');
  else if (changes.length === 0) lines.push(`No change to the contract since ${previous}.`);
  else {
    const groups = groupChanges(changes);
    for (const severity of ['breaking', 'non-breaking'] as const) {
      const these = groups.filter((g) => g.severity === severity);
      if (these.length === 0) continue;
      lines.push(`### ${severity === 'breaking' ? 'Breaking' : 'Non-breaking'} changes since ${previous}`, '');
      for (const g of these) {
        const places = [...new Set(g.places.map((p) => p.where))];
        const shown = places.slice(0, MAX_PLACES).join('; ');
        const more = places.length > MAX_PLACES ? ` and ${places.length - MAX_PLACES} more` : '';
        const why = severity === 'breaking' ? ` (${consequence(g.places[0] as { where: string })})` : '';
        lines.push(`- ${g.reason}${why}. In ${shown}${more}.`);
      }
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The changelog with `section` as its entry for `version`: replaced if there is one, else added on top. */
export function withSection(changelog: string | undefined, version: string, section: string): string {
  const body = (changelog ?? CHANGELOG_HEADER).replace(CHANGELOG_HEADER, '').trim();
  const sections = body === '' ? [] : body.split(/^(?=## )/m).map((s) => `${s.trim()}\n`);
  const others = sections.filter((s) => !s.startsWith(`## ${version} `));
  return `${CHANGELOG_HEADER}\n${[section, ...others].join('\n')}`;
}
