// Collects check outcomes per operation, keeps each failure with its curl reproducer, and prints/writes the report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Exchange, toCurl } from './exchange.js';
import type { CheckResult } from './responseChecks.js';

export interface OperationCheck {
  operationId: string;
  check: string;
  passed: number;
  failed: number;
}

export interface Failure {
  phase: string;
  operationId: string;
  check: string;
  message: string;
  /** What the generated input was meant to exercise (a negative case's reason, a scenario's step). */
  input: string;
  /** curl commands that replay the failing run, in order. */
  reproducer: string[];
  exchanges: { request: Exchange['request']; response: Exchange['response'] }[];
}

export interface Report {
  baseUrl: string;
  seed: number;
  examples: number;
  phases: string[];
  startedAt: string;
  durationMs: number;
  requests: number;
  checks: OperationCheck[];
  failures: Failure[];
  ok: boolean;
}

/** One executed case: its exchanges and the outcome of every check, attributed to an operation. */
export class Run {
  readonly exchanges: Exchange[] = [];
  /** Each outcome knows how many exchanges had happened when it was judged: its reproducer stops there. */
  readonly results: (CheckResult & { operationId: string; exchanges: number })[] = [];
  constructor(public input: string) {}

  add(operationId: string, results: CheckResult[]): boolean {
    for (const r of results) this.results.push({ ...r, operationId, exchanges: this.exchanges.length });
    return results.every((r) => r.ok);
  }

  get failed(): boolean {
    return this.results.some((r) => !r.ok);
  }
}

export class Recorder {
  private readonly counts = new Map<string, OperationCheck>();
  readonly failures: Failure[] = [];
  requests = 0;

  constructor(private readonly secrets: Record<string, string>) {}

  count(run: Run): void {
    for (const r of run.results) {
      const key = `${r.operationId}\u0000${r.check}`;
      const entry = this.counts.get(key) ?? { operationId: r.operationId, check: r.check, passed: 0, failed: 0 };
      if (r.ok) entry.passed++;
      else entry.failed++;
      this.counts.set(key, entry);
    }
  }

  /** Records a failed run as one failure per failed check, each with the requests that led up to it. */
  fail(phase: string, run: Run): void {
    for (const r of run.results.filter((result) => !result.ok)) {
      const upTo = run.exchanges.slice(0, r.exchanges);
      const reproducer = upTo.map((e) => toCurl(e.request, this.secrets));
      const exchanges = upTo.map(({ request, response }) => ({ request, response }));
      this.failures.push({
        phase,
        operationId: r.operationId,
        check: r.check,
        message: r.message ?? 'failed',
        input: run.input,
        reproducer,
        exchanges,
      });
    }
  }

  checks(): OperationCheck[] {
    return [...this.counts.values()].sort(
      (a, b) => a.operationId.localeCompare(b.operationId) || a.check.localeCompare(b.check),
    );
  }
}

const MAX_SHOWN = 1500;
const shorten = (text: string) =>
  text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (full text in the JSON report)` : text;

/** The summary table and the failures with their reproducers, as printed by `npm run test:contract`. */
export function formatReport(report: Report): string {
  const rows = report.checks.map((c) => [c.operationId, c.check, String(c.passed), String(c.failed)]);
  const header = ['operation', 'check', 'passed', 'failed'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  const out = [
    `Contract run against ${report.baseUrl} (seed ${report.seed}, ${report.examples} examples per operation, phases ${report.phases.join(', ')})`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
  ];
  const seen = new Set<string>();
  for (const f of report.failures) {
    // The same check failing in one operation is reported once: the first (shrunk) reproducer is enough.
    const key = `${f.phase}|${f.operationId}|${f.check}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`FAIL ${f.operationId} ${f.check} [${f.phase}]: ${f.message}`);
    out.push(`  input: ${f.input}`);
    const last = f.exchanges.at(-1);
    if (last !== undefined) out.push(`  answered: ${last.response.status} ${shorten(last.response.text)}`);
    out.push(
      f.reproducer.length > 1
        ? '  reproduce (ids and validators are the ones this run got; what it created was kept, so the commands replay as they are):'
        : '  reproduce:',
    );
    for (const curl of f.reproducer) out.push(`    ${shorten(curl)}`);
    out.push('');
  }
  const passed = report.checks.reduce((n, c) => n + c.passed, 0);
  const failed = report.checks.reduce((n, c) => n + c.failed, 0);
  out.push(
    `${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s; checks: ${passed} passed, ${failed} failed; ${report.ok ? 'contract holds' : `${seen.size} distinct failures`}. Rerun with SEED=${report.seed}.`,
  );
  return out.join('\n');
}

export function writeReport(report: Report, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
