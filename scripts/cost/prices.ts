// The AWS list prices this project counts with (us-east-1, USD), each with the page it comes from and the day it was read.
// One table for the idle cost (scripts/cost/idleCost.ts), the stack's estimated-spend alarm and any later cost figure.

/**
 * How a figure was established: read on the AWS page itself, read on a secondary page quoting it (the stored AWS page
 * renders its tables client-side), or not confirmed here at all (no stored page carried the number).
 */
export type Evidence = 'aws-page' | 'secondary' | 'unconfirmed';

export interface Price {
  readonly usd: number;
  readonly unit: string;
  /** The AWS pricing page the figure belongs to. */
  readonly source: string;
  /** Where the figure was read when the AWS page's stored copy renders its tables client-side (no numbers). */
  readonly readFrom?: string;
  readonly evidence: Evidence;
  readonly region: 'us-east-1';
  /** The day the figure was read (YYYY-MM-DD). */
  readonly read: string;
  readonly note?: string;
}

const READ = '2026-12-04';
const price = (p: Omit<Price, 'region' | 'read'>): Price => ({ ...p, region: 'us-east-1', read: READ });

export const prices = {
  wafWebAcl: price({
    usd: 5,
    unit: 'web ACL-month',
    source: 'https://aws.amazon.com/waf/pricing/',
    readFrom: 'https://c3x.dev/blog/aws-waf-cost-explained/',
    evidence: 'secondary',
    note: 'prorated hourly; the same in every region (https://aws.amazon.com/blogs/networking-and-content-delivery/cost-effective-ways-for-securing-your-web-applications-using-aws-waf/)',
  }),
  wafRule: price({
    usd: 1,
    unit: 'rule-month',
    source: 'https://aws.amazon.com/waf/pricing/',
    readFrom: 'https://aws.github.io/aws-security-services-best-practices/guides/waf/waf-cost/docs/',
    evidence: 'secondary',
    note: 'a managed rule group counts as one rule (AWS security best-practices guide, same page)',
  }),
  wafRequests: price({
    usd: 0.6,
    unit: 'million requests',
    source: 'https://aws.amazon.com/waf/pricing/',
    readFrom: 'https://c3x.dev/blog/aws-waf-cost-explained/',
    evidence: 'secondary',
  }),
  cognitoM2mAppClient: price({
    usd: 6,
    unit: 'client-credentials app client-month',
    source: 'https://aws.amazon.com/cognito/pricing/',
    readFrom: 'https://dev.classmethod.jp/articles/amazon-cognito-tiered-pricing-m2m-usage',
    evidence: 'secondary',
    note: 'charged since 2024-07-09 for every app client allowed the client_credentials grant; no free tier',
  }),
  cognitoM2mTokens: price({
    usd: 2.25,
    unit: 'thousand token requests',
    source: 'https://aws.amazon.com/cognito/pricing/',
    readFrom: 'https://cur.vantage-api.com/aws/amazoncognito/user-pools-m2m/cupm2mtokenrequestsfull',
    evidence: 'secondary',
  }),
  kmsKey: price({
    usd: 1,
    unit: 'customer managed key-month',
    source: 'https://aws.amazon.com/kms/pricing/',
    evidence: 'aws-page',
    note: 'prorated hourly; nothing while scheduled for deletion; each automatic rotation adds $1/month (first two rotations)',
  }),
  secret: price({
    usd: 0.4,
    unit: 'secret-month',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    readFrom: 'https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms',
    evidence: 'secondary',
  }),
  alarmMetric: price({
    usd: 0.1,
    unit: 'standard-resolution alarm metric-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    readFrom: 'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm',
    evidence: 'secondary',
    note: 'an alarm on metric math is billed per metric in the expression; the first 10 alarm metrics of an account are free (AWS page)',
  }),
  dashboard: price({
    usd: 3,
    unit: 'dashboard-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    readFrom: 'https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/',
    evidence: 'secondary',
    note: 'the first 3 dashboards of an account (up to 50 metrics each) are free (AWS page)',
  }),
  logsIngested: price({
    usd: 0.5,
    unit: 'GB ingested into CloudWatch Logs',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    readFrom: 'https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/',
    evidence: 'secondary',
  }),
  restApiRequests: price({
    usd: 3.5,
    unit: 'million REST API requests',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    readFrom:
      'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html',
    evidence: 'aws-page',
    note: 'first 333 million requests a month',
  }),
  restApiCache05Gb: price({
    usd: 0.02,
    unit: 'hour of a 0.5 GB cache',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    readFrom: 'https://awsforengineers.com/blog/aws-api-gateway-pricing-explained',
    evidence: 'secondary',
    note: 'an older secondary page says $0.028; not confirmed on the AWS page (its tables render client-side)',
  }),
  lambdaRequests: price({
    usd: 0.2,
    unit: 'million requests',
    source: 'https://aws.amazon.com/lambda/pricing/',
    evidence: 'unconfirmed',
    note: 'the stored AWS page renders its price table client-side and no other stored page quoted it',
  }),
  lambdaArmGbSecond: price({
    usd: 0.0000133334,
    unit: 'GB-second (arm64, first tier)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    evidence: 'unconfirmed',
    note: 'the stored AWS page renders its price table client-side and no other stored page quoted it',
  }),
  lambdaArmProvisionedGbSecond: price({
    usd: 0.0000033334,
    unit: 'GB-second of provisioned concurrency (arm64)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    evidence: 'unconfirmed',
    note: 'the stored AWS page renders its price table client-side; billed from enabled to disabled, in 5-minute steps',
  }),
  dynamoReadRequestUnits: price({
    usd: 0.125,
    unit: 'million on-demand read request units',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    evidence: 'unconfirmed',
    note: 'the on-demand price since the 2024-11 cut; no stored page carried the number',
  }),
  dynamoWriteRequestUnits: price({
    usd: 0.625,
    unit: 'million on-demand write request units',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    evidence: 'unconfirmed',
    note: 'the on-demand price since the 2024-11 cut; no stored page carried the number',
  }),
  httpApiRequests: price({
    usd: 1,
    unit: 'million HTTP API requests',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    readFrom: 'https://awsforengineers.com/blog/aws-api-gateway-pricing-explained',
    evidence: 'secondary',
    note: 'first 300 million requests a month, metered in 512 KB steps (AWS whitepaper on API Gateway cost optimization)',
  }),
  xrayTracesRecorded: price({
    usd: 5,
    unit: 'million X-Ray traces recorded',
    source: 'https://aws.amazon.com/xray/pricing/',
    readFrom: 'https://aws.amazon.com/de/xray/pricing/',
    evidence: 'aws-page',
    note: 'the first 100,000 traces a month are free; the default sampling rule records the first request each second and 5% of the rest',
  }),
  s3PutRequests: price({
    usd: 0.005,
    unit: 'thousand S3 Standard PUT, COPY, POST or LIST requests',
    source: 'https://aws.amazon.com/s3/pricing/',
    readFrom: 'https://c3x.dev/blog/s3-request-fees-explained',
    evidence: 'secondary',
    note: 'DELETE requests are free (the AWS calculator page http://s3.amazonaws.com/calculator/calc5.html: "Delete Requests are not charged")',
  }),
  s3GetRequests: price({
    usd: 0.0004,
    unit: 'thousand S3 Standard GET, HEAD and all other requests',
    source: 'https://aws.amazon.com/s3/pricing/',
    readFrom: 'https://c3x.dev/blog/s3-request-fees-explained',
    evidence: 'secondary',
  }),
  s3StandardStorage: price({
    usd: 0.023,
    unit: 'GB-month of S3 Standard storage (first 50 TB a month)',
    source: 'https://aws.amazon.com/s3/pricing/',
    readFrom: 'https://devnotes.tech/understanding-aws-s3-pricing-a-complete-cost-breakdown-with-examples',
    evidence: 'secondary',
    note: 'the stored AWS page renders its price cells client-side; a gist of the AWS table (https://gist.github.com/EverettBerry/a37438006529a55f42da6fdbc44a505c) gives the same figure',
  }),
  dataTransferOut: price({
    usd: 0.09,
    unit: 'GB transferred out to the internet (first 10 TB a month)',
    source: 'https://aws.amazon.com/s3/pricing/',
    readFrom: 'https://www.usage.ai/blogs/s3-egress-cost/',
    evidence: 'secondary',
    note: 'the first 100 GB a month, summed over the account, are free; data transfer in (the upload) is free',
  }),
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof prices;

/** Hours in an average month (365 × 24 / 12), the month AWS prorates monthly and hourly prices over. */
export const HOURS_PER_MONTH = 730;

/** One markdown line per price: the figure, its unit, where it comes from and when it was read. */
export function priceSources(names: readonly PriceName[]): string[] {
  return names.map((name) => {
    const p: Price = prices[name];
    const via = p.readFrom === undefined ? '' : ` (read on ${p.readFrom})`;
    const evidence = { 'aws-page': '', secondary: ', secondary source', unconfirmed: ', not confirmed' }[p.evidence];
    const figure = Number(p.usd.toFixed(2)) === p.usd ? p.usd.toFixed(2) : String(p.usd);
    return `- $${figure} per ${p.unit}: ${p.source}${via}${evidence}, ${p.read}`;
  });
}
