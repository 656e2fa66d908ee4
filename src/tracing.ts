// X-Ray subsegments for every DynamoDB call (Powertools Tracer), loaded only where the stage turns them on.
// Opt-in and loaded on demand: importing the X-Ray SDK installs async hooks that tax every promise (docs/performance.md).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type ClientTracer = <T extends DynamoDBClient>(client: T) => T;

/** Loads Powertools Tracer (and the X-Ray SDK) when enabled; otherwise clients are left as they are. */
export async function loadClientTracer(enabled: boolean): Promise<ClientTracer> {
  if (!enabled) return (client) => client;
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  // Powertools still stays off outside Lambda.
  const tracer = new Tracer({ serviceName: 'users-api' });
  return (client) => tracer.captureAWSv3Client(client);
}
