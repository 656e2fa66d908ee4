// `npm run spec:release`: releases openapi/ as its info.version.
// Stamps CHANGELOG-API.md, writes the released snapshot (contract/released/openapi.json) and sets the client
// package's version. `--changelog-only` (`npm run spec:changelog`) writes the changelog section for the current
// version and nothing else.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleSpec } from './bundleSpec.js';
import { changelogSection, withSection } from './contract/changelog.js';
import { diffSpecs, type Spec, versionProblems } from './contract/policy.js';
import { changelogPath, clientPackagePath, readJson, releasedPath } from './contract/sources.js';

const changelogOnly = process.argv.includes('--changelog-only');
const head = bundleSpec() as unknown as Spec;
const released = existsSync(releasedPath) ? readJson(releasedPath) : undefined;
const versionOf = (spec: Spec) => String((spec.info as { version?: unknown }).version);
const version = versionOf(head);

const base = released;
if (base && versionOf(base) === version && diffSpecs(base, head).length === 0 && !changelogOnly) {
  console.log(`${version} is released already and openapi/ has not changed since.`);
  process.exit(0);
}
const changes = base ? diffSpecs(base, head) : [];
const problems = base ? versionProblems(base, head, changes) : [];
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}

const date = new Date().toISOString().slice(0, 10);
const section = changelogSection(version, date, base ? versionOf(base) : undefined, changes);
const changelog = existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : undefined;
writeFileSync(changelogPath, withSection(changelog, version, section));
console.log(
  `CHANGELOG-API.md: section ${version} (${changes.length} change(s) since ${base ? versionOf(base) : 'nothing'}).`,
);

if (!changelogOnly) {
  const snapshot = {
    'x-released': 'DO NOT EDIT: the last released contract, written by `npm run spec:release`.',
    ...head,
  };
  mkdirSync(dirname(releasedPath), { recursive: true });
  writeFileSync(releasedPath, `${JSON.stringify(snapshot, null, 2)}\n`);
  const client = JSON.parse(readFileSync(clientPackagePath, 'utf8'));
  writeFileSync(clientPackagePath, `${JSON.stringify({ ...client, version }, null, 2)}\n`);
  console.log(`released ${version}: contract/released/openapi.json and clients/typescript/package.json.`);
}
