// X-Ray subsegments per DynamoDB call are opt-in per stage: off, the tracer (and the X-Ray SDK) is not even loaded.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadClientTracer } from '../../src/tracing.js';

const client = () => new DynamoDBClient({ region: 'us-east-1' });
const middlewareNames = (c: DynamoDBClient) => c.middlewareStack.identify().join(' ');

afterEach(() => vi.unstubAllEnvs());

describe('AWS SDK call tracing', () => {
  it('is on only when the stack says so', () => {
    expect(loadConfig({}).traceAwsSdkCalls).toBe(false);
    expect(loadConfig({ POWERTOOLS_TRACE_ENABLED: 'false' }).traceAwsSdkCalls).toBe(false);
    expect(loadConfig({ POWERTOOLS_TRACE_ENABLED: 'true' }).traceAwsSdkCalls).toBe(true);
  });

  it('leaves the client as it is when off', async () => {
    const trace = await loadClientTracer(false);
    const plain = client();

    expect(trace(plain)).toBe(plain);
    expect(middlewareNames(plain)).not.toMatch(/xray/i);
  });

  it('adds the X-Ray middleware to the client when on in Lambda', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
    const trace = await loadClientTracer(true);

    expect(middlewareNames(trace(client()))).toMatch(/xray/i);
  });
});
