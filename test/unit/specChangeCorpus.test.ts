// The spec-change corpus (test/fixtures/spec-changes/): spec:diff's engine classifies each change as the versioning
// policy says, and what api-smart-diff alone says of it is recorded, so a library upgrade that changes it shows here.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diffSpecs, libraryDiffs, type Spec } from '../../scripts/contract/policy.js';

type Verdict = 'breaking' | 'non-breaking' | 'unclassified' | 'annotation';
interface Case {
  rule: string;
  expect: 'breaking' | 'non-breaking';
  library: Verdict;
  before?: unknown;
  after: unknown;
}

const dir = resolve(import.meta.dirname, '../fixtures/spec-changes');
const base = parse(readFileSync(resolve(dir, 'base.yaml'), 'utf8')) as Spec;
const cases = parse(readFileSync(resolve(dir, 'changes.yaml'), 'utf8')) as Record<string, Case>;

/** RFC 7386 JSON Merge Patch: six lines, not worth a dependency. */
const merge = (target: unknown, patch: unknown): unknown => {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = { ...(target !== null && typeof target === 'object' && !Array.isArray(target) ? target : {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete (out as Record<string, unknown>)[key];
    else (out as Record<string, unknown>)[key] = merge((out as Record<string, unknown>)[key], value);
  }
  return out;
};
const specOf = (patch: unknown) => merge(structuredClone(base), patch ?? {}) as Spec;

/** The library's verdict on a change: its most severe classification. */
const libraryVerdict = (before: Spec, after: Spec): Verdict | 'none' => {
  const types = new Set(libraryDiffs(before, after).diffs.map((d) => d.type));
  for (const type of ['breaking', 'unclassified', 'non-breaking', 'annotation'] as const)
    if (types.has(type)) return type;
  return 'none';
};

describe('the spec-change corpus', () => {
  it('has a case for each side and verdict, and a base that differs from nothing', () => {
    const rules = Object.values(cases);
    expect(rules.filter((c) => c.expect === 'breaking').length).toBeGreaterThanOrEqual(20);
    expect(rules.filter((c) => c.expect === 'non-breaking').length).toBeGreaterThanOrEqual(20);
    expect(diffSpecs(base, specOf({}))).toEqual([]);
  });

  describe.each(Object.entries(cases))('%s', (_name, c) => {
    const before = specOf(c.before);
    const after = specOf(c.after);

    it(`${c.rule}: spec:diff says ${c.expect}`, () => {
      const changes = diffSpecs(before, after);
      expect(changes.length).toBeGreaterThan(0);
      const verdict = changes.some((change) => change.severity === 'breaking') ? 'breaking' : 'non-breaking';
      expect(verdict, changes.map((change) => `${change.severity} ${change.where} ${change.reason}`).join('\n')).toBe(
        c.expect,
      );
    });

    it(`api-smart-diff alone says ${c.library}`, () => {
      expect(libraryVerdict(before, after)).toBe(c.library);
    });
  });
});
