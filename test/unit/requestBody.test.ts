// The body handed to openapi-backend, and the size and media-type refusals that come before its schema.
import type { Operation } from 'openapi-backend';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../../src/http/errors.js';
import { bodyForBackend, bodyRefusal } from '../../src/http/requestBody.js';

const json = { 'content-type': 'application/json' };
const withBody = { requestBody: { content: {} } } as unknown as Operation;
const withoutBody = {} as Operation;

describe('bodyForBackend', () => {
  it('parses a JSON object or array once', () => {
    expect(bodyForBackend({ body: '{"a":1}', headers: json }, 100)).toEqual({ a: 1 });
    expect(bodyForBackend({ body: '[1]', headers: json }, 100)).toEqual([1]);
    expect(bodyForBackend({ body: 'null', headers: json }, 100)).toBeNull();
  });

  it('hands over the text of JSON that is not an object, and of text that is not JSON', () => {
    expect(bodyForBackend({ body: '"x"', headers: json }, 100)).toBe('"x"');
    expect(bodyForBackend({ body: '42', headers: json }, 100)).toBe('42');
    expect(bodyForBackend({ body: '{"a":', headers: json }, 100)).toBe('{"a":');
  });

  it('accepts JSON media types with a suffix, parameters and any case', () => {
    for (const type of ['application/problem+json', 'Application/JSON; charset=utf-8', ' application/json ']) {
      expect(bodyForBackend({ body: '{"a":1}', headers: { 'content-type': type } }, 100), type).toEqual({ a: 1 });
    }
  });

  it('reads nothing that is empty, too large or not sent as JSON', () => {
    expect(bodyForBackend({ body: undefined, headers: json }, 100)).toBeUndefined();
    expect(bodyForBackend({ body: '', headers: json }, 100)).toBeUndefined();
    expect(bodyForBackend({ body: '{"a":"é"}', headers: json }, 9)).toBeUndefined();
    expect(bodyForBackend({ body: '{"a":"é"}', headers: json }, 10)).toEqual({ a: 'é' });
    for (const type of ['text/plain', 'application/jsonp', 'application/json-seq', undefined]) {
      expect(bodyForBackend({ body: '{"a":1}', headers: { 'content-type': type } }, 100), type).toBeUndefined();
    }
  });
});

describe('bodyRefusal', () => {
  it('refuses a body over the limit in UTF-8 bytes, whatever its media type; an operation without a body ignores it', () => {
    expect(bodyRefusal({ body: 'éé', headers: {} }, withoutBody, 3)).toBeUndefined();
    const refusal = bodyRefusal({ body: 'éé', headers: {} }, withBody, 3);
    expect(refusal).toBeInstanceOf(PayloadTooLargeError);
    expect(refusal?.detail).toBe('The request body exceeds 3 bytes.');
    expect(bodyRefusal({ body: 'éé', headers: json }, withBody, 4)).toBeUndefined();
  });

  it('refuses a body not sent as JSON to an operation that takes one', () => {
    expect(bodyRefusal({ body: 'a=1', headers: { 'content-type': 'text/plain' } }, withBody, 100)).toBeInstanceOf(
      UnsupportedMediaTypeError,
    );
    expect(bodyRefusal({ body: 'a=1', headers: {} }, withBody, 100)).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(bodyRefusal({ body: 'a=1', headers: { 'content-type': 'text/plain' } }, withoutBody, 100)).toBeUndefined();
  });

  it('lets an empty body through', () => {
    expect(bodyRefusal({ body: undefined, headers: {} }, withBody, 0)).toBeUndefined();
    expect(bodyRefusal({ body: '', headers: {} }, withBody, 0)).toBeUndefined();
  });
});
