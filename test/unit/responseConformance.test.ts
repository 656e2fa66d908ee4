// The response check behind VALIDATE_RESPONSES, on the runtime spec and its generated body validators.
import { describe, expect, it } from 'vitest';
import spec from '../../generated/runtimeSpec.json' with { type: 'json' };
import { createResponseConformance } from '../../src/http/responseConformance.js';

const check = createResponseConformance(spec as never);
const hello = JSON.stringify({
  message: 'Hello from the Users API',
  requestId: 'r-1',
  timestamp: '2026-12-01T00:00:00Z',
});
const problem = JSON.stringify({
  type: '/problems/conflict',
  title: 'Conflict',
  status: 409,
  detail: 'x',
  instance: 'r',
});

describe('createResponseConformance', () => {
  it('passes a documented status, media type, headers and body', () => {
    expect(
      check('/hello', 'GET', { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: hello }),
    ).toEqual([]);
    expect(
      check('/hello', 'get', {
        statusCode: 200,
        headers: { 'content-type': 'Application/JSON; charset=utf-8' },
        body: hello,
      }),
    ).toEqual([]);
    const cached = { ETag: '"1"', 'Cache-Control': 'private, no-cache' };
    expect(check('/users/{userId}', 'GET', { statusCode: 304, headers: cached })).toEqual([]);
    expect(check('/users/{userId}', 'GET', { statusCode: 304, headers: cached, body: '' })).toEqual([]);
  });

  it('names an undocumented status, and an unknown path or method', () => {
    expect(check('/hello', 'GET', { statusCode: 418, headers: {}, body: '' })).toEqual([
      'status 418 is not documented for GET /hello',
    ]);
    expect(check('/nowhere', 'GET', { statusCode: 200, headers: {} })).toEqual([
      'status 200 is not documented for GET /nowhere',
    ]);
    expect(check('/hello', 'PATCH', { statusCode: 200, headers: {} })).toEqual([
      'status 200 is not documented for PATCH /hello',
    ]);
  });

  it('names a required header that is missing, in any case', () => {
    const body = problem.replace('409', '503').replace('conflict', 'service-unavailable');
    const headers = { 'Content-Type': 'application/problem+json' };
    expect(check('/users', 'GET', { statusCode: 503, headers, body })).toContain(
      'required header Retry-After is missing',
    );
    expect(check('/users', 'GET', { statusCode: 503, headers: { ...headers, 'retry-after': '1' }, body })).toEqual([]);
  });

  it('names a body where none is documented', () => {
    const cached = { ETag: '"1"', 'Cache-Control': 'private, no-cache' };
    expect(check('/users/{userId}', 'GET', { statusCode: 304, headers: cached, body: '{}' })).toEqual([
      'status 304 is documented without a body',
    ]);
  });

  it('names a media type that is not documented, or missing', () => {
    expect(check('/hello', 'GET', { statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: hello })).toEqual(
      ['content-type text/plain is not one of application/json'],
    );
    expect(check('/hello', 'GET', { statusCode: 200, headers: {}, body: hello })).toEqual([
      'content-type (none) is not one of application/json',
    ]);
  });

  it('names a body that is not JSON, or breaks its schema', () => {
    const headers = { 'Content-Type': 'application/json' };
    expect(check('/hello', 'GET', { statusCode: 200, headers, body: 'hello' })).toEqual(['body is not JSON']);
    expect(check('/hello', 'GET', { statusCode: 200, headers })).toEqual(['body is not JSON']);
    const problems = check('/hello', 'GET', { statusCode: 200, headers, body: JSON.stringify({ message: 'hi' }) });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith('body'))).toBe(true);
    expect(problems.join('\n')).toContain('requestId');
  });

  it('falls back to a status class or default, and says when no validator was generated', () => {
    const fallback = createResponseConformance({
      paths: {
        '/x/{a~b}': {
          get: {
            responses: {
              '2XX': { content: { 'application/json': { schema: {} } } },
              default: { content: { 'application/json': { schema: {} } } },
            },
          },
        },
      },
    });
    const response = { headers: { 'Content-Type': 'application/json' }, body: '{}' };
    expect(fallback('/x/{a~b}', 'GET', { statusCode: 204, ...response })).toEqual([
      'no validator was generated for #/paths/~1x~1{a~0b}/get/responses/2XX/content/application~1json/schema: run npm run generate',
    ]);
    expect(fallback('/x/{a~b}', 'GET', { statusCode: 500, ...response })).toEqual([
      'no validator was generated for #/paths/~1x~1{a~0b}/get/responses/default/content/application~1json/schema: run npm run generate',
    ]);
  });
});
