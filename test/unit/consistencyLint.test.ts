// The consistency plugin on fixture specs: each fixture breaks one pair of values that must agree, and only its rule fires.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixtures = resolve('test/fixtures/consistency');
const RULES = [
  'page-bounds',
  'default-valid',
  'header-examples-valid',
  'same-header-schema',
  'link-values-accepted',
  'path-ids-agree',
  'problem-examples-agree',
  'payload-limit-agrees',
];

/** The rules each fixture breaks, and how often. */
const expected: Record<string, Record<string, number>> = {
  'agreeing.yaml': {},
  'page-bounds.yaml': { 'page-bounds': 2 },
  'default-out-of-bounds.yaml': { 'default-valid': 2 },
  'header-example-invalid.yaml': { 'header-examples-valid': 2 },
  'header-schemas-differ.yaml': { 'same-header-schema': 1 },
  'link-value-refused.yaml': { 'link-values-accepted': 2 },
  'path-id-differs.yaml': { 'path-ids-agree': 1 },
  'problem-example-mismatch.yaml': { 'problem-examples-agree': 2 },
  'payload-limit-differs.yaml': { 'payload-limit-agrees': 1 },
};

interface Problem {
  ruleId: string;
  message: string;
  location: { source: { ref: string }; pointer: string }[];
}

let problems: Problem[] = [];
const dir = mkdtempSync(join(tmpdir(), 'consistency-lint-'));

beforeAll(async () => {
  // Only the plugin's rules (and resolvable refs), so a fixture needs nothing else a full spec has.
  const config = join(dir, 'redocly.yaml');
  writeFileSync(
    config,
    [
      `plugins: ['${resolve('openapi/plugins/consistency.js')}']`,
      'rules:',
      '  no-unresolved-refs: error',
      ...RULES.map((rule) => `  consistency/${rule}: error`),
    ].join('\n'),
  );
  const files = Object.keys(expected).map((name) => join(fixtures, name));
  // One process for every fixture: redocly prints one JSON report per file, each closing with `}` at column 0.
  const { stdout } = await run('npx', ['redocly', 'lint', ...files, '--config', config, '--format', 'json'], {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  }).catch((error: { stdout: string }) => error);
  const reports = stdout.split(/^\}/m).slice(0, -1);
  expect(reports).toHaveLength(files.length);
  problems = reports.flatMap((part) => (JSON.parse(`${part}}`) as { problems: Problem[] }).problems);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const firedIn = (name: string) => {
  const counts: Record<string, number> = {};
  for (const problem of problems.filter((p) => p.location[0]?.source.ref.endsWith(`/${name}`))) {
    const rule = problem.ruleId.replace('consistency/', '');
    counts[rule] = (counts[rule] ?? 0) + 1;
  }
  return counts;
};

describe('the consistency Redocly plugin', () => {
  it('has a fixture for every rule and every fixture in the table', () => {
    expect(readdirSync(fixtures).sort()).toEqual(Object.keys(expected).sort());
    expect(new Set(Object.values(expected).flatMap(Object.keys))).toEqual(new Set(RULES));
  });

  for (const [name, rules] of Object.entries(expected)) {
    it(`${name}: ${Object.keys(rules).length === 0 ? 'reports nothing' : `reports ${Object.keys(rules).join(', ')} and nothing else`}`, () => {
      expect(firedIn(name)).toEqual(rules);
    });
  }

  it('names the values that disagree and where, in words a reader can act on', () => {
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('`pets` maxItems is 100 but `limit` allows up to 200: a full page would not conform.');
    expect(messages).toContain(
      "$response.body#/nextCursor may be refused by listPets's cursor: maxLength 1024 exceeds 512.",
    );
    expect(messages).toContain('The 413 states a limit of 8192 bytes here and 16384 bytes elsewhere.');
    expect(messages).toContain('A 404 response shows a problem with status 400.');
    expect(messages.join('\n')).not.toContain(resolve('.'));
  });
});
