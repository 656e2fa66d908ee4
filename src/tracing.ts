// X-Ray subsegments for every DynamoDB call (Powertools Tracer), loaded only where the stage turns them on.
//
// Why opt-in and loaded on demand rather than imported: Powertools Tracer is built on the X-Ray SDK, whose import
// alone installs cls-hooked async hooks that tax every promise of the process, traced or not (a third of the
// handler's warm cost on GET /hello, `npm run bench` section 1), and adds ~110 KB to the code a cold start loads.
// The X-Ray SDK is also in maintenance mode since 2026-02-25 (AWS recommends OpenTelemetry). Active tracing of API
// Gateway and of the Lambda needs no code and is always on (infra/); this adds the per-call DynamoDB detail.
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
