// The runtime-dependency audit's verdict on npm audit's reports: high and critical fail, lower ones are listed, and an
// audit the registry did not answer is said to be unchecked (a failure only where the audit is required).
import { describe, expect, it } from 'vitest';
import { type AuditReport, auditVerdict } from '../../scripts/auditRuntime.js';

const counts = (c: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>>) => ({
  info: 0,
  low: 0,
  moderate: 0,
  high: 0,
  critical: 0,
  ...c,
});
const advisory = (severity: 'low' | 'moderate' | 'high' | 'critical') => ({
  title: `a ${severity} bug`,
  url: `https://github.com/advisories/GHSA-${severity}`,
  severity,
});

describe('npm run audit:runtime', () => {
  it('passes a clean report', () => {
    const verdict = auditVerdict({ vulnerabilities: {}, metadata: { vulnerabilities: counts({}) } }, true);
    expect(verdict).toEqual({ failed: false, lines: ['npm audit --omit=dev: 0 critical, 0 high, 0 moderate, 0 low.'] });
  });

  it('lists low and moderate advisories without failing', () => {
    const report: AuditReport = {
      vulnerabilities: { 'left-pad': { severity: 'moderate', via: [advisory('moderate')] } },
      metadata: { vulnerabilities: counts({ moderate: 1 }) },
    };
    const verdict = auditVerdict(report, true);
    expect(verdict.failed).toBe(false);
    expect(verdict.lines).toContain(
      '  moderate left-pad: a moderate bug (https://github.com/advisories/GHSA-moderate)',
    );
  });

  it.each(['high', 'critical'] as const)(
    'fails on a %s advisory, naming the package, directly or through another',
    (severity) => {
      const report: AuditReport = {
        vulnerabilities: {
          'deep-dep': { severity, via: [advisory(severity)] },
          'direct-dep': { severity, via: ['deep-dep'] },
        },
        metadata: { vulnerabilities: counts({ [severity]: 2 }) },
      };
      const verdict = auditVerdict(report, false);
      expect(verdict.failed).toBe(true);
      expect(verdict.lines.join('\n')).toContain(`deep-dep: a ${severity} bug`);
      expect(verdict.lines.join('\n')).toContain('direct-dep: via deep-dep');
    },
  );

  it('says so when the registry answers no audit, and fails then only where the audit is required', () => {
    // What npm 11 prints against a registry that serves packages but not /-/npm/v1/security/advisories/bulk.
    const refused: AuditReport = {
      message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '' },
    };
    for (const required of [false, true]) {
      const verdict = auditVerdict(refused, required);
      expect(verdict.failed).toBe(required);
      expect(verdict.lines).toEqual([expect.stringMatching(/NOT checked.*405 Method Not Allowed/)]);
    }
  });
});
