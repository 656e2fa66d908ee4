// The only reader of process.env: parses and validates configuration once, failing fast with a clear message.
// (Powertools reads its own POWERTOOLS_* variables and the AWS SDK its AWS_* ones.)
import { randomBytes } from 'node:crypto';
import { defaultTimeouts, stages } from '../config/stages.js';
import { API_GATEWAY_INTEGRATION_TIMEOUT_MS, type TimeoutSettings } from '../config/timeBudget.js';
import type { CursorKeys } from './secrets/cursorSecret.js';

export interface Config {
  readonly tableName: string;
  readonly region: string;
  /** Set to use DynamoDB Local or another endpoint instead of AWS. */
  readonly dynamoEndpoint: string | undefined;
  readonly dynamoConnectTimeoutMs: number;
  readonly dynamoRequestTimeoutMs: number;
  readonly dynamoMaxAttempts: number;
  /** More DynamoDB calls than this waiting at once in one process are answered 503 at once, not queued. */
  readonly dynamoMaxInFlight: number;
  /** `*` or an explicit list of origins allowed by CORS. */
  readonly corsAllowedOrigins: readonly string[];
  readonly maxBodyBytes: number;
  /** Validate every response against the spec (tests and local dev): a non-conforming response becomes a 500. */
  readonly validateResponses: boolean;
  /** X-Ray subsegments per AWS SDK call (src/tracing.ts), from POWERTOOLS_TRACE_ENABLED as the stack sets it. */
  readonly traceAwsSdkCalls: boolean;
  /** HMAC key that signs list cursors; every instance must share it or cursors fail across instances. */
  readonly cursorSecret: string;
  /** Every key a cursor may be signed with, `cursorSecret` first (more than one while the secret is rotated). */
  readonly cursorVerifyingSecrets: readonly string[];
  readonly idempotencyTtlSeconds: number;
  /** How long a retried create waits for the first request with the same Idempotency-Key before answering 409. */
  readonly idempotencyWaitMs: number;
  readonly auth: AuthConfig;
  /** The Lambda version serving (AWS_LAMBDA_FUNCTION_VERSION): a metric dimension the canary's alarms watch. */
  readonly functionVersion: string | undefined;
  readonly avatars: AvatarConfig;
}

/** The avatar bucket and the limits its presigned requests carry (defaults: config/stages.ts, local stage). */
export interface AvatarConfig {
  /** Unset: no bucket, and the avatar operations answer 503. */
  readonly bucket: string | undefined;
  /** Set to use a local S3 (s3rver) instead of AWS; path-style addressing. */
  readonly s3Endpoint: string | undefined;
  readonly maxBytes: number;
  readonly contentTypes: readonly string[];
  readonly uploadTtlSeconds: number;
  readonly downloadTtlSeconds: number;
  readonly s3ConnectTimeoutMs: number;
  readonly s3RequestTimeoutMs: number;
  readonly s3MaxAttempts: number;
}

/** Bearer-token verification (src/auth/). Unset issuer: only claims API Gateway's authorizer verified are accepted. */
export interface AuthConfig {
  /** Exact `iss` of accepted tokens, e.g. https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc. */
  readonly issuer: string | undefined;
  /** Where the signing keys are; defaults to `<issuer>/.well-known/jwks.json` (Cognito's layout). */
  readonly jwksUrl: string | undefined;
  /** The whole JWKS fetch; past it a token that needs the keys gets 503, not 401. */
  readonly jwksTimeoutMs: number;
  /** App client ids: a token's Cognito `client_id` (access tokens) or `aud` must be one of them. */
  readonly clientIds: readonly string[];
  /** Accepted signing algorithms: asymmetric only (never `none`, never HS* that a public key could forge). */
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  /** Longer Authorization values are refused before any parsing. */
  readonly maxTokenBytes: number;
  /** Cognito names custom scopes `<resource server>/<scope>`: this prefix is stripped before comparing with the spec. */
  readonly scopePrefix: string;
}

/** The asymmetric JWS algorithms jose verifies; anything else (none, HS*) is refused at start-up. */
const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw;
}

function list(env: Env, name: string, fallback: string): string[] {
  return (env[name] ?? fallback)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function authConfig(env: Env): AuthConfig {
  const issuer = env.AUTH_ISSUER === '' ? undefined : env.AUTH_ISSUER;
  const clientIds = list(env, 'AUTH_CLIENT_IDS', '');
  if (issuer !== undefined && clientIds.length === 0) {
    throw new ConfigError(
      'AUTH_CLIENT_IDS must list the app client ids whose tokens are accepted when AUTH_ISSUER is set',
    );
  }
  const algorithms = list(env, 'AUTH_ALGORITHMS', 'RS256');
  for (const algorithm of algorithms) {
    if (!ASYMMETRIC_ALGORITHMS.includes(algorithm)) {
      throw new ConfigError(
        `AUTH_ALGORITHMS must be a list of ${ASYMMETRIC_ALGORITHMS.join(', ')}; got "${algorithm}"`,
      );
    }
  }
  if (algorithms.length === 0) throw new ConfigError('AUTH_ALGORITHMS must not be empty');
  const jwksUrl =
    url(env, 'AUTH_JWKS_URL') ??
    (issuer === undefined ? undefined : `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`);
  return Object.freeze({
    issuer,
    jwksUrl,
    jwksTimeoutMs: integer(env, 'AUTH_JWKS_TIMEOUT_MS', defaultTimeouts.jwksTimeoutMs, 100, 10000),
    clientIds: Object.freeze(clientIds),
    algorithms: Object.freeze(algorithms),
    clockToleranceSeconds: integer(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 5, 0, 300),
    maxTokenBytes: integer(env, 'AUTH_MAX_TOKEN_BYTES', 8192, 512, 65536),
    scopePrefix: env.AUTH_SCOPE_PREFIX ?? '',
  });
}

function origins(env: Env, name: string): readonly string[] {
  const raw = env[name] ?? '*';
  // Set but empty: no browser origin at all (a production stage until its frontend is named, config/stages.ts).
  if (raw === '') return Object.freeze([]);
  const list = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of list) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        `${name} must be * or a comma-separated list of origins like https://app.example.com, got "${origin}"`,
      );
    }
  }
  if (list.length === 0) throw new ConfigError(`${name} must not be empty`);
  return Object.freeze(list);
}

function avatarConfig(env: Env): AvatarConfig {
  const defaults = stages.local.avatars;
  const bucket = env.AVATAR_BUCKET === '' ? undefined : env.AVATAR_BUCKET;
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(`AVATAR_BUCKET must be an S3 bucket name, got "${bucket}"`);
  }
  const contentTypes = list(env, 'AVATAR_CONTENT_TYPES', defaults.contentTypes.join(','));
  for (const type of contentTypes) {
    if (!/^image\/[a-z0-9.+-]+$/.test(type)) {
      throw new ConfigError(`AVATAR_CONTENT_TYPES must list image/* types, got "${type}"`);
    }
  }
  return Object.freeze({
    bucket,
    s3Endpoint: url(env, 'S3_ENDPOINT'),
    maxBytes: integer(env, 'AVATAR_MAX_BYTES', defaults.maxBytes, 1, 5 * 1024 * 1024 * 1024),
    contentTypes: Object.freeze(contentTypes),
    uploadTtlSeconds: integer(env, 'AVATAR_UPLOAD_TTL_SECONDS', defaults.uploadTtlSeconds, 1, 7 * 24 * 60 * 60),
    downloadTtlSeconds: integer(env, 'AVATAR_DOWNLOAD_TTL_SECONDS', defaults.downloadTtlSeconds, 1, 7 * 24 * 60 * 60),
    s3ConnectTimeoutMs: integer(env, 'S3_CONNECT_TIMEOUT_MS', defaultTimeouts.s3ConnectTimeoutMs, 100, 30000),
    s3RequestTimeoutMs: integer(env, 'S3_REQUEST_TIMEOUT_MS', defaultTimeouts.s3RequestTimeoutMs, 100, 30000),
    s3MaxAttempts: integer(env, 'S3_MAX_ATTEMPTS', defaultTimeouts.s3MaxAttempts, 1, 10),
  });
}

/** The Secrets Manager secret holding the cursor key (the stack's way), read at init by src/secrets/cursorSecret.ts. */
export function cursorSecretArnOf(env: Env = process.env): string | undefined {
  return env.CURSOR_SECRET_ARN === '' ? undefined : env.CURSOR_SECRET_ARN;
}

function cursorKeys(env: Env, loaded: CursorKeys | undefined): CursorKeys {
  if (loaded !== undefined) return loaded;
  if (cursorSecretArnOf(env) !== undefined) {
    throw new ConfigError('CURSOR_SECRET_ARN is set: the secret must be read before the configuration is loaded');
  }
  const raw = env.CURSOR_SECRET;
  if (raw === undefined || raw === '') {
    // Many Lambda containers serve one API: a per-process key would make their cursors incompatible.
    if (env.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
      throw new ConfigError('CURSOR_SECRET_ARN (or CURSOR_SECRET) must be set in Lambda');
    }
    const key = randomBytes(32).toString('hex');
    return { signing: key, verifying: [key] };
  }
  if (raw.length < 32) throw new ConfigError('CURSOR_SECRET must be at least 32 characters');
  return { signing: raw, verifying: [raw] };
}

/** `secrets`: what was read from Secrets Manager at init (src/handler.ts), in place of the plain variables. */
const cursorConfig = (keys: CursorKeys) => ({
  cursorSecret: keys.signing,
  cursorVerifyingSecrets: Object.freeze([...keys.verifying]),
});

export function loadConfig(env: Env = process.env, secrets: { cursorKeys?: CursorKeys } = {}): Config {
  const tableName = env.TABLE_NAME ?? 'users-api';
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    throw new ConfigError(`TABLE_NAME must be 3-255 characters of A-Z a-z 0-9 _ . -, got "${tableName}"`);
  }
  return Object.freeze({
    tableName,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    dynamoEndpoint: url(env, 'DYNAMODB_ENDPOINT'),
    dynamoConnectTimeoutMs: integer(
      env,
      'DYNAMODB_CONNECT_TIMEOUT_MS',
      defaultTimeouts.dynamoConnectTimeoutMs,
      100,
      30000,
    ),
    dynamoRequestTimeoutMs: integer(
      env,
      'DYNAMODB_REQUEST_TIMEOUT_MS',
      defaultTimeouts.dynamoRequestTimeoutMs,
      100,
      30000,
    ),
    dynamoMaxAttempts: integer(env, 'DYNAMODB_MAX_ATTEMPTS', defaultTimeouts.dynamoMaxAttempts, 1, 10),
    dynamoMaxInFlight: integer(env, 'DYNAMODB_MAX_IN_FLIGHT', 50, 1, 1000),
    corsAllowedOrigins: origins(env, 'CORS_ALLOWED_ORIGINS'),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 16 * 1024, 256, 6 * 1024 * 1024),
    validateResponses: boolean(env, 'VALIDATE_RESPONSES', false),
    traceAwsSdkCalls: boolean(env, 'POWERTOOLS_TRACE_ENABLED', false),
    ...cursorConfig(cursorKeys(env, secrets.cursorKeys)),
    idempotencyTtlSeconds: integer(env, 'IDEMPOTENCY_TTL_SECONDS', 24 * 60 * 60, 60, 7 * 24 * 60 * 60),
    idempotencyWaitMs: integer(env, 'IDEMPOTENCY_WAIT_MS', defaultTimeouts.idempotencyWaitMs, 0, 20000),
    auth: authConfig(env),
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION === '' ? undefined : env.AWS_LAMBDA_FUNCTION_VERSION,
    avatars: avatarConfig(env),
  });
}

/** The settings the request budget (config/timeBudget.ts) is computed from. */
export const timeoutsOf = (config: Config): TimeoutSettings => ({
  dynamoConnectTimeoutMs: config.dynamoConnectTimeoutMs,
  dynamoRequestTimeoutMs: config.dynamoRequestTimeoutMs,
  dynamoMaxAttempts: config.dynamoMaxAttempts,
  jwksTimeoutMs: config.auth.jwksTimeoutMs,
  idempotencyWaitMs: config.idempotencyWaitMs,
  s3ConnectTimeoutMs: config.avatars.s3ConnectTimeoutMs,
  s3RequestTimeoutMs: config.avatars.s3RequestTimeoutMs,
  s3MaxAttempts: config.avatars.s3MaxAttempts,
});

export interface LocalConfig {
  readonly host: string;
  readonly port: number;
  /** Where DynamoDB Local keeps its data between runs (git-ignored). */
  readonly dataDir: string;
  /** Largest request the local gateway passes to the handler, like Lambda's 6 MB invocation limit. */
  readonly maxPayloadBytes: number;
  /** Like API Gateway's integration timeout: a handler that runs longer gets the INTEGRATION_TIMEOUT response. */
  readonly integrationTimeoutMs: number;
}

export function loadLocalConfig(env: Env = process.env): LocalConfig {
  return Object.freeze({
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir: env.DATA_DIR ?? '.data',
    maxPayloadBytes: 6 * 1024 * 1024,
    integrationTimeoutMs: integer(
      env,
      'INTEGRATION_TIMEOUT_MS',
      API_GATEWAY_INTEGRATION_TIMEOUT_MS,
      50,
      API_GATEWAY_INTEGRATION_TIMEOUT_MS,
    ),
  });
}

/** The pre-traffic hook's settings (src/hooks/): which function version it probes. */
export function loadHookConfig(env: Env = process.env): { readonly targetVersionArn: string } {
  const targetVersionArn = env.TARGET_VERSION_ARN ?? '';
  if (!/^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:[\w-]+:\d+$/.test(targetVersionArn)) {
    throw new ConfigError(`TARGET_VERSION_ARN must be a function version ARN, got "${targetVersionArn}"`);
  }
  return Object.freeze({ targetVersionArn });
}
