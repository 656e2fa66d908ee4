// Issue 32, item 1: a path parameter that is not valid percent-encoding (`/users/%ZZ`) is the client's error. It
// used to throw a URIError in openapi-backend's path parser: the local gateway's request handler rejected, Node
// ended `npm start`, and the Lambda answered 500 before authentication.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createSigningKey, issueDevToken, publicJwks } from '../../local/devAuth.js';
import { createGateway } from '../../local/gateway/gateway.js';
import { createUsagePlan } from '../../local/gateway/usagePlan.js';
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import type { ProxyEvent } from '../../src/lambda/proxyAdapter.js';
import { MALFORMED_ESCAPE } from '../../src/pipeline/requestSteps.js';
import { type LocalApi, startLocalApi, UNTHROTTLED } from '../helpers/localApi.js';
import { memoryDependencies } from '../helpers/memoryDependencies.js';
import { httpApiEvent, restEvent } from '../helpers/proxyEvents.js';
import { rawExchange, rawRequest } from '../helpers/rawHttp.js';

const MALFORMED = ['%ZZ', '%', 'abc%', '%C0%AF', '%E0%A4%A', '%FF'];

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

const host = (): [string, string] => ['Host', new URL(api.baseUrl).host];
const authHeaders = (): [string, string][] => [host(), ...Object.entries(api.auth)];

describe('the local gateway on a malformed percent-escape in a path parameter', () => {
  it.each(MALFORMED.flatMap((segment) => ['GET', 'HEAD', 'DELETE', 'OPTIONS', 'PUT'].map((m) => [m, segment])))(
    '%s /users/%s, unauthenticated, is answered (never an empty reply) and the gateway lives on',
    async (method, segment) => {
      // Act
      const res = await rawRequest(api.baseUrl, method, `/users/${segment}`, [host()]);
      const after = await rawRequest(api.baseUrl, 'GET', '/hello', [host()]);

      // Assert: a refusal or the preflight, from a gateway that still answers
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
      expect(after.status).toBe(200);
    },
  );

  it.each(MALFORMED)('GET /users/%s, authenticated, is a 400 problem naming userId', async (segment) => {
    // Act
    const res = await rawRequest(api.baseUrl, 'GET', `/users/${segment}`, authHeaders());

    // Assert
    expect(res.status, res.text).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json.errors).toEqual([{ location: 'path', pointer: 'userId', message: MALFORMED_ESCAPE }]);
  });
});

describe('the Lambda invoked directly on a malformed path parameter', () => {
  const config = loadConfig({ VALIDATE_RESPONSES: 'true' });
  const handler = createHandler(config, () => createApi(memoryDependencies(config), { error: () => {} }));
  const invoke = (event: ProxyEvent) => handler(event, { awsRequestId: 'lambda-request-id' });

  it.each(MALFORMED.flatMap((segment) => ['GET', 'DELETE', 'PUT'].map((m) => [m, segment])))(
    '%s /users/%s is a 400 naming userId before any credential (REST v1 and HTTP API v2)',
    async (method, segment) => {
      // Act: no authorizer claims, no API key: routing answers before authentication
      const rest = await invoke(restEvent({ method, path: `/users/${segment}` }));
      const v2 = await invoke(httpApiEvent({ method, path: `/users/${segment}` }));

      // Assert
      for (const result of [rest, v2]) {
        expect(result.statusCode).toBe(400);
        expect(JSON.parse(result.body).errors).toEqual([
          { location: 'path', pointer: 'userId', message: MALFORMED_ESCAPE },
        ]);
      }
    },
  );
});

describe('the local gateway when it fails itself', () => {
  it('answers the document default 5XX, logs it, and serves the next request', async () => {
    // Arrange: a key store that throws, standing for any bug in the gateway's own steps
    const signingKey = await createSigningKey();
    const apiKey = await createApiKey();
    const logged: string[] = [];
    const server = createGateway({
      handler: async () => ({ statusCode: 200, body: '' }),
      maxPayloadBytes: 1024,
      corsAllowedOrigins: ['*'],
      apiKeys: {
        keys: {
          get: () => {
            throw new Error('planted gateway bug');
          },
        } as unknown as ReadonlyMap<string, string>,
        usagePlan: createUsagePlan(UNTHROTTLED),
      },
      jwks: publicJwks(signingKey),
      logError: (message) => logged.push(message),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const baseUrl = `http://127.0.0.1:${port}`;
    const token = await issueDevToken(signingKey, { scopes: ['users:read'] });

    try {
      // Act
      const failed = await rawRequest(baseUrl, 'GET', '/users', [
        ['Host', `127.0.0.1:${port}`],
        ['Authorization', `Bearer ${token}`],
        ['x-api-key', apiKey.value],
      ]);
      const next = await rawRequest(baseUrl, 'GET', '/hello', [['Host', `127.0.0.1:${port}`]]);

      // Assert
      expect(failed.status).toBe(500);
      expect(failed.json).toMatchObject({ status: 500, title: 'Internal Server Error' });
      expect(failed.text).not.toContain('planted gateway bug');
      expect(logged).toEqual(['local gateway: GET /users failed']);
      expect(next.status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

// Issue 32, item 8: what Node's HTTP parser refuses was answered by Node itself: an empty 400 or 431, or a 417, with
// no problem body and no CORS headers, unlike every other refusal of the gateway.
describe("the local gateway on what Node's HTTP parser refuses", () => {
  it.each([
    ['a header line without a colon', 'X-Broken header line', 400],
    ['a header block over 16 KB', `X-Big: ${'a'.repeat(17 * 1024)}`, 431],
    ['a header value with a control character', 'X-Bad: a\u0001b', 400],
    ['Expect: foo', 'Expect: foo', 417],
  ])('%s is a problem with CORS headers, and the connection closes', async (_name, line, status) => {
    // Act
    const host = new URL(api.baseUrl).host;
    const res = await rawExchange(api.baseUrl, [
      'GET /hello HTTP/1.1',
      `Host: ${host}`,
      'Origin: http://app.example',
      line,
    ]);

    // Assert
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(res.body)).toMatchObject({ status, type: '/problems/bad-request' });
    expect(res.closed).toBe(true);
  });
});
