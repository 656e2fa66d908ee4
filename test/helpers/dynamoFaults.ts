// Fault injection for DynamoDB clients: every command the client (or a document client made from it) sends fails.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Makes every command fail with `error`, as the SDK reports a failure after its own retries. */
export function failEveryCall<C extends DynamoDBClient>(client: C, error: Error): C {
  // A middleware, not a replaced `send`: lib-dynamodb's document client shares the middleware stack, not `send`.
  client.middlewareStack.add(
    () => async () => {
      throw error;
    },
    { step: 'initialize', name: 'injectedFault' },
  );
  return client;
}
