// CORS headers per origin policy, and the preflight answer.
import { describe, expect, it } from 'vitest';
import { corsHeaders, preflightResponse } from '../../src/http/cors.js';

const EXPOSED = 'Location, ETag, Retry-After, Allow';

describe('corsHeaders', () => {
  it('allows any origin with a wildcard, without Vary', () => {
    expect(corsHeaders('https://app.example.com', ['*'])).toEqual({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': EXPOSED,
    });
    expect(corsHeaders(undefined, ['https://a.example.com', '*'])).toEqual({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': EXPOSED,
    });
  });

  it('echoes an allowed origin and varies on Origin', () => {
    expect(corsHeaders('https://b.example.com', ['https://a.example.com', 'https://b.example.com'])).toEqual({
      'Access-Control-Allow-Origin': 'https://b.example.com',
      'Access-Control-Expose-Headers': EXPOSED,
      Vary: 'Origin',
    });
  });

  it('grants nothing to another origin or to a request without one, and still varies on Origin', () => {
    expect(corsHeaders('https://evil.example.com', ['https://a.example.com'])).toEqual({ Vary: 'Origin' });
    expect(corsHeaders(undefined, ['https://a.example.com'])).toEqual({ Vary: 'Origin' });
    expect(corsHeaders('https://a.example.com', [])).toEqual({ Vary: 'Origin' });
  });
});

describe('preflightResponse', () => {
  it('answers 204 with the allowed methods plus OPTIONS, the request headers a client may send, and a max age', () => {
    expect(preflightResponse(['GET', 'PUT'])).toEqual({
      statusCode: 204,
      headers: {
        'Access-Control-Allow-Methods': 'GET, PUT, OPTIONS',
        'Access-Control-Allow-Headers':
          'Content-Type, Authorization, X-Api-Key, If-Match, If-None-Match, Idempotency-Key',
        'Access-Control-Max-Age': '600',
      },
    });
  });
});
