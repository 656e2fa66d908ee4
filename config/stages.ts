// Per-stage settings shared by the CDK stack (infra/) and the local gateway (src/local/): one place, no drift.
import type { TimeoutSettings } from './timeBudget.js';

export type StageName = 'local' | 'dev' | 'prod';

export interface UsagePlanSettings {
  /** Steady-state requests per second per API key. */
  readonly rateLimit: number;
  /** Bucket size for bursts per API key. */
  readonly burstLimit: number;
  /** Requests per API key per day. */
  readonly quotaPerDay: number;
}

export interface StageSettings {
  readonly name: StageName;
  readonly usagePlan: UsagePlanSettings;
  /** Stage-wide throttling (all callers). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** API Gateway cache TTL for cacheable GETs; 0 disables the cache cluster. */
  readonly cacheTtlSeconds: number;
  readonly logRetentionDays: number;
  /**
   * A stage whose data is real (prod): the table, the user pool, the avatars and the logs survive a stack delete
   * (RetainExceptOnCreate), the table is backed up (PITR), reads of the buckets are logged, and synth refuses
   * placeholder settings (infra/lib/checkStage.ts). Off (dev): a disposable stage that its stack deletes whole.
   */
  readonly protectData: boolean;
  /**
   * WAF rate-based rule: requests per 5 minutes per IP. Above the usage plan's rate × 300 s, so a client within its
   * plan is never blocked by the firewall (it is a flood guard for callers without a key).
   */
  readonly wafRateLimitPer5Min: number;
  /**
   * Browser origins allowed to call the API and upload avatars; `[]` allows none (server-to-server clients only). A
   * deploy sets a stage's real frontends with `-c corsAllowedOrigins=https://app.your-domain,...`.
   */
  readonly corsAllowedOrigins: readonly string[];
  /**
   * X-Ray subsegments for each DynamoDB call (Powertools Tracer, on the X-Ray SDK). Active tracing of API Gateway and
   * the Lambda is on in every stage regardless. Off in prod: the SDK's async hooks tax every promise and it adds
   * ~110 KB to load (docs/performance.md), and it is in maintenance mode since 2026-02-25.
   */
  readonly traceAwsSdkCalls: boolean;
  /** Lambda memory (MB), which also sets its CPU share: docs/operations.md "Cost and warmth" says which measurement picks it. */
  readonly lambdaMemoryMb: number;
  /**
   * Provisioned concurrency of the `live` alias: `min` 0 turns it off (the default, nothing billed while idle); above 0
   * Application Auto Scaling keeps the alias between `min` and `max` at `utilizationTarget`.
   */
  readonly provisionedConcurrency: { readonly min: number; readonly max: number; readonly utilizationTarget: number };
  /**
   * AWS Budgets monthly limit (USD, alerts at 80% and 100%) and the total impact (USD) an anomaly must reach to alert.
   * The first alert sits above the stage's idle cost (docs/operations.md "What an idle stage costs").
   */
  readonly cost: { readonly monthlyBudgetUsd: number; readonly anomalyThresholdUsd: number };
  readonly avatars: AvatarSettings;
  /** What bounds each outbound call; config/timeBudget.ts checks the request budget fits the Lambda timeout. */
  readonly timeouts: TimeoutSettings;
  readonly lambdaTimeoutSeconds: number;
}

/** Users' avatars, uploaded to and downloaded from S3 directly with presigned requests (docs/api.md "Avatars"). */
export interface AvatarSettings {
  /** Largest upload S3 accepts (the POST policy's content-length-range). */
  readonly maxBytes: number;
  /** Content types an upload may declare; a subset of the spec's AvatarUploadRequest.contentType enum. */
  readonly contentTypes: readonly string[];
  /** How long a presigned upload is valid. */
  readonly uploadTtlSeconds: number;
  /** How long the download URL that GET .../avatar redirects to is valid. */
  readonly downloadTtlSeconds: number;
}

const avatars: AvatarSettings = {
  maxBytes: 1024 * 1024,
  contentTypes: ['image/png', 'image/jpeg', 'image/webp'],
  uploadTtlSeconds: 300,
  downloadTtlSeconds: 60,
};

const noProvisionedConcurrency = { min: 0, max: 0, utilizationTarget: 0.7 };

/**
 * DynamoDB answers in single-digit ms in-region: 500 ms to connect and 1.5 s per attempt leave room for a bad moment
 * and still make 3 attempts (S3: 2); with the JWKS fetch and an idempotency wait they fit the 15 s Lambda (docs/api.md
 * "Time budget").
 */
export const defaultTimeouts: TimeoutSettings = {
  dynamoConnectTimeoutMs: 500,
  dynamoRequestTimeoutMs: 1500,
  dynamoMaxAttempts: 3,
  jwksTimeoutMs: 1500,
  idempotencyWaitMs: 2000,
  s3ConnectTimeoutMs: 500,
  s3RequestTimeoutMs: 1500,
  s3MaxAttempts: 2,
};

const seedUsagePlan: UsagePlanSettings = { rateLimit: 50, burstLimit: 100, quotaPerDay: 10_000 };

export const stages: Readonly<Record<StageName, StageSettings>> = {
  local: {
    name: 'local',
    usagePlan: seedUsagePlan,
    throttle: { rateLimit: 50, burstLimit: 100 },
    cacheTtlSeconds: 0,
    logRetentionDays: 1,
    protectData: false,
    wafRateLimitPer5Min: 20_000,
    corsAllowedOrigins: ['*'],
    traceAwsSdkCalls: false,
    lambdaMemoryMb: 512,
    provisionedConcurrency: noProvisionedConcurrency,
    cost: { monthlyBudgetUsd: 10, anomalyThresholdUsd: 5 },
    avatars,
    timeouts: defaultTimeouts,
    lambdaTimeoutSeconds: 15,
  },
  dev: {
    name: 'dev',
    usagePlan: seedUsagePlan,
    throttle: { rateLimit: 50, burstLimit: 100 },
    cacheTtlSeconds: 0,
    logRetentionDays: 30,
    protectData: false,
    wafRateLimitPer5Min: 20_000,
    corsAllowedOrigins: ['*'],
    traceAwsSdkCalls: true,
    lambdaMemoryMb: 512,
    provisionedConcurrency: noProvisionedConcurrency,
    // Above the idle cost (about $22: WAF, the client-credentials app client, the dashboard, alarms, key, secret).
    cost: { monthlyBudgetUsd: 40, anomalyThresholdUsd: 10 },
    avatars,
    timeouts: defaultTimeouts,
    lambdaTimeoutSeconds: 15,
  },
  prod: {
    name: 'prod',
    usagePlan: seedUsagePlan,
    throttle: { rateLimit: 500, burstLimit: 1000 },
    cacheTtlSeconds: 60,
    logRetentionDays: 30,
    protectData: true,
    wafRateLimitPer5Min: 20_000,
    // The production frontend is the deployer's to name (-c corsAllowedOrigins=...); until then no browser origin.
    corsAllowedOrigins: [],
    traceAwsSdkCalls: false,
    lambdaMemoryMb: 512,
    provisionedConcurrency: noProvisionedConcurrency,
    cost: { monthlyBudgetUsd: 200, anomalyThresholdUsd: 50 },
    avatars,
    timeouts: defaultTimeouts,
    lambdaTimeoutSeconds: 15,
  },
};
