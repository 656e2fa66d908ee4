// `npm run bench -- --smoke` runs every section end to end with tiny counts (no timing is asserted: speed is a
// benchmark's business, measured by `npm run bench`); this only proves the benchmarks still work.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --smoke', () => {
  it('measures every section against its baseline and writes the JSON report', async () => {
    // Arrange
    const out = join(dir, 'bench.json');

    // Act
    const { stdout } = await run('npm', ['run', 'bench', '--', '--smoke', `--out=${out}`], { timeout: 540_000 });

    // Assert
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const sections = new Set(report.rows.map((r: { section: string }) => r.section.split(' ')[0]));
    expect([...sections]).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    for (const r of report.rows) {
      expect(Number.isFinite(r.ours) && Number.isFinite(r.baseline) && r.baseline >= 0).toBe(true);
    }
    expect(stdout).toMatch(/\| Section \| Measure \| Ours \| Baseline \| Ratio \|/);
  }, 600_000);
});
