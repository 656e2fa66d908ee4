// The local gateway passes the path as sent, like API Gateway: percent-encoded dot segments are not resolved.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

/** node:http sends the path byte for byte; fetch (a WHATWG URL client) would resolve %2E itself. */
function rawGet(path: string): Promise<{ status: number; contentType: string | undefined }> {
  const { hostname, port } = new URL(api.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('encoded dot segments (found by the contract suite: GET /users/%2E answered the user list)', () => {
  it.each(['/users/%2E', '/users/%2e', '/users/%2E%2E/hello'])(
    'GET %s is refused, not answered by another route',
    async (path) => {
      // Act
      const res = await rawGet(path);

      // Assert: a 4xx problem (which one depends on what is checked first), never the list or the greeting.
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
    },
  );
});
