// `npm run audit:runtime`: fails on a high or critical advisory in a runtime dependency (npm audit --omit=dev).
// A registry without npm's advisory endpoint is reported as not checked, and fails only with AUDIT_REQUIRED=true.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';
interface Advisory {
  title?: string;
  url?: string;
  severity?: Severity;
}
/** npm audit --json (report version 2), or npm's error object when the registry did not answer the audit. */
export interface AuditReport {
  vulnerabilities?: Record<string, { severity: Severity; via: (string | Advisory)[] }>;
  metadata?: { vulnerabilities?: Record<Severity, number> };
  statusCode?: number;
  message?: string;
  error?: { code?: string; summary?: string };
}

const FAILING: readonly Severity[] = ['high', 'critical'];

/** What to print and whether the run fails. */
export function auditVerdict(report: AuditReport, required: boolean): { failed: boolean; lines: string[] } {
  if (report.metadata?.vulnerabilities === undefined) {
    const why = report.message ?? report.error?.summary ?? report.error?.code ?? 'no audit report';
    return {
      failed: required,
      lines: [`npm audit: runtime dependencies NOT checked, the registry answered no audit (${why}).`],
    };
  }
  const found = Object.entries(report.vulnerabilities ?? {}).map(([name, v]) => {
    const advisories = v.via.filter((via): via is Advisory => typeof via === 'object');
    const titles = advisories.map((a) => `${a.title ?? 'advisory'}${a.url ? ` (${a.url})` : ''}`);
    return {
      name,
      severity: v.severity,
      line: `  ${v.severity.padEnd(8)} ${name}: ${titles.join('; ') || `via ${v.via.join(', ')}`}`,
    };
  });
  const failing = found.filter((f) => FAILING.includes(f.severity));
  const counts = report.metadata.vulnerabilities;
  return {
    failed: failing.length > 0,
    lines: [
      `npm audit --omit=dev: ${counts.critical} critical, ${counts.high} high, ${counts.moderate} moderate, ${counts.low} low.`,
      ...found.map((f) => f.line),
      ...(failing.length > 0
        ? ['A runtime dependency has a high or critical advisory: upgrade it (npm audit fix).']
        : []),
    ],
  };
}

if (import.meta.main) {
  // npm audit exits 1 when it finds anything: its JSON decides here.
  const { stdout } = await promisify(execFile)('npm', ['audit', '--omit=dev', '--json'], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '{}' }));
  const { failed, lines } = auditVerdict(
    JSON.parse(stdout || '{}') as AuditReport,
    process.env.AUDIT_REQUIRED === 'true',
  );
  for (const line of lines) (failed ? console.error : console.log)(line);
  process.exit(failed ? 1 : 0);
}
