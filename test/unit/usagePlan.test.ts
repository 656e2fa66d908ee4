// The local usage plan's bookkeeping: the daily quota resets at midnight UTC, and refused requests use no quota.
import { describe, expect, it } from 'vitest';
import { createUsagePlan } from '../../local/gateway/usagePlan.js';

describe('the usage plan', () => {
  it('counts the quota per key per UTC day and resets it at midnight', () => {
    // Arrange
    let now = Date.parse('2026-11-24T23:59:50Z');
    const plan = createUsagePlan({ rateLimit: 1000, burstLimit: 1000, quotaPerDay: 2 }, () => now);
    // Act + Assert
    expect(plan.take('a')).toEqual({ allowed: true });
    expect(plan.take('a')).toEqual({ allowed: true });
    expect(plan.take('a')).toEqual({ allowed: false, reason: 'quota', retryAfterSeconds: 10 });
    expect(plan.take('b')).toEqual({ allowed: true });
    now = Date.parse('2026-11-25T00:00:00Z');
    expect(plan.take('a')).toEqual({ allowed: true });
  });

  it('starts each key with a full burst, then refuses with a Retry-After of at least a second', () => {
    const plan = createUsagePlan({ rateLimit: 1, burstLimit: 3, quotaPerDay: 100 });
    const decisions = Array.from({ length: 4 }, () => plan.take('a'));
    expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(decisions[3]).toEqual({ allowed: false, reason: 'rate', retryAfterSeconds: 1 });
  });

  it('does not charge the quota for a request refused for rate', async () => {
    // Arrange: one request a second, two a day
    const plan = createUsagePlan({ rateLimit: 1, burstLimit: 1, quotaPerDay: 2 });
    expect(plan.take('a').allowed).toBe(true);
    // Act: refused for rate five times, then wait for the bucket to refill
    for (let i = 0; i < 5; i++) expect(plan.take('a')).toMatchObject({ reason: 'rate' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Assert: the second request of the day still fits the quota
    expect(plan.take('a')).toEqual({ allowed: true });
    expect(plan.take('a')).toMatchObject({ allowed: false, reason: 'quota' });
  });
});
