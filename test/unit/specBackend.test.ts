// SpecBackend routes and runs hooks like openapi-backend: checked against openapi-backend itself on the same inputs.
import { type Context, type Document, OpenAPIBackend } from 'openapi-backend';
import { describe, expect, it } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { SpecBackend } from '../../src/routing/specBackend.js';

const USER_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const requests = [
  ['GET', '/hello'],
  ['GET', '/hello/'],
  ['GET', 'hello'],
  ['GET', '/users'],
  ['POST', '/users'],
  ['DELETE', '/users'],
  ['GET', `/users/${USER_ID}`],
  ['PUT', `/users/${USER_ID}`],
  ['PATCH', `/users/${USER_ID}`],
  ['GET', `/users/${USER_ID}/`],
  ['GET', '/users/a%20b'],
  ['GET', `/users/${USER_ID}/extra`],
  ['GET', '/nope'],
  ['get', '/users?limit=3'],
] as const;

/** A spec exercising security: global requirements, an override, alternatives (OR) and combinations (AND). */
const securedSpec = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  security: [{ key: [] }],
  components: {
    securitySchemes: {
      key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      bearer: { type: 'http', scheme: 'bearer' },
    },
  },
  paths: {
    '/global': { get: { operationId: 'global', responses: { 200: { description: 'ok' } } } },
    '/open': { get: { operationId: 'open', security: [], responses: { 200: { description: 'ok' } } } },
    '/either': {
      get: {
        operationId: 'either',
        security: [{ key: [] }, { bearer: [] }],
        responses: { 200: { description: 'ok' } },
      },
    },
    '/both': {
      get: { operationId: 'both', security: [{ key: [], bearer: [] }], responses: { 200: { description: 'ok' } } },
    },
  },
} as unknown as Document;

/** With `answer: 'later'`, the security handlers answer with promises (async), else at once (sync). */
function pipeline(
  backend: { register(h: never): void; registerSecurityHandler(n: string, h: never): void },
  answer: 'at once' | 'later' = 'at once',
) {
  const later = answer === 'later';
  const trace = (name: string) => (c: Context) => ({ name, operation: c.operation?.operationId, security: c.security });
  backend.register({
    notFound: trace('notFound'),
    methodNotAllowed: trace('methodNotAllowed'),
    notImplemented: trace('notImplemented'),
    unauthorizedHandler: trace('unauthorized'),
    postResponseHandler: (c: Context) => ({ response: c.response, params: c.request.params }),
    global: trace('global'),
    open: trace('open'),
    either: trace('either'),
    both: trace('both'),
  } as never);
  // The key is accepted when the header is "good"; bearer rejects (throws) unless the header is "good".
  const key = (c: Context) => c.request.headers['x-api-key'] === 'good';
  const bearer = (c: Context) => {
    if (c.request.headers.authorization !== 'good') throw new Error('bad token');
    return { sub: 'u' };
  };
  backend.registerSecurityHandler('key', (later ? async (c: Context) => key(c) : key) as never);
  backend.registerSecurityHandler('bearer', (later ? async (c: Context) => bearer(c) : bearer) as never);
}

describe('SpecBackend', () => {
  it.each(requests)('matches %s %s like openapi-backend', async (method, path) => {
    // Arrange
    const reference = new OpenAPIBackend({
      definition: structuredClone(spec) as unknown as Document,
      quick: true,
      validate: false,
    });
    await reference.init();
    const ours = new SpecBackend({ definition: spec as unknown as Document, validate: false });

    // Act / Assert
    expect(ours.matchOperation({ method, path })?.operationId).toBe(
      reference.matchOperation({ method, path, headers: {} })?.operationId,
    );
  });

  it.each([
    ['/global', {}],
    ['/global', { 'x-api-key': 'good' }],
    ['/open', {}],
    ['/either', {}],
    ['/either', { authorization: 'good' }],
    ['/both', { 'x-api-key': 'good' }],
    ['/both', { 'x-api-key': 'good', authorization: 'good' }],
    ['/missing', {}],
  ])('runs hooks and security for GET %s %j like openapi-backend', async (path, headers) => {
    for (const answer of ['at once', 'later'] as const) {
      // Arrange
      const reference = new OpenAPIBackend({ definition: structuredClone(securedSpec), quick: true, validate: false });
      await reference.init();
      pipeline(reference as never, answer);
      const ours = new SpecBackend({ definition: securedSpec, validate: false });
      pipeline(ours as never, answer);
      const request = { method: 'GET', path, headers };

      // Act
      const expected = await reference.handleRequest(request);
      const actual = await ours.handleRequest(request);

      // Assert
      expect({ answer, result: actual }).toEqual({ answer, result: expected });
    }
  });

  it("starts every scheme's handler before waiting for any, as openapi-backend's Promise.all does", async () => {
    // Arrange: both handlers wait until both have been called
    const ours = new SpecBackend({ definition: securedSpec, validate: false });
    ours.register({ both: () => 'ran' });
    const called: string[] = [];
    let release = () => {};
    const bothCalled = new Promise<void>((resolve) => {
      release = resolve;
    });
    const waitForBoth = (name: string) => async () => {
      called.push(name);
      if (called.length === 2) release();
      await bothCalled;
      return true;
    };
    ours.registerSecurityHandler('key', waitForBoth('key'));
    ours.registerSecurityHandler('bearer', waitForBoth('bearer'));

    // Act
    const result = await ours.handleRequest({ method: 'GET', path: '/both', headers: {} });

    // Assert
    expect(called.sort()).toEqual(['bearer', 'key']);
    expect(result).toBe('ran');
  });

  it('refuses handlers for operations the spec does not have', () => {
    const ours = new SpecBackend({ definition: spec as unknown as Document, validate: false });
    expect(() => ours.register({ dropTables: () => undefined })).toThrow(/Unknown operationId/);
  });
});
