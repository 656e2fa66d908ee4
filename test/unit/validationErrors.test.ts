// ajv's errors as openapi-backend reports them, turned into the problem's `errors` list and the error to answer.
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { MalformedJsonError, ValidationError } from '../../src/http/httpErrors.js';
import { toFieldErrors, toRequestError } from '../../src/http/validationErrors.js';

const ajvError = (error: Partial<ErrorObject> & Pick<ErrorObject, 'instancePath' | 'keyword'>): ErrorObject => ({
  schemaPath: '#',
  params: {},
  ...error,
});

describe('toFieldErrors', () => {
  it('places each error by its section and points into the body with a JSON pointer', () => {
    expect(
      toFieldErrors([
        ajvError({ instancePath: '/requestBody/email', keyword: 'format', message: 'must match format "email"' }),
        ajvError({ instancePath: '/requestBody/tags/0', keyword: 'type', message: 'must be string' }),
      ]),
    ).toEqual([
      { location: 'body', pointer: '/email', message: 'must match format "email"' },
      { location: 'body', pointer: '/tags/0', message: 'must be string' },
    ]);
  });

  it('names a parameter without a leading slash', () => {
    expect(
      toFieldErrors([
        ajvError({ instancePath: '/path/userId', keyword: 'format', message: 'must match format "uuid"' }),
        ajvError({ instancePath: '/query/limit', keyword: 'maximum', message: 'must be <= 100' }),
        ajvError({
          instancePath: '/header/if-match',
          keyword: 'maxLength',
          message: 'must NOT have more than 9 characters',
        }),
      ]),
    ).toEqual([
      { location: 'path', pointer: 'userId', message: 'must match format "uuid"' },
      { location: 'query', pointer: 'limit', message: 'must be <= 100' },
      { location: 'header', pointer: 'if-match', message: 'must NOT have more than 9 characters' },
    ]);
  });

  // Issue 32, item 9: a free-text rule's 400 showed its 400-character regular expression.
  it('says a pattern rule in words, from the spec, and never shows the regular expression', () => {
    const pattern = '^[^\\u0000-\\u001F]*$';
    const message = `must match pattern "${pattern}"`;
    const rules = { [pattern]: 'Display name: no control character.' };
    expect(
      toFieldErrors(
        [
          ajvError({ instancePath: '/requestBody/name', keyword: 'pattern', message, params: { pattern } }),
          ajvError({
            instancePath: '/header/x-other',
            keyword: 'pattern',
            message: 'must match pattern "^a$"',
            params: { pattern: '^a$' },
          }),
        ],
        rules,
      ),
    ).toEqual([
      { location: 'body', pointer: '/name', message: 'does not follow the rule: Display name: no control character.' },
      { location: 'header', pointer: 'x-other', message: 'does not have the form this field requires' },
    ]);
  });

  it('names the missing field of a required error, and a missing body as such', () => {
    expect(
      toFieldErrors([
        ajvError({ instancePath: '/requestBody', keyword: 'required', params: { missingProperty: 'email' } }),
        ajvError({ instancePath: '/query', keyword: 'required', params: { missingProperty: 'limit' } }),
        ajvError({ instancePath: '', keyword: 'required', params: { missingProperty: 'requestBody' } }),
      ]),
    ).toEqual([
      { location: 'body', pointer: '/email', message: 'is required' },
      { location: 'query', pointer: 'limit', message: 'is required' },
      { location: 'body', pointer: '', message: 'a JSON body is required' },
    ]);
  });

  it('names an unknown field', () => {
    expect(
      toFieldErrors([
        ajvError({
          instancePath: '/requestBody',
          keyword: 'additionalProperties',
          params: { additionalProperty: 'isAdmin' },
          message: 'must NOT have additional properties',
        }),
      ]),
    ).toEqual([{ location: 'body', pointer: '/isAdmin', message: 'is not an allowed field' }]);
  });

  it('falls back to the body and a generic message when ajv says neither', () => {
    expect(toFieldErrors([ajvError({ instancePath: '/other/x', keyword: 'type' })])).toEqual([
      { location: 'body', pointer: '/x', message: 'is invalid' },
    ]);
    expect(toFieldErrors([ajvError({ instancePath: '', keyword: 'type', message: 'must be object' })])).toEqual([
      { location: 'body', pointer: '', message: 'must be object' },
    ]);
  });

  it('drops duplicates and stops at 20 errors', () => {
    const same = ajvError({ instancePath: '/requestBody/name', keyword: 'type', message: 'must be string' });
    expect(toFieldErrors([same, same])).toHaveLength(1);
    const many = Array.from({ length: 25 }, (_, i) =>
      ajvError({ instancePath: `/requestBody/f${i}`, keyword: 'type', message: 'must be string' }),
    );
    const out = toFieldErrors(many);
    expect(out).toHaveLength(20);
    expect(out.at(-1)?.pointer).toBe('/f19');
    expect(toFieldErrors(many.slice(0, 19))).toHaveLength(19);
  });
});

describe('toRequestError', () => {
  it('answers unparsable JSON as malformed, without the parser message', () => {
    const error = toRequestError([
      ajvError({ instancePath: '', keyword: 'parse', message: 'Unexpected token } in JSON' }),
    ]);
    expect(error).toBeInstanceOf(MalformedJsonError);
    expect(error.detail).toBe('The request body is not valid JSON.');
  });

  it('answers anything else as a validation error listing the fields', () => {
    const error = toRequestError([
      ajvError({ instancePath: '/requestBody/name', keyword: 'parse', message: 'x' }),
      ajvError({ instancePath: '/requestBody/email', keyword: 'format', message: 'must match format "email"' }),
    ]);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { location: 'body', pointer: '/name', message: 'x' },
      { location: 'body', pointer: '/email', message: 'must match format "email"' },
    ]);
  });

  it('answers malformed JSON even when other errors come with the parse error', () => {
    const error = toRequestError([
      ajvError({ instancePath: '/query/limit', keyword: 'maximum', message: 'must be <= 100' }),
      ajvError({ instancePath: '', keyword: 'parse', message: 'Unexpected end of JSON input' }),
    ]);
    expect(error).toBeInstanceOf(MalformedJsonError);
  });

  it('answers an error about the whole request that is not a parse error as a validation error', () => {
    const error = toRequestError([ajvError({ instancePath: '', keyword: 'type', message: 'must be object' })]);
    expect(error).toBeInstanceOf(ValidationError);
  });
});

describe('a missing property', () => {
  it('is a missing body only when the request itself lacks requestBody', () => {
    expect(
      toFieldErrors([
        ajvError({ instancePath: '', keyword: 'required', params: { missingProperty: 'requestBody' } }),
        ajvError({ instancePath: '', keyword: 'required', params: { missingProperty: 'query' } }),
        ajvError({ instancePath: '/requestBody', keyword: 'required', params: { missingProperty: 'requestBody' } }),
      ]),
    ).toEqual([
      { location: 'body', pointer: '', message: 'a JSON body is required' },
      { location: 'body', pointer: '/query', message: 'is required' },
      { location: 'body', pointer: '/requestBody', message: 'is required' },
    ]);
  });
});
