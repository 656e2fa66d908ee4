// The arithmetic `npm run cost` prices a request and a month of traffic with.
// Lambda's CPU share by memory, each part per million requests from the price table, X-Ray's default sampling, the
// HTTP API comparison, and the mix from the command line.
import { describe, expect, it } from 'vitest';
import { accessLogBytes } from '../../scripts/cost/measureOperations.js';
import { prices } from '../../scripts/cost/prices.js';
import {
  billedMs,
  LAMBDA_PLATFORM_LOG_BYTES,
  monthlyCost,
  type OperationMeasure,
  parseMix,
  renderRequestCost,
  requestCost,
  type StageFacts,
  totalPerMillion,
  tracesRecorded,
} from '../../scripts/cost/requestCost.js';

const getUser: OperationMeasure = {
  operation: 'getUser',
  route: 'GET /users/{userId}',
  readUnits: 1,
  writeUnits: 0,
  refusedWrites: 0,
  cpuMs: 1,
  waitMs: 4,
  lambdaLogBytes: 400,
  accessLogBytes: 350,
};
const createUser: OperationMeasure = { ...getUser, operation: 'createUser', readUnits: 0, writeUnits: 6 };
const stage: StageFacts = { name: 'prod', memoryMb: 512, waf: true, xray: true, idleUsd: 21.8, restOnlyIdleUsd: 9 };

const part = (m: OperationMeasure, s: StageFacts, name: string) =>
  requestCost(m, s).find((p) => p.part === name)?.usdPerMillion;

describe('a request of an operation', () => {
  it('bills Lambda CPU time stretched by the memory’s share of a vCPU (1,769 MB is one), waits as they are', () => {
    expect(billedMs(1, 4, 1769)).toBe(5);
    expect(billedMs(1, 4, 3538)).toBe(5);
    expect(billedMs(1, 4, 512)).toBe(Math.ceil(1769 / 512 + 4));
    expect(billedMs(0.2, 0, 1769)).toBe(1);
  });

  it('prices each part per million requests from the price table', () => {
    expect(part(getUser, stage, 'API Gateway (REST)')).toBe(prices.restApiRequests.usd);
    expect(part(getUser, stage, 'WAF')).toBe(prices.wafRequests.usd);
    expect(part(getUser, stage, 'DynamoDB')).toBeCloseTo(prices.dynamoReadRequestUnits.usd);
    expect(part(createUser, stage, 'DynamoDB')).toBeCloseTo(6 * prices.dynamoWriteRequestUnits.usd);
    const gbSeconds = (billedMs(1, 4, 512) / 1000) * 0.5;
    expect(part(getUser, stage, 'Lambda')).toBeCloseTo(
      prices.lambdaRequests.usd + 1e6 * gbSeconds * prices.lambdaArmGbSecond.usd,
    );
    const bytes = 400 + 350 + LAMBDA_PLATFORM_LOG_BYTES;
    expect(part(getUser, stage, 'CloudWatch Logs')).toBeCloseTo((1e6 * bytes * prices.logsIngested.usd) / 1024 ** 3);
    expect(part(getUser, stage, 'X-Ray')).toBeCloseTo(0.05 * prices.xrayTracesRecorded.usd);
  });

  it('counts a refused conditional write as a write unit, and leaves out what a stage does not have', () => {
    expect(part({ ...createUser, refusedWrites: 1 }, stage, 'DynamoDB')).toBeCloseTo(
      7 * prices.dynamoWriteRequestUnits.usd,
    );
    const bare = { ...stage, waf: false, xray: false };
    expect(requestCost(getUser, bare).map((p) => p.part)).toEqual([
      'API Gateway (REST)',
      'Lambda',
      'DynamoDB',
      'CloudWatch Logs',
    ]);
  });

  it('an access-log line is the stack’s format filled in: it grows with the route and the response length', () => {
    const short = accessLogBytes('GET', '/hello', 200, 9);
    expect(short).toBeGreaterThan(300);
    expect(accessLogBytes('GET', '/users/{userId}', 200, 9) - short).toBe('/users/{userId}'.length - '/hello'.length);
    expect(accessLogBytes('GET', '/hello', 200, 12345) - short).toBe(4);
  });
});

describe('a month of a traffic mix', () => {
  it('X-Ray records the first request of each second and 5% of the rest', () => {
    const seconds = 730 * 3600;
    expect(tracesRecorded(1000)).toBe(1000);
    expect(tracesRecorded(seconds)).toBe(seconds);
    expect(tracesRecorded(seconds + 1_000_000)).toBeCloseTo(seconds + 50_000);
  });

  it('is the idle cost plus each operation’s requests at its price', () => {
    const mix = { getUser: 3_000_000, createUser: 1_000_000 };
    const month = monthlyCost([getUser, createUser], stage, mix);
    const untraced = { ...stage, xray: false };
    const perRequest =
      3 * totalPerMillion(requestCost(getUser, untraced)) + totalPerMillion(requestCost(createUser, untraced));
    const xray = (tracesRecorded(4_000_000) / 1e6) * prices.xrayTracesRecorded.usd;
    expect(month.requests).toBe(4_000_000);
    expect(month.usageUsd).toBeCloseTo(perRequest + xray);
    expect(month.totalUsd).toBeCloseTo(21.8 + perRequest + xray);
  });

  it('on an HTTP API: its request price instead of REST’s, no WAF per request or per month', () => {
    const month = monthlyCost([getUser], stage, { getUser: 10_000_000 });
    const saved = 10 * (prices.restApiRequests.usd + prices.wafRequests.usd - prices.httpApiRequests.usd) + 9;
    expect(month.totalUsd - month.httpApiTotalUsd).toBeCloseTo(saved);
  });

  it('refuses an operation it has no measure of, naming the ones it has', () => {
    expect(() => monthlyCost([getUser], stage, { getUsers: 1 })).toThrow(/getUsers.*getUser/);
  });

  it('is read from the command line as operation=requests, and refuses anything else', () => {
    expect(parseMix('getUser=5000000,createUser/idempotencyKey=10')).toEqual({
      getUser: 5_000_000,
      'createUser/idempotencyKey': 10,
    });
    expect(() => parseMix('getUser')).toThrow(/operation=requests-per-month/);
    expect(() => parseMix('getUser=-1')).toThrow();
  });

  it('renders one row per operation, a month per stage and the sources of every price used', () => {
    const text = renderRequestCost([getUser, createUser], [stage], { getUser: 1_000_000 }, 'in a test');
    expect(text).toContain('| getUser (`GET /users/{userId}`) | 1 | 0 |');
    expect(text).toMatch(/\| prod \| \$21\.80 \|/);
    for (const name of ['restApiRequests', 'httpApiRequests', 'xrayTracesRecorded'] as const) {
      expect(text).toContain(prices[name].unit);
    }
  });
});
