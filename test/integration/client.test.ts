// The typed client (the package's `./client` export) against the real local gateway, and its credentials and
// problem+json handling against a loopback server standing in for a proxy in front of the API.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUsersClient, type Problem, type User } from 'users-api/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';

/** Users and the email claims that keep emails unique: what a create writes and a delete removes. */
const userData = async (api: LocalApi) => (await api.items()).filter((i) => /^(USER|EMAIL)#/.test(String(i.pk)));

describe('createUsersClient against the local gateway', () => {
  let api: LocalApi;
  beforeAll(async () => {
    api = await startLocalApi();
  });
  afterAll(() => api.stop());

  it('creates, reads, lists, updates and deletes a user with typed bodies and ETags', async () => {
    // Arrange
    const client = createUsersClient({ baseUrl: `${api.baseUrl}/`, token: api.token, apiKey: api.apiKey });

    // Act
    const created = await client.POST('/users', { body: { name: 'Typed Client', email: 'typed@example.com' } });
    const userId = created.data?.user.userId ?? '';
    const read = await client.GET('/users/{userId}', { params: { path: { userId } } });
    const listed = await client.GET('/users');
    const updated = await client.PUT('/users/{userId}', {
      params: { path: { userId }, header: { 'If-Match': read.response.headers.get('etag') ?? '' } },
      body: { phone: '+4915112345678' },
    });
    const stale = await client.DELETE('/users/{userId}', {
      params: { path: { userId }, header: { 'If-Match': read.response.headers.get('etag') ?? '' } },
    });
    const deleted = await client.DELETE('/users/{userId}', {
      params: { path: { userId }, header: { 'If-Match': updated.response.headers.get('etag') ?? '' } },
    });
    const gone = await client.GET('/users/{userId}', { params: { path: { userId } } });

    // Assert
    expect(created.response.status).toBe(201);
    expect(created.response.headers.get('location')).toMatch(new RegExp(`/users/${userId}$`));
    const user: User | undefined = read.data;
    expect(user).toMatchObject({ userId, name: 'Typed Client', email: 'typed@example.com' });
    expect(listed.data?.users.map((u) => u.userId)).toContain(userId);
    expect(updated.data?.user).toMatchObject({ userId, phone: '+4915112345678', name: 'Typed Client' });
    expect(stale.error).toMatchObject({ status: 412 });
    expect(deleted.data?.message).toEqual(expect.any(String));
    expect(gone.data).toBeUndefined();
    const problem: Problem | undefined = gone.error;
    expect(problem).toMatchObject({ status: 404, type: '/problems/not-found', title: 'Not Found' });
    expect(await userData(api)).toEqual([]);
  });

  it('surfaces a validation failure as a typed problem naming the field', async () => {
    // Arrange
    const client = createUsersClient({ baseUrl: api.baseUrl, token: api.token, apiKey: api.apiKey });
    const before = await userData(api);

    // Act
    const { data, error, response } = await client.POST('/users', {
      body: { name: 'Bad Email', email: 'not-an-email' },
    });

    // Assert
    expect(data).toBeUndefined();
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(error?.status).toBe(400);
    expect(error?.errors).toContainEqual(expect.objectContaining({ location: 'body', pointer: '/email' }));
    expect(await userData(api)).toEqual(before);
  });
});

const firewallProblem = {
  type: '/problems/too-many-requests',
  title: 'Too Many Requests',
  status: 429,
  detail: 'Too many requests from this address. Retry later.',
  instance: 'firewall',
};

describe('createUsersClient behind a proxy', () => {
  let proxy: Server;
  let baseUrl: string;
  const seen: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    // Answers like things in front of the API do: a load balancer's HTML 502, API Gateway's own JSON throttling.
    proxy = createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6') {
        // The firewall's rate rule: a problem document it can only send as application/json.
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '60' });
        res.end(JSON.stringify(firewallProblem));
      } else if (req.url === '/hello') {
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '3', 'x-amzn-RequestId': 'req-429' });
        res.end('{"message":"Too Many Requests"}');
      } else {
        res.writeHead(502, { 'Content-Type': 'text/html', 'x-amzn-RequestId': 'req-from-proxy' });
        res.end('<html><body>502 Bad Gateway</body></html>');
      }
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => proxy.close(resolve)));

  it('sends the bearer token and API key, asking a token function before every request', async () => {
    // Arrange
    let issued = 0;
    const client = createUsersClient({ baseUrl, token: async () => `token-${++issued}`, apiKey: 'key-123' });
    seen.length = 0;

    // Act
    await client.GET('/hello');
    await client.GET('/users');

    // Assert
    expect(seen.map((h) => [h.authorization, h['x-api-key']])).toEqual([
      ['Bearer token-1', 'key-123'],
      ['Bearer token-2', 'key-123'],
    ]);
  });

  it('sends no credentials when none are given', async () => {
    // Arrange
    const client = createUsersClient({ baseUrl, token: () => undefined });
    seen.length = 0;

    // Act
    await client.GET('/hello');

    // Assert
    expect(seen[0]).not.toHaveProperty('authorization');
    expect(seen[0]).not.toHaveProperty('x-api-key');
  });

  it('turns a non-problem error answer into a typed problem', async () => {
    // Arrange
    const client = createUsersClient({ baseUrl });

    // Act
    const { data, error } = await client.GET('/users');

    // Assert
    expect(data).toBeUndefined();
    expect(error).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: 'The server answered 502 without a problem document.',
      instance: 'req-from-proxy',
    });
  });

  it("turns API Gateway's own JSON answers into typed problems, keeping their headers", async () => {
    // Arrange
    const client = createUsersClient({ baseUrl });

    // Act
    const { error, response } = await client.GET('/hello');

    // Assert
    expect(error).toEqual({
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'Too Many Requests',
      instance: 'req-429',
    });
    expect(response.headers.get('retry-after')).toBe('3');
  });

  it('keeps a problem document sent as application/json (the firewall’s 429) as it is', async () => {
    // Arrange
    const client = createUsersClient({ baseUrl });

    // Act
    const { error, response } = await client.GET('/users/{userId}', {
      params: { path: { userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' } },
    });

    // Assert
    expect(error).toEqual(firewallProblem);
    expect(response.headers.get('retry-after')).toBe('60');
  });
});
