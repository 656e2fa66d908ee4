// API Gateway usage plans for the local gateway: per API key, a token bucket (rate + burst) and a daily quota.
import { TokenBucket } from 'limiter';
import type { UsagePlanSettings } from '../../config/stages.js';

export type UsageDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'rate' | 'quota'; readonly retryAfterSeconds: number };

interface KeyUsage {
  readonly bucket: TokenBucket;
  day: string;
  used: number;
}

export interface UsagePlan {
  /** Counts one request for the key, or says how long to wait. A refused request uses neither rate nor quota. */
  take(apiKeyId: string): UsageDecision;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

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
        key = { bucket, day: utcDay(now()), used: 0 };
        usage.set(apiKeyId, key);
      }
      // The daily quota is a plain counter, reset at midnight UTC as API Gateway's DAY period is. limiter's RateLimiter
      // would start its day at the first request instead, so this one counter is written here.
      const today = utcDay(now());
      if (key.day !== today) {
        key.day = today;
        key.used = 0;
      }
      if (key.used >= settings.quotaPerDay) {
        const midnight = Date.parse(`${today}T00:00:00.000Z`) + 86_400_000;
        return {
          allowed: false,
          reason: 'quota',
          retryAfterSeconds: Math.max(1, Math.ceil((midnight - now()) / 1000)),
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
