// The request budget derived from the timeouts fits each stage's Lambda timeout, which fits API Gateway's 29 s.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultTimeouts, stages } from '../../config/stages.js';
import {
  API_GATEWAY_INTEGRATION_TIMEOUT_MS,
  checkTimeBudget,
  dynamoCallBudgetMs,
  LAMBDA_MARGIN_MS,
  requestBudgetMs,
  retryBackoffMs,
  s3CallBudgetMs,
  TimeBudgetError,
} from '../../config/timeBudget.js';
import { loadConfig, timeoutsOf } from '../../src/config.js';

describe('the time budget', () => {
  it('adds every attempt, the SDK backoff between them, the JWKS fetch and the idempotency wait', () => {
    const settings = {
      dynamoConnectTimeoutMs: 500,
      dynamoRequestTimeoutMs: 1500,
      dynamoMaxAttempts: 3,
      jwksTimeoutMs: 1500,
      idempotencyWaitMs: 2000,
      s3ConnectTimeoutMs: 500,
      s3RequestTimeoutMs: 1500,
      s3MaxAttempts: 2,
    };
    expect(retryBackoffMs(3)).toBe(50 + 100);
    expect(retryBackoffMs(1)).toBe(0);
    expect(dynamoCallBudgetMs(settings)).toBe(3 * 2000 + 150);
    expect(s3CallBudgetMs(settings)).toBe(2 * 2000 + 50);
    expect(requestBudgetMs(settings)).toBe(1500 + 2000 + 6150 + 4050);
  });

  it.each(Object.values(stages))('fits the Lambda timeout of stage $name', (stage) => {
    const budget = checkTimeBudget(stage.timeouts, stage.lambdaTimeoutSeconds * 1000);
    expect(budget.requestMs + LAMBDA_MARGIN_MS).toBeLessThanOrEqual(budget.lambdaTimeoutMs);
    expect(budget.lambdaTimeoutMs).toBeLessThan(API_GATEWAY_INTEGRATION_TIMEOUT_MS);
  });

  it('is what the process runs with by default (src/config.ts)', () => {
    expect(timeoutsOf(loadConfig({}))).toEqual(defaultTimeouts);
  });

  it('fails when a setting breaks the chain', () => {
    const lambdaMs = stages.prod.lambdaTimeoutSeconds * 1000;
    const raised = { ...stages.prod.timeouts, dynamoRequestTimeoutMs: 3000 };
    expect(() => checkTimeBudget(raised, lambdaMs)).toThrow(TimeBudgetError);
    expect(() => checkTimeBudget(raised, lambdaMs)).toThrow(/exceeds the Lambda timeout of 15000 ms/);
    expect(() => checkTimeBudget({ ...stages.prod.timeouts, dynamoMaxAttempts: 5 }, lambdaMs)).toThrow(TimeBudgetError);
    expect(() => checkTimeBudget(stages.prod.timeouts, 29_000)).toThrow(/below the integration timeout/);
    expect(() => checkTimeBudget(stages.prod.timeouts, 15_000, 30_000)).toThrow(/exceeds API Gateway/);
  });

  it('is stated in docs/api.md with the numbers computed here', () => {
    // Compared with line breaks as spaces: the page wraps its prose.
    const page = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const t = stages.prod.timeouts;
    const budget = checkTimeBudget(t, stages.prod.lambdaTimeoutSeconds * 1000);
    expect(page).toContain(
      `**${budget.requestMs} ms** = JWKS ${t.jwksTimeoutMs} + idempotency wait ${t.idempotencyWaitMs} + DynamoDB ` +
        `${t.dynamoMaxAttempts} × (${t.dynamoConnectTimeoutMs} connect + ${t.dynamoRequestTimeoutMs} request) + ` +
        `${retryBackoffMs(t.dynamoMaxAttempts)} backoff + S3 ${t.s3MaxAttempts} × (${t.s3ConnectTimeoutMs} + ` +
        `${t.s3RequestTimeoutMs}) + ${retryBackoffMs(t.s3MaxAttempts)}`,
    );
    expect(page).toContain(`one DynamoDB call at most **${budget.dynamoCallMs} ms**`);
    expect(page).toContain(
      `Lambda timeout **${stages.prod.lambdaTimeoutSeconds} s** (budget + ${LAMBDA_MARGIN_MS} ms margin fits)`,
    );
    expect(page).toContain(`API Gateway integration timeout **${API_GATEWAY_INTEGRATION_TIMEOUT_MS / 1000} s**`);
  });
});
