// The one DynamoDB client per container: keep-alive, timeouts that are errors, a deadline per call, bounded in-flight calls.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { dynamoCallBudgetMs } from '../../config/timeBudget.js';
import { type Config, timeoutsOf } from '../config.js';

/** Where smithy's retry middleware reads a call's abort signal (SMITHY_CONTEXT_KEY of @smithy/types). */
const SMITHY_CONTEXT_KEY = '__smithy_context';

/** More calls than the client's in-flight limit are refused at once: a stalled table must not pile requests up. */
export class DynamoSaturatedError extends Error {
  override name = 'DynamoSaturatedError';
}

/** A call that ran out its whole budget; named like the SDK's own timeouts, so it maps to 503 the same way. */
class CallDeadlineError extends Error {
  override name = 'TimeoutError';
  constructor(ms: number) {
    super(`the DynamoDB call ran out its ${ms} ms deadline`);
  }
}

/** Rejects with the signal's reason once it aborts; the promise itself is left to settle on its own. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Every command (the repository's and Powertools idempotency's, which share this client's middleware stack) ends
 * by its deadline, retries included: the SDK's retry loop reads the signal from the smithy context and stops, and
 * the caller gets a TimeoutError at the deadline even if an attempt's socket is still waiting to time out.
 */
function addCallDeadline(client: DynamoDBClient, deadlineMs: number, maxInFlight: number): void {
  let inFlight = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (inFlight >= maxInFlight) throw new DynamoSaturatedError(`${inFlight} DynamoDB calls already in flight`);
      inFlight++;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new CallDeadlineError(deadlineMs)), deadlineMs);
      const deadline = controller.signal;
      // Always there: the client builds it for every command, with the caller's own abortSignal if it passed one.
      const smithy = (context as Record<string, { abortSignal?: AbortSignal } | undefined>)[SMITHY_CONTEXT_KEY];
      if (smithy !== undefined) {
        smithy.abortSignal =
          smithy.abortSignal === undefined ? deadline : AbortSignal.any([smithy.abortSignal, deadline]);
      }
      try {
        return await raceSignal(next(args), deadline);
      } finally {
        clearTimeout(timer);
        inFlight--;
      }
    },
    { step: 'initialize', priority: 'high', name: 'usersApiCallDeadline' },
  );
}

export function createDynamoClient(config: Config): DynamoDBClient {
  const agent = { keepAlive: true, maxSockets: config.dynamoMaxInFlight };
  const client = new DynamoDBClient({
    region: config.region,
    // A custom endpoint is DynamoDB Local, which accepts any credentials.
    ...(config.dynamoEndpoint === undefined
      ? {}
      : { endpoint: config.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    maxAttempts: config.dynamoMaxAttempts,
    retryMode: 'standard',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: config.dynamoConnectTimeoutMs,
      requestTimeout: config.dynamoRequestTimeoutMs,
      // Without it the request timeout only logs a warning and the attempt waits for the socket's 5 minutes.
      throwOnRequestTimeout: true,
      httpAgent: new HttpAgent(agent),
      httpsAgent: new HttpsAgent(agent),
    }),
  });
  addCallDeadline(client, dynamoCallBudgetMs(timeoutsOf(config)), config.dynamoMaxInFlight);
  return client;
}
