// The local gateway's HTTP handling (issue 20, defect 11): absolute-form targets, one Host, and no body read before
// the resource, the authorizer and the API key have let the request through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess } from '../helpers/gatewayProcess.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { rawExchange, rawRequest } from '../helpers/rawHttp.js';
import { uniqueEmail } from '../helpers/seed.js';

let api: LocalApi;
let host: string;
beforeAll(async () => {
  api = await startLocalApi();
  host = new URL(api.baseUrl).host;
});
afterAll(() => api.stop());

const withoutInstance = ({ instance: _, ...rest }: Record<string, unknown>) => rest;

describe('absolute-form request targets (RFC 9112 §3.2.2: a server MUST accept them)', () => {
  it('GET http://host/hello answers like GET /hello', async () => {
    // Act
    const absolute = await rawRequest(api.baseUrl, 'GET', `${api.baseUrl}/hello`, [['Host', host]]);
    const origin = await rawRequest(api.baseUrl, 'GET', '/hello', [['Host', host]]);

    // Assert
    expect(absolute.status).toBe(200);
    expect(absolute.json.message).toBe(origin.json.message);
  });

  it('keeps the path parameters and the query of the target', async () => {
    // Arrange: two users, so a page of one is visible
    const auth = Object.entries(api.auth);
    const created = [];
    for (const name of ['Ada Lovelace', 'Alan Turing']) {
      const body = JSON.stringify({ name, email: uniqueEmail('absolute') });
      const res = await rawRequest(
        api.baseUrl,
        'POST',
        '/users',
        [['Host', host], ['Content-Type', 'application/json'], ...auth],
        body,
      );
      expect(res.status).toBe(201);
      created.push(res.json.user.userId as string);
    }

    // Act
    const one = await rawRequest(api.baseUrl, 'GET', `${api.baseUrl}/users/${created[0]}`, [['Host', host], ...auth]);
    const page = await rawRequest(api.baseUrl, 'GET', `${api.baseUrl}/users?limit=1`, [['Host', host], ...auth]);

    // Assert
    expect(one.status).toBe(200);
    expect(one.json.name).toBe('Ada Lovelace');
    expect(page.status).toBe(200);
    expect(page.json.count).toBe(1);
  });

  it('without credentials, an absolute-form /users gets the same refusal as /users', async () => {
    // Act
    const absolute = await rawRequest(api.baseUrl, 'GET', `${api.baseUrl}/users`, [['Host', host]]);
    const origin = await rawRequest(api.baseUrl, 'GET', '/users', [['Host', host]]);

    // Assert
    expect(origin.status).toBe(401);
    expect(absolute.status).toBe(origin.status);
    expect(absolute.headers['content-type']).toBe(origin.headers['content-type']);
    expect(withoutInstance(absolute.json)).toEqual(withoutInstance(origin.json));
  });

  it('an unknown absolute-form path is a 404 problem that does not echo the target', async () => {
    // Act
    const res = await rawRequest(api.baseUrl, 'GET', `${api.baseUrl}/no-such-route-marker?q=marker`, [['Host', host]]);

    // Assert
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toContain('marker');
    expect(res.text).not.toContain(host);
  });
});

describe('Host (RFC 9112 §3.2: exactly one in HTTP/1.1)', () => {
  it('two Host lines: a 400 problem with the usual headers, nothing echoed, the handler not reached', async () => {
    // Arrange: a valid create, which would write a user if it reached the handler
    const email = uniqueEmail('two-hosts');

    // Act
    const res = await rawRequest(
      api.baseUrl,
      'POST',
      '/users',
      [['Host', host], ['Host', 'evil.example'], ['Content-Type', 'application/json'], ...Object.entries(api.auth)],
      JSON.stringify({ name: 'Two Hosts', email }),
    );

    // Assert
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(res.text).not.toContain('evil.example');
    expect((await api.items()).some((item) => item.email === email)).toBe(false);
  });

  it('no Host in HTTP/1.1: the same 400 problem, not an empty answer', async () => {
    // Act
    const res = await rawExchange(api.baseUrl, ['GET /hello HTTP/1.1']);

    // Assert
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ status: 400 });
  });

  it('HTTP/1.0 without Host is still answered', async () => {
    // Act
    const res = await rawExchange(api.baseUrl, ['GET /hello HTTP/1.0']);

    // Assert
    expect(res.status).toBe(200);
  });
});

describe('the body is read only once the resource, the authorizer and the API key let the request through', () => {
  const declaring = (length: number, ...headers: string[]) => [
    'POST /users HTTP/1.1',
    `Host: ${host}`,
    'Content-Type: application/json',
    `Content-Length: ${length}`,
    ...headers,
  ];

  it('an unauthenticated POST declaring 6,000,000 bytes is refused before any is sent, and the connection closed', async () => {
    // Act: the headers only; the server would wait for the body if it read it first
    const res = await rawExchange(api.baseUrl, declaring(6_000_000));

    // Assert
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers.connection).toBe('close');
    expect(res.closed).toBe(true);
  });

  it('with a token but no API key: 403 without the body, and the connection closed', async () => {
    // Act
    const res = await rawExchange(api.baseUrl, declaring(6_000_000, `Authorization: ${api.auth.authorization}`));

    // Assert
    expect(res.status).toBe(403);
    expect(res.headers.connection).toBe('close');
    expect(res.closed).toBe(true);
  });

  it('with a valid token and key, a declared length over the limit is a 413 (with CORS) without the body', async () => {
    // Act
    const res = await rawExchange(
      api.baseUrl,
      declaring(7 * 1024 * 1024, `Authorization: ${api.auth.authorization}`, `X-Api-Key: ${api.auth['x-api-key']}`),
    );

    // Assert
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers.connection).toBe('close');
    expect(res.closed).toBe(true);
  });

  it('Expect: 100-continue gets Continue only once the request is let through', async () => {
    // Arrange
    const body = JSON.stringify({ name: 'Continued', email: uniqueEmail('continue') });
    const head = (...headers: string[]) => [...declaring(Buffer.byteLength(body), 'Expect: 100-continue', ...headers)];

    // Act
    const refused = await rawExchange(api.baseUrl, head(), { bodyAfterContinue: body });
    const accepted = await rawExchange(
      api.baseUrl,
      head(`Authorization: ${api.auth.authorization}`, `X-Api-Key: ${api.auth['x-api-key']}`, 'Connection: close'),
      { bodyAfterContinue: body },
    );

    // Assert
    expect(refused.interim).toEqual([]);
    expect(refused.status).toBe(401);
    expect(accepted.interim).toEqual([100]);
    expect(accepted.status).toBe(201);
    expect(JSON.parse(accepted.body).user.name).toBe('Continued');
  });

  it('a client that sends its whole body anyway receives the refusal, not a reset connection', async () => {
    // Arrange: the gateway in another process (in one process the client's reads and writes hide a reset)
    const gateway = await startGatewayProcess();
    const body = 'x'.repeat(6_000_000);

    try {
      // Act: fetch sends the body without waiting for an answer
      const outcomes = [];
      for (let i = 0; i < 10; i++) {
        const res = await fetch(`${gateway.baseUrl}/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).catch((error: Error) => ({ status: String(error.cause ?? error), arrayBuffer: async () => undefined }));
        await res.arrayBuffer();
        outcomes.push(res.status);
      }

      // Assert
      expect(outcomes).toEqual(Array(10).fill(401));
    } finally {
      await gateway.stop();
    }
  });

  it('a chunked body is still read up to the limit: over it, a 413 the client receives', async () => {
    // Arrange: 7 MiB in 64 KiB chunks, without a Content-Length
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 7 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });

    // Act
    const res = await fetch(`${api.baseUrl}/users`, {
      method: 'POST',
      headers: { ...api.auth, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);

    // Assert
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
