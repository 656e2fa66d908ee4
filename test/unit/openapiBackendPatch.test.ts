// The patch carried for openapi-backend (patches/, applied by `npm ci`): same answers, less work per request and at start.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Document, OpenAPIBackend, OpenAPIRouter } from 'openapi-backend';
import { describe, expect, it } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };

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
    expect(first.map((o) => o.operationId)).toContain('getUser');
    expect(replaced.map((o) => o.operationId)).toEqual(['only']);
  });

  it('matches as before: templates, literal paths, trailing slashes, 404 and 405', () => {
    // Arrange
    const router = new OpenAPIRouter({ definition: definition() });
    const match = (method: string, path: string) => router.matchOperation({ method, path, headers: {} })?.operationId;

    // Act / Assert: twice each, so a cached pattern answers the second time.
    for (let i = 0; i < 2; i++) {
      expect(match('get', '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6')).toBe('getUser');
      expect(match('PUT', '/users/abc/')).toBe('updateUser');
      expect(match('get', '/users')).toBe('listUsers');
      expect(match('get', '/users/a/b')).toBeUndefined();
      expect(() => router.matchOperation({ method: 'patch', path: '/users', headers: {} }, true)).toThrow(/^405/);
      expect(() => router.matchOperation({ method: 'get', path: '/nope', headers: {} }, true)).toThrow(/^404/);
    }
  });

  it('parses path parameters with a parser built once per template: each request gets its own values', () => {
    // Arrange
    const router = new OpenAPIRouter({ definition: definition() });
    const operation = router.getOperation('getUser');
    if (operation === undefined) throw new Error('no getUser');
    const parse = (path: string) => router.parseRequest({ method: 'get', path, headers: {} }, operation).params;

    // Act / Assert
    expect(parse('/users/a')).toEqual({ userId: 'a' });
    expect(parse('/users/b%20c')).toEqual({ userId: 'b c' });
    expect(parse('/users/a')).toEqual({ userId: 'a' });
  });
});

describe('openapi-backend, patched', () => {
  it('in quick mode on a document object, loads neither the document parser, the spec validator nor Ajv', async () => {
    // Act
    const loaded = await loadedBy(`
      const { OpenAPIBackend } = require('openapi-backend');
      const api = new OpenAPIBackend({ definition: require('./generated/runtimeSpec.json'), quick: true });
      api.init().then(() => api.matchOperation({ method: 'get', path: '/hello', headers: {} }));`);

    // Assert
    expect(loaded).toContain('openapi-backend');
    expect(loaded).not.toContain('@apidevtools/json-schema-ref-parser');
    expect(loaded).not.toContain('openapi-schema-validator');
    expect(loaded).not.toContain('ajv');
    expect(loaded).not.toContain('qs');
    expect(loaded).not.toContain('mock-json-schema');
  });

  it('parses a query string (with qs) and mocks a response (with mock-json-schema) when asked, as before', async () => {
    // Arrange
    const api = await new OpenAPIBackend({ definition: definition(), quick: true }).init();

    // Act
    const parsed = api.router.parseRequest({ method: 'get', path: '/users?limit=5&cursor=a', headers: {} });
    const fromString = api.router.parseRequest({ method: 'get', path: '/users', query: '?limit=6', headers: {} });
    const fromObject = api.router.parseRequest({ method: 'get', path: '/users', query: { limit: '7' }, headers: {} });
    const mocked = api.mockResponseForOperation('getHello');

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
    // The parameters were $refs in the bundled spec: dereferenced by json-schema-ref-parser, loaded for it.
    expect(api.getOperation('getUser')?.parameters).toContainEqual(
      expect.objectContaining({ name: 'userId', in: 'path' }),
    );
    await expect(new OpenAPIBackend({ definition: broken, strict: true }).init()).rejects.toThrow(/not valid OpenAPI/);
  });
});
