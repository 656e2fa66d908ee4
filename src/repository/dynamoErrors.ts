// Which DynamoDB failures are transient (answered 503 with Retry-After) rather than bugs (answered 500).

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
  'LimitExceededException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  // Our own: the client's in-flight limit (src/repository/dynamoClient.ts).
  'DynamoSaturatedError',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

export function isTransientDynamoError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (TRANSIENT.has(error.name) || (code !== undefined && NETWORK_CODES.has(code))) return true;
  return error.cause !== undefined && isTransientDynamoError(error.cause);
}

/** Reasons DynamoDB gives per item when it cancels a transaction. */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
}
