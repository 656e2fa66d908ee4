// Issue 32, item 7: the Lambda entry (src/handler.ts) answers every event it can be given. A malformed proxy event
// is a 400 proxy result and a malformed S3 record a logged skip; neither is an exception that Lambda reports as a
// function error (behind API Gateway, a 502; for S3's asynchronous invocation, retries of a record that cannot work).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../src/lambda/logger.js';
import { httpApiEvent, restEvent } from '../helpers/proxyEvents.js';

type Entry = (event: unknown, context: { awsRequestId: string }) => Promise<unknown>;
let handler: Entry;
let logged: string[];
const context = { awsRequestId: 'lambda-request-id' };

beforeAll(async () => {
  vi.stubEnv('TABLE_NAME', 'malformed-events');
  vi.stubEnv('AVATAR_BUCKET', 'avatars-bucket');
  vi.stubEnv('CURSOR_SECRET_ARN', '');
  ({ handler } = (await import('../../src/handler.js')) as unknown as { handler: Entry });
});
afterAll(() => vi.unstubAllEnvs());

/** What the entry logged (the Lambda's Powertools logger), by message. */
async function invokeLogged(event: unknown) {
  logged = [];
  const info = vi.spyOn(logger, 'info').mockImplementation((message) => {
    logged.push(message);
  });
  try {
    return await handler(event, context);
  } finally {
    info.mockRestore();
  }
}

const rest = restEvent({ method: 'GET', path: '/hello' });
const v2 = httpApiEvent({ method: 'GET', path: '/hello' });
const { requestContext: _restContext, ...restWithoutContext } = rest;
const { http: _http, ...v2ContextWithoutHttp } = v2.requestContext;

const MALFORMED_PROXY_EVENTS: [string, unknown][] = [
  ['{}', {}],
  ['null', null],
  ['a string', 'GET /hello'],
  ['an array', []],
  ['a REST event without requestContext', restWithoutContext],
  ['a REST event without httpMethod', { ...rest, httpMethod: undefined }],
  ['a REST event with a numeric body', { ...rest, body: 42 }],
  ['a REST event with an object body', { ...rest, body: { name: 'x' } }],
  ['a REST event with a header that is not a string', { ...rest, headers: { authorization: ['a', 'b'] } }],
  ['a REST event with multiValueHeaders not lists', { ...rest, multiValueHeaders: { accept: 'x' } }],
  ['an HTTP API v2 event without http', { ...v2, requestContext: v2ContextWithoutHttp }],
  ['an HTTP API v2 event without rawPath', { ...v2, rawPath: undefined }],
  ['an HTTP API v2 event with a numeric body', { ...v2, body: 7 }],
];

describe('a malformed proxy event', () => {
  it.each(MALFORMED_PROXY_EVENTS)('%s is a 400 problem, not an exception', async (_name, event) => {
    // Act
    const result = (await invokeLogged(event)) as { statusCode: number; headers: Record<string, string>; body: string };

    // Assert
    expect(result.statusCode).toBe(400);
    expect(result.headers['Content-Type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(result.body)).toMatchObject({ status: 400, detail: 'The request could not be read.' });
    expect(logged.join('')).toContain('malformed event refused');
  });

  it('leaves well-formed events to the API (REST v1 and HTTP API v2)', async () => {
    for (const event of [rest, v2]) {
      const result = (await invokeLogged(event)) as { statusCode: number };
      expect(result.statusCode).toBe(200);
    }
  });
});

const s3Event = (...records: unknown[]) => ({ Records: records });
const MALFORMED_S3_RECORDS: [string, unknown][] = [
  ['an aws:s3 record without s3', { eventSource: 'aws:s3', eventName: 'ObjectCreated:Post' }],
  ['an aws:s3 record without an object', { eventSource: 'aws:s3', s3: { bucket: { name: 'b' } } }],
  ['a numeric key', { eventSource: 'aws:s3', s3: { object: { key: 42 } } }],
  ['the key avatars/%ZZ', { eventSource: 'aws:s3', s3: { object: { key: 'avatars/%ZZ' } } }],
  ['the key avatars/%E0%A4%A', { eventSource: 'aws:s3', s3: { object: { key: 'avatars/%E0%A4%A' } } }],
];

describe('a malformed S3 record', () => {
  it.each(MALFORMED_S3_RECORDS)('%s is skipped and logged, not thrown', async (_name, record) => {
    // Act
    const result = await invokeLogged(s3Event(record));

    // Assert
    expect(result).toBeUndefined();
    expect(logged.join('')).toContain('S3 record skipped');
  });

  it('is skipped while the records beside it are still read', async () => {
    // Arrange: a key outside avatars/ is no avatar and needs no storage; the malformed one beside it is skipped
    const event = s3Event(MALFORMED_S3_RECORDS[0]?.[1], { eventSource: 'aws:s3', s3: { object: { key: 'other/x' } } });

    // Act
    const result = await invokeLogged(event);

    // Assert
    expect(result).toBeUndefined();
    expect(logged.filter((line) => line.includes('S3 record skipped'))).toHaveLength(1);
  });
});
