// The time budget of one request, derived from the timeout settings, and the chain it must fit: budget < Lambda < API Gateway.

/** The settings every outbound call is bounded by (src/config.ts reads them from the environment). */
export interface TimeoutSettings {
  readonly dynamoConnectTimeoutMs: number;
  readonly dynamoRequestTimeoutMs: number;
  readonly dynamoMaxAttempts: number;
  /** The whole JWKS fetch (headers and body), by jose's timeoutDuration. */
  readonly jwksTimeoutMs: number;
  /** How long a create with a busy Idempotency-Key waits for the first request before answering 409. */
  readonly idempotencyWaitMs: number;
  /** The avatar bucket (DELETE /users/{userId} removes the avatar). */
  readonly s3ConnectTimeoutMs: number;
  readonly s3RequestTimeoutMs: number;
  readonly s3MaxAttempts: number;
}

/** API Gateway REST's maximum (and default) integration timeout. */
export const API_GATEWAY_INTEGRATION_TIMEOUT_MS = 29_000;
/** Room between the request budget and the Lambda timeout for the handler's own work and writing the logs. */
export const LAMBDA_MARGIN_MS = 1_000;
/** @smithy/core's standard retry strategy: full-jitter backoff of at most 50 ms × 2^retry between attempts. */
export const SDK_RETRY_BASE_DELAY_MS = 50;
const SDK_MAX_RETRY_DELAY_MS = 20_000;

export class TimeBudgetError extends Error {
  override name = 'TimeBudgetError';
}

/** The longest the SDK waits between its attempts of one call. */
export function retryBackoffMs(maxAttempts: number): number {
  let total = 0;
  for (let retry = 0; retry < maxAttempts - 1; retry++) {
    total += Math.min(SDK_RETRY_BASE_DELAY_MS * 2 ** retry, SDK_MAX_RETRY_DELAY_MS);
  }
  return total;
}

/** One DynamoDB call, retries included: every attempt may use up its connect and request timeouts. */
export function dynamoCallBudgetMs(settings: TimeoutSettings): number {
  const attempt = settings.dynamoConnectTimeoutMs + settings.dynamoRequestTimeoutMs;
  return settings.dynamoMaxAttempts * attempt + retryBackoffMs(settings.dynamoMaxAttempts);
}

/** One S3 call, retries included. */
export function s3CallBudgetMs(settings: TimeoutSettings): number {
  const attempt = settings.s3ConnectTimeoutMs + settings.s3RequestTimeoutMs;
  return settings.s3MaxAttempts * attempt + retryBackoffMs(settings.s3MaxAttempts);
}

/**
 * The longest a request can take: a token to verify against the JWKS, a wait for a busy Idempotency-Key, a DynamoDB
 * call and an S3 call that each run out their budget (a call that times out ends the request with 503).
 */
export function requestBudgetMs(settings: TimeoutSettings): number {
  return settings.jwksTimeoutMs + settings.idempotencyWaitMs + dynamoCallBudgetMs(settings) + s3CallBudgetMs(settings);
}

export interface TimeBudget {
  readonly dynamoCallMs: number;
  readonly requestMs: number;
  readonly lambdaTimeoutMs: number;
  readonly integrationTimeoutMs: number;
}

/** Throws unless request budget + margin ≤ Lambda timeout < integration timeout ≤ API Gateway's 29 s. */
export function checkTimeBudget(
  settings: TimeoutSettings,
  lambdaTimeoutMs: number,
  integrationTimeoutMs = API_GATEWAY_INTEGRATION_TIMEOUT_MS,
): TimeBudget {
  const budget = {
    dynamoCallMs: dynamoCallBudgetMs(settings),
    requestMs: requestBudgetMs(settings),
    lambdaTimeoutMs,
    integrationTimeoutMs,
  };
  const explain = `request budget ${budget.requestMs} ms (JWKS ${settings.jwksTimeoutMs} + idempotency wait ${settings.idempotencyWaitMs} + DynamoDB ${budget.dynamoCallMs} + S3 ${s3CallBudgetMs(settings)})`;
  if (budget.requestMs + LAMBDA_MARGIN_MS > lambdaTimeoutMs) {
    throw new TimeBudgetError(
      `${explain} + ${LAMBDA_MARGIN_MS} ms margin exceeds the Lambda timeout of ${lambdaTimeoutMs} ms: a hung dependency would time the Lambda out instead of answering 503`,
    );
  }
  if (lambdaTimeoutMs >= integrationTimeoutMs) {
    throw new TimeBudgetError(
      `the Lambda timeout of ${lambdaTimeoutMs} ms must be below the integration timeout of ${integrationTimeoutMs} ms`,
    );
  }
  if (integrationTimeoutMs > API_GATEWAY_INTEGRATION_TIMEOUT_MS) {
    throw new TimeBudgetError(
      `the integration timeout of ${integrationTimeoutMs} ms exceeds API Gateway's ${API_GATEWAY_INTEGRATION_TIMEOUT_MS} ms limit`,
    );
  }
  return budget;
}
