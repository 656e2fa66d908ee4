// OpenAPI runtime expressions and curl reproducers of the contract suite: what a client would follow and paste.
import { describe, expect, it } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { type Exchange, toCurl } from '../contract/exchange.js';
import { applyLink, evaluate, statusMatches } from '../contract/links.js';
import { type Document, Spec } from '../contract/spec.js';

const document = new Spec(spec as unknown as Document);
const createUser = document.operation('createUser');
const updateUser = document.operation('updateUser');

const created: Exchange = {
  operation: createUser as NonNullable<typeof createUser>,
  request: {
    method: 'POST',
    url: 'http://127.0.0.1:3000/users?dryRun=no',
    headers: { 'content-type': 'application/json' },
    body: '{"name":"John Doe","email":"john@example.com"}',
  },
  response: {
    status: 201,
    headers: { etag: '"1"', location: '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6' },
    text: '{"message":"User created successfully","user":{"userId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"John Doe"}}',
  },
};

describe('runtime expressions', () => {
  it.each([
    ['$response.body#/user/userId', '3fa85f64-5717-4562-b3fc-2c963f66afa6'],
    ['$response.header.ETag', '"1"'],
    ['$request.body#/email', 'john@example.com'],
    ['$request.query.dryRun', 'no'],
    ['$statusCode', 201],
    ['$method', 'POST'],
    ['/users/{$response.body#/user/userId}', '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6'],
    ['$response.body#/user/missing', undefined],
    ['a constant', 'a constant'],
  ])('%s evaluates to %s', (expression, expected) => {
    // Act
    const value = evaluate(expression, created);

    // Assert
    expect(value).toEqual(expected);
  });

  it('matches documented status keys, ranges and default', () => {
    // Act + Assert
    expect([statusMatches('201', 201), statusMatches('2XX', 204), statusMatches('default', 503)]).toEqual([
      true,
      true,
      true,
    ]);
    expect([statusMatches('200', 201), statusMatches('4XX', 500)]).toEqual([false, false]);
  });
});

describe('the UpdateUser link of createUser', () => {
  it('fills the path id and If-Match from the create answer, as the spec says', () => {
    // Arrange
    const link = createUser?.responses['201']?.links.UpdateUser;
    const input = { pathParams: {}, query: {}, headers: {} };

    // Act
    const set = applyLink(
      link as NonNullable<typeof link>,
      created,
      updateUser as NonNullable<typeof updateUser>,
      input,
    );

    // Assert
    expect(set.sort()).toEqual(['If-Match', 'userId']);
    expect(input).toEqual({
      pathParams: { userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' },
      query: {},
      headers: { 'if-match': '"1"' },
    });
  });
});

describe('curl reproducers', () => {
  it('quote for the shell and keep secrets out', () => {
    // Arrange
    const request = {
      method: 'POST',
      url: 'http://127.0.0.1:3000/users',
      headers: { authorization: 'Bearer s3cr3t', 'x-api-key': 'k3y' },
      body: `{"name":"O'Brien"}`,
    };

    // Act
    const curl = toCurl(request, { TOKEN: 's3cr3t', API_KEY: 'k3y' });

    // Assert
    expect(curl).toBe(
      `curl -i -X POST 'http://127.0.0.1:3000/users' -H 'authorization: Bearer '"$TOKEN"'' -H 'x-api-key: '"$API_KEY"'' --data-binary '{"name":"O'\\''Brien"}'`,
    );
    expect(curl).not.toMatch(/s3cr3t|k3y/);
  });
});
