// The body handed to openapi-backend, and the size and media-type refusals that come before its schema.
import type { Operation } from 'openapi-backend';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../../src/http/httpErrors.js';
import { bodyForBackend, bodyRefusal, type SentBody } from '../../src/http/jsonBody.js';
import { toProblem } from '../../src/http/problem.js';

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
    expect(bodyForBackend({ body: '{"a":1}', headers: { ...json, 'content-encoding': 'gzip' } }, 100)).toBeUndefined();
    expect(bodyForBackend({ body: '{"a":"é"}', headers: json }, 9)).toBeUndefined();
    expect(bodyForBackend({ body: '{"a":"é"}', headers: json }, 10)).toEqual({ a: 'é' });
    for (const type of [
      'text/plain',
      'application/jsonp',
      'application/json-seq',
      'text/application/json',
      undefined,
    ]) {
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

describe('how a body is written', () => {
  /** The problem answered for a body sent to an operation that takes one, or 'accepted'. */
  const answer = (sent: SentBody) => {
    const refusal = bodyRefusal(sent, withBody, 100);
    if (refusal === undefined) return 'accepted';
    const { status, type, title, detail } = JSON.parse(toProblem(refusal, 'r').body ?? '');
    return { status, type, title, detail };
  };
  const unsupported = (detail: string) => ({
    status: 415,
    type: '/problems/unsupported-media-type',
    title: 'Unsupported Media Type',
    detail,
  });

  it('refuses a content coding other than identity, in any case or position of the list', () => {
    const refused = unsupported('Content-Encoding is not supported: send the body uncompressed.');
    for (const coding of ['gzip', 'GZIP', 'identity, gzip', 'br']) {
      expect(answer({ body: '{}', headers: { ...json, 'content-encoding': coding } }), coding).toEqual(refused);
    }
    for (const coding of ['identity', ' Identity , identity']) {
      expect(answer({ body: '{}', headers: { ...json, 'content-encoding': coding } }), coding).toBe('accepted');
    }
  });

  it('refuses a charset other than UTF-8, however the parameter is spelled', () => {
    const refused = unsupported('Send the body as application/json in UTF-8 (charset=utf-8 or none).');
    for (const type of [
      'application/json; charset=ISO-8859-1',
      'application/json;charset=latin1',
      'application/json; charset =latin1',
      'application/json; charset= latin1',
      'application/json; charset="utf-16"',
    ]) {
      expect(answer({ body: '{}', headers: { 'content-type': type } }), type).toEqual(refused);
    }
    for (const type of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/json']) {
      expect(answer({ body: '{}', headers: { 'content-type': type } }), type).toBe('accepted');
    }
  });

  it('names bytes that were not UTF-8, even when nothing readable is left of them', () => {
    const invalid = {
      status: 400,
      type: '/problems/invalid-utf8',
      title: 'Bad Request',
      detail: 'The request body is not valid UTF-8.',
    };
    expect(answer({ body: '{"name":"\uFFFD"}', headers: json, invalidUtf8: true })).toEqual(invalid);
    expect(answer({ body: '', headers: json, invalidUtf8: true })).toEqual(invalid);
    expect(answer({ body: undefined, headers: json, invalidUtf8: true })).toEqual(invalid);
    expect(bodyForBackend({ body: '', headers: json, invalidUtf8: true }, 100)).toBe('');
    expect(bodyForBackend({ body: undefined, headers: json, invalidUtf8: true }, 100)).toBe('');
  });

  it('refuses JSON in which an object has a key twice, at any depth; leaves invalid JSON to the parse error', () => {
    const duplicate = {
      status: 400,
      type: '/problems/duplicate-key',
      title: 'Bad Request',
      detail: 'The request body has an object with the same key twice; send each key once.',
    };
    expect(answer({ body: '{"email":"a@example.com","email":"b@example.com"}', headers: json })).toEqual(duplicate);
    expect(answer({ body: '{"a":{"b":1,"b":1}}', headers: json })).toEqual(duplicate);
    expect(answer({ body: '{"a":{"b":1},"b":1}', headers: json })).toBe('accepted');
    expect(answer({ body: '{"a":', headers: json })).toBe('accepted');
  });

  it('finds a duplicate key whether or not a string holds a colon, in arrays of objects, and before a syntax error', () => {
    const duplicate = { status: 400, type: '/problems/duplicate-key' };
    // Colons in strings: the text has more colons than members, so the full parser decides.
    expect(answer({ body: '{"at":"12:00:00","note":"a:b"}', headers: json })).toBe('accepted');
    expect(answer({ body: '{"at":"12:00","at":"13:00"}', headers: json })).toMatchObject(duplicate);
    expect(answer({ body: '[{"a":1},{"a":2,"b":[{"c":1,"c":2}]}]', headers: json })).toMatchObject(duplicate);
    expect(answer({ body: '[{"a":1},{"a":2,"b":[{"c":1,"d":2}]}]', headers: json })).toBe('accepted');
    expect(answer({ body: '{"__proto__":1,"__proto__":2}', headers: json })).toMatchObject(duplicate);
    // JSON.parse refuses the trailing comma; the duplicate before it is still what is answered, as before.
    expect(answer({ body: '{"a":1,"a":2,}', headers: json })).toMatchObject(duplicate);
  });
});
