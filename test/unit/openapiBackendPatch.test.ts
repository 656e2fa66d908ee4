// The patch carried for openapi-backend (patches/, applied by `npm ci`): same answers, less work per request and at
// start, and its security step (runSecurityHandlers) callable on its own, as the pipeline calls it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Document, OpenAPIBackend, OpenAPIRouter } from 'openapi-backend';
import { describe, expect, it } from 'vitest';
import spec from '../fixtures/engine-openapi.json' with { type: 'json' };

const run = promisify(execFile);
const definition = () => structuredClone(spec) as unknown as Document;

/** What a fresh Node process has loaded once it ran `script` (CommonJS), by package name. */
async function loadedBy(script: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, [
    '-e',
    `${script}
    setTimeout(() => console.log(JSON.stringify(Object.keys(require.cache))), 50);`,
  ]);
  return (JSON.parse(stdout) as string[]).flatMap(
    (file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? [],
  );
}

describe('the openapi-backend router, patched', () => {
  it('builds its operation list once per definition, and again for a new one', () => {
    // Arrange
    const router = new OpenAPIRouter({ definition: definition() });

    // Act
    const first = router.getOperations();
    const second = router.getOperations();
    router.definition = { ...router.definition, paths: { '/only': { get: { operationId: 'only', responses: {} } } } };
    const replaced = router.getOperations();

    // Assert
    expect(second).toBe(first);
    expect(first.map((o) => o.operationId)).toContain('getThing');
    expect(replaced.map((o) => o.operationId)).toEqual(['only']);
  });

  it('matches as before: templates, literal paths, trailing slashes, 404 and 405', () => {
    // Arrange
    const router = new OpenAPIRouter({ definition: definition() });
    const match = (method: string, path: string) => router.matchOperation({ method, path, headers: {} })?.operationId;

    // Act / Assert: twice each, so a cached pattern answers the second time.
    for (let i = 0; i < 2; i++) {
      expect(match('get', '/things/3fa85f64-5717-4562-b3fc-2c963f66afa6')).toBe('getThing');
      expect(match('get', '/things/latest')).toBe('latestThing');
      expect(match('PUT', '/things/abc/')).toBe('replaceThing');
      expect(match('get', '/things')).toBe('listThings');
      expect(match('get', '/things/a/b')).toBeUndefined();
      expect(() => router.matchOperation({ method: 'patch', path: '/things', headers: {} }, true)).toThrow(/^405/);
      expect(() => router.matchOperation({ method: 'get', path: '/nope', headers: {} }, true)).toThrow(/^404/);
    }
  });

  it('parses path parameters with a parser built once per template: each request gets its own values', () => {
    // Arrange
    const router = new OpenAPIRouter({ definition: definition() });
    const operation = router.getOperation('getThing');
    if (operation === undefined) throw new Error('no getThing');
    const parse = (path: string) => router.parseRequest({ method: 'get', path, headers: {} }, operation).params;

    // Act / Assert
    expect(parse('/things/a')).toEqual({ thingId: 'a' });
    expect(parse('/things/b%20c')).toEqual({ thingId: 'b c' });
    expect(parse('/things/a')).toEqual({ thingId: 'a' });
  });
});

describe('openapi-backend, patched', () => {
  it('in quick mode on a document object, loads neither the document parser, the spec validator nor Ajv', async () => {
    // Act
    const loaded = await loadedBy(`
      const { OpenAPIBackend } = require('openapi-backend');
      const api = new OpenAPIBackend({ definition: require('./test/fixtures/engine-openapi.json'), quick: true });
      api.init().then(() => api.matchOperation({ method: 'get', path: '/ping', headers: {} }));`);

    // Assert
    expect(loaded).toContain('openapi-backend');
    expect(loaded).not.toContain('@apidevtools/json-schema-ref-parser');
    expect(loaded).not.toContain('openapi-schema-validator');
    expect(loaded).not.toContain('ajv');
    expect(loaded).not.toContain('qs');
    expect(loaded).not.toContain('mock-json-schema');
    // Its lodash calls are native ones: lodash comes only with mock-json-schema, on first use.
    expect(loaded).not.toContain('lodash');
  });

  it('parses headers, cookies and a query object with native code as it did with lodash', async () => {
    // Arrange
    const api = await new OpenAPIBackend({ definition: definition(), quick: true }).init();
    const query = { limit: '7', tags: ['a', 'b'], filter: { name: 'x' } };

    // Act
    const parsed = api.router.parseRequest({
      method: 'get',
      path: '/things',
      // A nested object, as qs parses `filter[name]=x`, which the type does not say.
      query: query as unknown as Record<string, string>,
      headers: { 'X-Trace': 'on', Cookie: ['a=1', 'b=2'] as unknown as string },
    });
    query.tags.push('c');
    query.filter.name = 'y';

    // Assert: header names lower-cased, cookie headers joined, the query a deep copy (the caller's stays its own).
    expect(parsed.headers).toEqual({ 'x-trace': 'on', cookie: ['a=1', 'b=2'] });
    expect(parsed.cookies).toEqual({ a: '1', b: '2' });
    expect(parsed.query).toEqual({ limit: '7', tags: ['a', 'b'], filter: { name: 'x' } });
  });

  it('lists operations per path in method order, with the path’s parameters after the operation’s', () => {
    // Arrange
    const router = new OpenAPIRouter({
      definition: {
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {
          '/x/{id}': {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            post: { operationId: 'postX', responses: {} },
            get: { operationId: 'getX', parameters: [{ name: 'q', in: 'query' }], responses: {} },
          },
        },
      } as unknown as Document,
    });

    // Act
    const operations = router.getOperations();

    // Assert
    expect(operations.map((o) => `${o.method} ${o.operationId}`)).toEqual(['get getX', 'post postX']);
    expect(operations[0]?.parameters?.map((p) => ('name' in p ? p.name : ''))).toEqual(['q', 'id']);
  });

  it('parses a query string (with qs) and mocks a response (with mock-json-schema) when asked, as before', async () => {
    // Arrange
    const api = await new OpenAPIBackend({ definition: definition(), quick: true }).init();

    // Act
    const parsed = api.router.parseRequest({ method: 'get', path: '/things?limit=5&cursor=a', headers: {} });
    const fromString = api.router.parseRequest({ method: 'get', path: '/things', query: '?limit=6', headers: {} });
    const fromObject = api.router.parseRequest({ method: 'get', path: '/things', query: { limit: '7' }, headers: {} });
    const mocked = api.mockResponseForOperation('ping');

    // Assert
    expect(parsed.query).toEqual({ limit: '5', cursor: 'a' });
    expect(fromString.query).toEqual({ limit: '6' });
    expect(fromObject.query).toEqual({ limit: '7' });
    expect(mocked.status).toBe(200);
    expect(mocked.mock).toHaveProperty('message');
  });

  it('still validates the document and dereferences it in full mode', async () => {
    // Arrange
    const broken = { ...definition(), paths: { '/x': { get: { responses: 'not an object' } } } } as unknown as Document;

    // Act
    const api = await new OpenAPIBackend({ definition: definition() }).init();

    // Assert
    // The parameter was a $ref in the fixture: dereferenced by json-schema-ref-parser, loaded for it.
    expect(api.getOperation('listThings')?.parameters).toContainEqual(
      expect.objectContaining({ name: 'limit', in: 'query' }),
    );
    await expect(new OpenAPIBackend({ definition: broken, strict: true }).init()).rejects.toThrow(/not valid OpenAPI/);
  });
});

describe("runSecurityHandlers, handleRequest's security step on its own (patched)", () => {
  /** Security handlers that accept what `accepted` names, reject the rest, and record the argument they got. */
  async function backendAccepting(accepted: Record<string, unknown>) {
    const seen: unknown[] = [];
    const handler = (name: string) => (_c: unknown, request: unknown) => {
      seen.push(request);
      if (name in accepted) return accepted[name];
      throw new Error(`${name} refused`);
    };
    const api = await new OpenAPIBackend({
      definition: definition(),
      quick: true,
      securityHandlers: { bearer: handler('bearer'), key: handler('key') },
    }).init();
    const operation = (id: string) => {
      const found = api.getOperation(id);
      if (found === undefined) throw new Error(`no ${id}`);
      return found;
    };
    return { api, operation, seen };
  }

  it('authorizes when every scheme of one requirement object is met, and records each result', async () => {
    // Arrange
    const { api, operation, seen } = await backendAccepting({ bearer: { subject: 'alice' }, key: { keyId: 'k' } });
    const context = { operation: operation('replaceThing') };

    // Act
    const security = await api.runSecurityHandlers(context, 'the request');

    // Assert
    expect(security).toEqual({ bearer: { subject: 'alice' }, key: { keyId: 'k' }, authorized: true });
    expect(context).toHaveProperty('security', security);
    expect(seen).toEqual(['the request', 'the request']);
  });

  it('refuses when each object misses a scheme; a rejection is recorded as its error, a scheme without handler as undefined', async () => {
    // Arrange
    const { api, operation } = await backendAccepting({ bearer: { subject: 'alice' } });

    // Act
    const replace = await api.runSecurityHandlers({ operation: operation('replaceThing') });
    const create = await api.runSecurityHandlers({ operation: operation('createThing') });

    // Assert
    expect(replace.authorized).toBe(false);
    expect(replace.key).toEqual({ error: new Error('key refused') });
    expect(create).toMatchObject({ authorized: false, partner: undefined });
  });

  it('authorizes through any one alternative, and finds a public operation authorized by none', async () => {
    // Arrange
    const partner = await new OpenAPIBackend({
      definition: definition(),
      quick: true,
      securityHandlers: { partner: () => ({ partner: 'p-1' }), bearer: () => false, key: () => true },
    }).init();
    const op = (id: string) => partner.getOperation(id) as NonNullable<ReturnType<typeof partner.getOperation>>;

    // Act
    const create = await partner.runSecurityHandlers({ operation: op('createThing') });
    const ping = await partner.runSecurityHandlers({ operation: op('ping') });

    // Assert
    expect(create).toEqual({ bearer: false, key: true, partner: { partner: 'p-1' }, authorized: true });
    expect(ping).toEqual({ authorized: false });
  });

  it('is still what handleRequest runs: its unauthorizedHandler and operation handlers see the same results', async () => {
    // Arrange
    const { api } = await backendAccepting({ bearer: { subject: 'alice' } });
    api.register({
      unauthorizedHandler: (c: { security: unknown }) => ({ status: 401, security: c.security }),
      validationFail: () => ({ status: 400 }),
      listThings: () => ({ status: 200 }),
    });

    // Act
    const refused = await api.handleRequest({ method: 'GET', path: '/things', headers: {} });

    // Assert
    expect(refused).toEqual({
      status: 401,
      security: { bearer: { subject: 'alice' }, key: { error: new Error('key refused') }, authorized: false },
    });
  });
});
