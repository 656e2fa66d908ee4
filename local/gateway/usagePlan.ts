// API Gateway usage plans for the local gateway: per API key, a token bucket (rate + burst) and a daily quota.
import { TokenBucket } from 'limiter';
import type { UsagePlanSettings } from '../../config/stages.js';

export type UsageDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'rate' | 'quota'; readonly retryAfterSeconds: number };

interface KeyUsage {
  readonly bucket: TokenBucket;
  /** Epoch ms of the next midnight UTC, when the daily count starts again. */
  nextDayAt: number;
  used: number;
}

export interface UsagePlan {
  /** Counts one request for the key, or says how long to wait. A refused request uses neither rate nor quota. */
  take(apiKeyId: string): UsageDecision;
}

const DAY_MS = 86_400_000;
const nextMidnightUtc = (ms: number) => (Math.floor(ms / DAY_MS) + 1) * DAY_MS;

export function createUsagePlan(settings: UsagePlanSettings, now: () => number = Date.now): UsagePlan {
  const usage = new Map<string, KeyUsage>();
  return {
    take(apiKeyId) {
      let key = usage.get(apiKeyId);
      if (key === undefined) {
        const bucket = new TokenBucket({
          bucketSize: settings.burstLimit,
          tokensPerInterval: settings.rateLimit,
          interval: 'second',
        });
        // limiter's bucket starts empty; API Gateway's starts full, so a fresh key can burst at once.
        bucket.content = settings.burstLimit;
        key = { bucket, nextDayAt: nextMidnightUtc(now()), used: 0 };
        usage.set(apiKeyId, key);
      }
      // The daily quota is a plain counter, reset at midnight UTC as API Gateway's DAY period is. limiter's RateLimiter
      // would start its day at the first request instead, so this one counter is written here.
      const at = now();
      if (at >= key.nextDayAt) {
        key.nextDayAt = nextMidnightUtc(at);
        key.used = 0;
      }
      if (key.used >= settings.quotaPerDay) {
        return {
          allowed: false,
          reason: 'quota',
          retryAfterSeconds: Math.max(1, Math.ceil((key.nextDayAt - at) / 1000)),
        };
      }
      if (!key.bucket.tryRemoveTokens(1)) {
        const waitMs = key.bucket.getWaitTime(1);
        return { allowed: false, reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      }
      key.used += 1;
      return { allowed: true };
    },
  };
}
