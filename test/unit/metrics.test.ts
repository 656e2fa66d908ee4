// Metrics per operation and status class (EMF on stdout, as CloudWatch reads it from a Lambda) and the handler's use of them.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryDependencies } from '../../local/memory/memoryDependencies.js';
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { createRequestRecorder, operationOf, statusClass } from '../../src/metrics.js';
import { httpApiEvent, restEvent } from '../helpers/proxyEvents.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('operationOf', () => {
  it('names the operation from the route template of REST and HTTP API events', () => {
    expect(operationOf('GET', '/users/{userId}')).toBe('getUser');
    expect(operationOf('DELETE', 'DELETE /users/{userId}')).toBe('deleteUser');
    expect(operationOf('POST', '/users')).toBe('createUser');
    expect(operationOf('OPTIONS', '/users')).toBe('preflight');
    // HEAD runs its path's GET operation.
    expect(operationOf('HEAD', '/users/{userId}')).toBe('getUser');
    expect(operationOf('GET', '$default')).toBe('unmatched');
    expect(operationOf('GET', undefined)).toBe('unmatched');
  });

  it('groups statuses by class', () => {
    expect([200, 201, 304, 404, 429, 503].map(statusClass)).toEqual(['2xx', '2xx', '3xx', '4xx', '4xx', '5xx']);
  });
});

describe('the request recorder', () => {
  it('writes one EMF document per request with operation and status class dimensions', () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const record = createRequestRecorder(new Metrics({ namespace: 'UsersApiTest', serviceName: 'users-api' }));

    record('getUser', 404, 12.5);
    record('createUser', 201, 30);

    const documents = lines.map((l) => JSON.parse(l)).filter((d) => d.Requests !== undefined);
    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatchObject({
      service: 'users-api',
      operation: 'getUser',
      statusClass: '4xx',
      Requests: 1,
      Latency: 12.5,
    });
    expect(documents[1]).toMatchObject({ operation: 'createUser', statusClass: '2xx', Latency: 30 });
    expect(documents[1]._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'UsersApiTest',
      Dimensions: [['service', 'operation', 'statusClass']],
    });
    expect(lines.map((l) => JSON.parse(l)).filter((d) => d.ColdStart !== undefined)).toHaveLength(1);
  });

  it('also counts requests, 5xx answers and latency by function version, for the canary’s rollback alarms', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const record = createRequestRecorder(new Metrics({ namespace: 'UsersApiTest', serviceName: 'users-api' }), '7');

    record('getUser', 200, 10);
    record('getUser', 503, 40);

    const documents = lines.map((l) => JSON.parse(l)).filter((d) => d.Requests !== undefined);
    expect(documents.map((d) => [d.version, d.Requests, d.ServerErrors, d.Latency])).toEqual([
      ['7', 1, 0, 10],
      ['7', 1, 1, 40],
    ]);
    const metrics = documents[1]._aws.CloudWatchMetrics[0];
    expect(metrics.Dimensions).toEqual([
      ['service', 'operation', 'statusClass'],
      ['service', 'version'],
    ]);
    expect(metrics.Metrics.map((m: { Name: string }) => m.Name).sort()).toEqual([
      'Latency',
      'Requests',
      'ServerErrors',
    ]);
  });
});

describe('the handler', () => {
  const config = loadConfig({});
  const buildApi = () => createApi(memoryDependencies(config), { error: () => {} });

  it('records the operation API Gateway routed to and the status it answered', async () => {
    const record = vi.fn();
    const handler = createHandler(config, buildApi, record);
    const event = {
      ...restEvent({
        method: 'GET',
        path: '/users/8f1c2a8e-0000-4000-8000-000000000000',
        // As API Gateway passes them after its Cognito authorizer and API key check.
        gateway: {
          apiKeyId: 'key-1',
          claims: { sub: 'user-1', token_use: 'access', client_id: 'client-1', scope: 'users:read' },
        },
      }),
      resource: '/users/{userId}',
    };

    await handler(event, { awsRequestId: 'a' });
    await handler(
      { ...httpApiEvent({ method: 'GET', path: '/hello' }), routeKey: 'GET /hello' },
      { awsRequestId: 'b' },
    );

    expect(record.mock.calls).toEqual([
      ['getUser', 404, expect.any(Number)],
      ['getHello', 200, expect.any(Number)],
    ]);
  });
});
