// The local gateway passes the path as sent, like API Gateway (percent-encoded dot segments are not resolved), and frames
// its answers as API Gateway does.
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

describe('framing, as API Gateway answers', () => {
  it('sends a Content-Length, not chunked encoding, and none on a 304', async () => {
    // Arrange: a user to revalidate
    const created = await fetch(`${api.baseUrl}/users`, {
      method: 'POST',
      headers: { ...api.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Framing Test', email: `framing-${Date.now()}@example.com` }),
    });
    const { user } = (await created.json()) as { user: { userId: string } };

    // Act
    const hello = await fetch(`${api.baseUrl}/hello`);
    const body = await hello.text();
    const first = await fetch(`${api.baseUrl}/users/${user.userId}`, { headers: api.auth });
    await first.text();
    const again = await fetch(`${api.baseUrl}/users/${user.userId}`, {
      headers: { ...api.auth, 'if-none-match': first.headers.get('etag') ?? '' },
    });

    // Assert
    expect(hello.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(hello.headers.get('transfer-encoding')).toBeNull();
    expect(again.status).toBe(304);
    expect(again.headers.get('content-length')).toBeNull();
  });

  it('reads a repeated query parameter like API Gateway: the last value wins (500 would be refused)', async () => {
    const res = await fetch(`${api.baseUrl}/users?limit=500&limit=2`, { headers: api.auth });
    const page = (await res.json()) as { count: number };
    expect(res.status).toBe(200);
    expect(page.count).toBeLessThanOrEqual(2);
  });
});
