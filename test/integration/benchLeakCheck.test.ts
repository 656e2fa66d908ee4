// The memory bench's leak check (bench/memory.ts) on a handler known to leak and on one known not to: RSS less the
// young generation must tell them apart, in the bench's own child process, with the bench's own target.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundle } from '../../bench/coldStart.js';
import { leakRow, type Reading } from '../../bench/memory.js';

const handler = resolve(import.meta.dirname, '../fixtures/bench/leakyLambda.mjs');
const requests = 4000;

async function leakCheck(leakKb: number) {
  const { memory } = await runBundle(
    handler,
    { tableName: 'unused', endpoint: 'http://127.0.0.1:9', userId: 'u' },
    { requests, nodeFlags: ['--expose-gc'], env: { LEAK_KB: String(leakKb) } },
  );
  const at = (n: number) => memory?.[String(n)] as Reading;
  return leakRow(requests, [at(requests / 2)], [at(requests)]);
}

describe('the memory bench leak check', () => {
  it('fails a handler that keeps 16 KB of every request', async () => {
    // Act
    const check = await leakCheck(16);

    // Assert: 2,000 requests keep 31 MB more at the second reading
    expect(check.ours - check.baseline).toBeGreaterThan(25);
    expect(check.holds).toBe(false);
  }, 60_000);

  it('passes the same handler keeping nothing', async () => {
    // Act
    const check = await leakCheck(0);

    // Assert
    expect(check.holds).toBe(true);
  }, 60_000);
});
