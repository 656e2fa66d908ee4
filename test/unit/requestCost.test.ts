// The arithmetic `npm run cost` prices a request and a month of traffic with.
// Lambda's CPU share by memory, each part per million requests from the price table, X-Ray's default sampling, the
// HTTP API comparison, and the mix from the command line.
import { describe, expect, it } from 'vitest';
import { accessLogBytes, s3RequestKind } from '../../scripts/cost/measureOperations.js';
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
  s3RequestPrice,
  s3RequestsText,
  storageUsd,
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
  entry: 'gateway',
  s3Requests: {},
  objectsOut: 0,
};
const createUser: OperationMeasure = { ...getUser, operation: 'createUser', readUnits: 0, writeUnits: 6 };
const MiB = 1024 * 1024;
const stage: StageFacts = {
  name: 'prod',
  memoryMb: 512,
  waf: true,
  xray: true,
  idleUsd: 21.8,
  restOnlyIdleUsd: 9,
  avatarMaxBytes: MiB,
  avatarBytes: MiB,
};
/** A client's upload to S3 and the notification S3 sends the Lambda: no gateway, a POST and the handler's HEAD. */
const avatarUpload: OperationMeasure = {
  ...getUser,
  operation: 'avatarUpload',
  route: 'POST to S3, S3 → Lambda',
  entry: 's3-event',
  readUnits: 1,
  writeUnits: 2,
  lambdaLogBytes: 0,
  accessLogBytes: 0,
  s3Requests: { HEAD: 1, POST: 1 },
};
/** A client's download from S3: one GET, one avatar out to the internet, nothing else. */
const avatarDownload: OperationMeasure = {
  ...getUser,
  operation: 'avatarDownload',
  route: 'GET from S3',
  entry: 's3',
  readUnits: 0,
  cpuMs: 0,
  waitMs: 0,
  lambdaLogBytes: 0,
  accessLogBytes: 0,
  s3Requests: { GET: 1 },
  objectsOut: 1,
};

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

describe('what an avatar costs', () => {
  it('prices S3 requests by tier: PUT, COPY, POST and LIST at one price, GET, HEAD and the rest at another, DELETE free', () => {
    expect(['PUT', 'COPY', 'POST', 'LIST'].map(s3RequestPrice)).toEqual(Array(4).fill('s3PutRequests'));
    expect(['GET', 'HEAD', 'OPTIONS'].map(s3RequestPrice)).toEqual(Array(3).fill('s3GetRequests'));
    expect(s3RequestPrice('DELETE')).toBeUndefined();
    // $0.005 and $0.0004 per thousand (prices.ts): $5 and $0.40 per million.
    expect(prices.s3PutRequests.usd).toBe(0.005);
    expect(prices.s3GetRequests.usd).toBe(0.0004);
  });

  it('names the request the local S3 received as S3 bills it: a GET of the bucket itself is a LIST', () => {
    expect(s3RequestKind('GET', '/avatars-bucket?list-type=2')).toBe('LIST');
    expect(s3RequestKind('GET', '/avatars-bucket/')).toBe('LIST');
    expect(s3RequestKind('GET', '/avatars-bucket/avatars/3f6f1c9a?X-Amz-Signature=ab')).toBe('GET');
    expect(s3RequestKind('POST', '/avatars-bucket')).toBe('POST');
    expect(s3RequestKind('HEAD', '/avatars-bucket/avatars/3f6f1c9a')).toBe('HEAD');
  });

  it('an upload: the S3 POST and the HEAD the notification makes, the Lambda, its units and lines; no gateway', () => {
    const parts = requestCost(avatarUpload, stage);
    expect(parts.map((p) => p.part)).toEqual(['Lambda', 'DynamoDB', 'CloudWatch Logs', 'X-Ray', 'S3 requests']);
    // 1 POST × $5/M + 1 HEAD × $0.40/M.
    expect(part(avatarUpload, stage, 'S3 requests')).toBeCloseTo(5.4, 10);
    // 1 read unit × $0.125/M + 2 write units × $0.625/M.
    expect(part(avatarUpload, stage, 'DynamoDB')).toBeCloseTo(1.375, 10);
    // Only Lambda's own lines: the handler logs nothing, and no access-log line.
    expect(part(avatarUpload, stage, 'CloudWatch Logs')).toBeCloseTo(
      (1e6 * LAMBDA_PLATFORM_LOG_BYTES * 0.5) / 1024 ** 3,
      10,
    );
  });

  it('a download: one GET-tier request and the avatar sent to the internet, at the priced size', () => {
    const parts = requestCost(avatarDownload, stage);
    expect(parts.map((p) => p.part)).toEqual(['S3 requests', 'Data transfer out']);
    expect(part(avatarDownload, stage, 'S3 requests')).toBeCloseTo(0.4, 10);
    // A million 1 MiB avatars = 976.5625 GB × $0.09.
    expect(part(avatarDownload, stage, 'Data transfer out')).toBeCloseTo(87.890625, 8);
    // 100 KB avatars: a tenth of a MiB, about a tenth of the transfer.
    const small = { ...stage, avatarBytes: 100 * 1024 };
    expect(part(avatarDownload, small, 'Data transfer out')).toBeCloseTo(8.58306884765625, 8);
  });

  it('a presigned request makes no S3 request, so it has no S3 part; a DELETE is counted and free', () => {
    const grant: OperationMeasure = { ...getUser, operation: 'requestAvatarUpload' };
    expect(requestCost(grant, stage).some((p) => p.part.startsWith('S3'))).toBe(false);
    expect(s3RequestsText(grant.s3Requests)).toBe('0');
    const deleteUser: OperationMeasure = { ...createUser, operation: 'deleteUser', s3Requests: { DELETE: 1 } };
    expect(part(deleteUser, stage, 'S3 requests')).toBe(0);
    expect(s3RequestsText(avatarUpload.s3Requests)).toBe('1 HEAD + 1 POST');
  });

  it('storage: the avatars kept through the month, at the priced size, per GB-month of S3 Standard', () => {
    // 500,000 × 1 MiB = 488.28125 GB × $0.023.
    expect(storageUsd(500_000, stage)).toBeCloseTo(11.23046875, 8);
    expect(storageUsd(0, stage)).toBe(0);
  });

  it('a month with avatars: storage added; S3 rows cost the same on an HTTP API; a download is not traced', () => {
    const month = monthlyCost([avatarUpload, avatarDownload], stage, { avatarDownload: 2_000_000 }, 500_000);
    const downloads = 2 * totalPerMillion(requestCost(avatarDownload, stage));
    expect(month.usageUsd).toBeCloseTo(downloads, 8);
    expect(month.storageUsd).toBeCloseTo(11.23046875, 8);
    expect(month.totalUsd).toBeCloseTo(21.8 + downloads + 11.23046875, 8);
    // No gateway request: the HTTP API saves only the REST-only idle cost.
    expect(month.totalUsd - month.httpApiTotalUsd).toBeCloseTo(9, 8);
    // An upload's notification is traced by the function's active tracing, and costs no HTTP API request.
    const uploads = monthlyCost([avatarUpload], stage, { avatarUpload: 1000 });
    const untraced = totalPerMillion(requestCost(avatarUpload, { ...stage, xray: false })) / 1000;
    expect(uploads.usageUsd).toBeCloseTo(untraced + (1000 / 1e6) * prices.xrayTracesRecorded.usd, 10);
    expect(uploads.totalUsd - uploads.httpApiTotalUsd).toBeCloseTo(9, 10);
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

  it('renders the avatar rows with their S3 requests, the storage of the month, and the S3 prices used', () => {
    const measures = [getUser, avatarUpload, avatarDownload];
    const mix = { getUser: 1_000_000, avatarUpload: 10_000, avatarDownload: 90_000 };
    const text = renderRequestCost(measures, [stage], mix, 'in a test', 500_000);
    expect(text).toContain('| avatarUpload (`POST to S3, S3 → Lambda`) | 1 | 2 |');
    expect(text).toMatch(/\| avatarDownload \(`GET from S3`\) \| 0 \| 0 \| – \| – \| 1 GET \|/);
    expect(text).toContain('1,000,000 API requests and 100,000 uploads to and downloads from S3');
    expect(text).toContain('with 500,000 avatars stored');
    expect(text).toMatch(/\| prod \| \$21\.80 \| \$[\d.]+ \| \$11\.23 \|/);
    expect(text).toContain('1,048,576 bytes, the largest upload prod accepts');
    for (const name of ['s3PutRequests', 's3GetRequests', 's3StandardStorage', 'dataTransferOut'] as const) {
      expect(text).toContain(prices[name].unit);
    }
  });
});
