// Hostile and sloppy input over real HTTP (issue 20): every answer a documented 4xx or success, nothing corrupted stored.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../apiGateway/gatewayResponses.js';
import { call, resultOf } from '../helpers/http.js';
import { authedCall, type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { rawRequest } from '../helpers/rawHttp.js';
import { uniqueEmail } from '../helpers/seed.js';
import { operations } from '../helpers/specFacts.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

async function newUser() {
  const res = await authedCall(api, 'POST', '/users', { body: { name: 'Grace Hopper', email: uniqueEmail('grace') } });
  expect(res.status).toBe(201);
  return { userId: res.json.user.userId as string, etag: res.headers.get('etag') ?? '' };
}

/** A request with a body of exactly these bytes. */
async function rawCall(method: string, path: string, body: Buffer, headers: Record<string, string>) {
  const res = await fetch(api.baseUrl + path, { method, headers: { ...api.auth, ...headers }, body });
  return resultOf(res);
}

describe('unknown query parameters are ignored everywhere', () => {
  it.each(['/hello?_=123', '/users?_=1', '/users?limit=2&debug=true'])('GET %s answers 200', async (path) => {
    const res = await authedCall(api, 'GET', path);
    expect(res.status).toBe(200);
  });

  it('GET /users/{id}?_=1 answers 200', async () => {
    const { userId } = await newUser();
    expect((await authedCall(api, 'GET', `/users/${userId}?_=1`)).status).toBe(200);
  });

  it('a body on an operation that takes none is ignored, not refused with an undocumented status', async () => {
    const body = 'x'.repeat(2 * 1024 * 1024);
    const res = await rawRequest(
      api.baseUrl,
      'GET',
      '/hello',
      [
        ['Host', '127.0.0.1'],
        ['Content-Type', 'text/plain'],
      ],
      body,
    );
    expect(res.status).toBe(200);
  });
});

describe('entity tags are compared as opaque strings', () => {
  it.each(['"01"', '"1.0"', '" 1"', 'W/"1"', '1'])(
    'If-Match: %s does not match ETag "1": 412, nothing changed',
    async (tag) => {
      const { userId, etag } = await newUser();
      expect(etag).toBe('"1"');
      const res = await authedCall(api, 'PUT', `/users/${userId}`, {
        body: { name: 'Changed' },
        headers: { 'if-match': tag },
      });
      expect(res.status).toBe(412);
      expect((await authedCall(api, 'GET', `/users/${userId}`)).json.name).toBe('Grace Hopper');
    },
  );

  it('If-None-Match: "01" is not ETag "1": the user is sent', async () => {
    const { userId } = await newUser();
    expect((await authedCall(api, 'GET', `/users/${userId}`, { headers: { 'if-none-match': '"01"' } })).status).toBe(
      200,
    );
  });
});

describe('limit is a plain decimal integer', () => {
  it.each(['1e2', '0x10', '+2', '00002', '1.0', ' 1', '2 ', '-0', '１'])(
    'limit=%s answers 400 naming limit',
    async (limit) => {
      const res = await authedCall(api, 'GET', `/users?limit=${encodeURIComponent(limit)}`);
      expect(res.status).toBe(400);
      expect(res.json.errors).toContainEqual(expect.objectContaining({ location: 'query', pointer: 'limit' }));
    },
  );

  it('limit=2 gives at most two users', async () => {
    await newUser();
    await newUser();
    await newUser();
    const res = await authedCall(api, 'GET', '/users?limit=2');
    expect(res.status).toBe(200);
    expect(res.json.count).toBe(2);
  });
});

describe('list cursors', () => {
  it('any change to the last character of the signature answers 400', async () => {
    await newUser();
    await newUser();
    const page = await authedCall(api, 'GET', '/users?limit=1');
    const cursor = page.json.nextCursor as string;
    expect(typeof cursor).toBe('string');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const refused = [];
    for (const char of alphabet) {
      if (char === cursor.at(-1)) continue;
      const res = await authedCall(api, 'GET', `/users?limit=1&cursor=${cursor.slice(0, -1)}${char}`);
      refused.push(res.status);
    }
    expect(new Set(refused)).toEqual(new Set([400]));
    expect((await authedCall(api, 'GET', `/users?limit=1&cursor=${cursor}`)).status).toBe(200);
  });
});

describe('user ids', () => {
  it('an upper-case spelling of an existing id is refused with 400, not 404', async () => {
    const { userId, etag } = await newUser();
    for (const [method, options] of [
      ['GET', {}],
      ['PUT', { body: { name: 'X' }, headers: { 'if-match': etag } }],
      ['DELETE', { headers: { 'if-match': etag } }],
    ] as const) {
      const res = await authedCall(api, method, `/users/${userId.toUpperCase()}`, options);
      expect(res.status).toBe(400);
      expect(res.json.errors).toContainEqual(expect.objectContaining({ location: 'path', pointer: 'userId' }));
    }
    expect((await authedCall(api, 'GET', `/users/${userId}`)).json.name).toBe('Grace Hopper');
  });
});

describe('contention is not an outage', () => {
  it('20 concurrent PUTs with If-Match: * on one user: each 200 or 409 with Retry-After, never a 5xx (the only thing the API logs as an error)', async () => {
    const { userId } = await newUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        authedCall(api, 'PUT', `/users/${userId}`, { body: { name: `Writer ${i}` }, headers: { 'if-match': '*' } }),
      ),
    );
    for (const res of results) {
      expect([200, 409]).toContain(res.status);
      if (res.status === 409) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const wins = results.filter((res) => res.status === 200).length;
    expect(wins).toBeGreaterThanOrEqual(1);
    // Every win is one version: the stored version counts exactly the writes that answered 200.
    const stored = await authedCall(api, 'GET', `/users/${userId}`);
    expect(stored.headers.get('etag')).toBe(`"${1 + wins}"`);
  });
});

describe('declared encodings', () => {
  const userJson = (name: string) => `{"name":"${name}","email":"${uniqueEmail('enc')}"}`;
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  const storedNames = async () =>
    (await api.items()).filter((item) => String(item.pk).startsWith('USER#')).map((item) => String(item.name));

  it.each([
    [
      'charset=iso-8859-1',
      latin1(userJson('Jos\u00e9')),
      { 'content-type': 'application/json; charset=iso-8859-1' },
      400,
    ],
    [
      'charset=iso-8859-1, ASCII only',
      latin1(userJson('Jose')),
      { 'content-type': 'application/json; charset=iso-8859-1' },
      415,
    ],
    ['charset="latin1"', latin1(userJson('Jose')), { 'content-type': 'application/json; charset="latin1"' }, 415],
    ['invalid UTF-8, no charset', latin1(userJson('Jos\u00e9')), { 'content-type': 'application/json' }, 400],
    [
      'invalid UTF-8, charset=utf-8',
      latin1(userJson('Jos\u00e9')),
      { 'content-type': 'application/json; charset=utf-8' },
      400,
    ],
    ['gzip body', gzipSync(userJson('Zip')), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 400],
    [
      'plain body declared gzip',
      Buffer.from(userJson('Zip')),
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      415,
    ],
    [
      'plain body declared br',
      Buffer.from(userJson('Zip')),
      { 'content-type': 'application/json', 'content-encoding': 'br' },
      415,
    ],
  ])('POST with %s is refused and stores nothing', async (_name, body, headers, status) => {
    const before = await storedNames();
    const res = await rawCall('POST', '/users', body, headers);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await storedNames()).toEqual(before);
  });

  it('invalid UTF-8 in a PUT answers 400 and changes nothing', async () => {
    const { userId, etag } = await newUser();
    const res = await rawCall('PUT', `/users/${userId}`, latin1('{"name":"Jos\u00e9"}'), {
      'content-type': 'application/json',
      'if-match': etag,
    });
    expect(res.status).toBe(400);
    // Decoded, the bytes carry U+FFFD, which the name's pattern in the model refuses at the gateway.
    expect(res.json).toMatchObject({ type: gatewayType, title: gatewayTitle });
    expect(res.json.detail).toContain('/name');
    expect((await authedCall(api, 'GET', `/users/${userId}`)).json.name).toBe('Grace Hopper');
  });

  it.each(['application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/json'])(
    'Content-Type: %s with UTF-8 bytes is accepted and stored as sent',
    async (contentType) => {
      const res = await rawCall('POST', '/users', Buffer.from(userJson('Jos\u00e9')), { 'content-type': contentType });
      expect(res.status).toBe(201);
      expect(res.json.user.name).toBe('Jos\u00e9');
    },
  );
});

// What the local gateway's request validator answers, as API Gateway does, for a body its model refuses.
const gatewayType = `/problems/${gatewayProblems.BAD_REQUEST_BODY?.slug}`;
const gatewayTitle = gatewayProblems.BAD_REQUEST_BODY?.title;

describe('names are text', () => {
  const post = (json: string) => rawCall('POST', '/users', Buffer.from(json), { 'content-type': 'application/json' });
  const named = (nameJson: string) => `{"name":${nameJson},"email":"${uniqueEmail('text')}"}`;

  it.each([
    ['zero-width only', '"\\u200B\\u200C\\u200D"'],
    ['combining marks only', '"\\u0301\\u0308"'],
    ['a word joiner and a BOM only', '"\\u2060\\uFEFF"'],
    ['an ESC sequence', '"A\\u001b[31mB"'],
    ['a C1 control', '"A\\u009bB"'],
    ['a right-to-left override', '"abc\\u202Edef"'],
    ['a bidi isolate', '"abc\\u2066def"'],
    ['a lone high surrogate', '"A\\uD800"'],
    ['a lone low surrogate', '"\\uDC00A"'],
    ['a replacement character', '"Jos\\uFFFD"'],
  ])('a name with %s answers 400 naming /name and is not stored', async (_label, nameJson) => {
    const before = (await api.items()).length;
    const res = await post(named(nameJson));
    expect(res.status).toBe(400);
    // The name's pattern is in the model: the gateway's request validator refuses it before the function runs.
    expect(res.json).toMatchObject({ type: gatewayType, title: gatewayTitle });
    expect(res.json.detail).toContain('/name');
    expect((await api.items()).length).toBe(before);
  });

  it.each(['José', '李小龙', '😀 Smile', 'Zoe\u0308', 'محمد', ' Ada '])(
    '%s is a name, stored as sent',
    async (name) => {
      const res = await post(named(JSON.stringify(name)));
      expect(res.status).toBe(201);
      expect(res.json.user.name).toBe(name);
    },
  );

  it.each([
    ['POST', `{"name":"A","name":"B","email":"dup@example.com"}`],
    ['POST', `{"name":"A","email":"x@example.com","email":"y@example.com"}`],
  ])('%s with a duplicate key answers 400 duplicate-key and stores nothing', async (method, json) => {
    const before = (await api.items()).length;
    const res = await rawCall(method, '/users', Buffer.from(json), { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.json.type).toBe('/problems/duplicate-key');
    expect((await api.items()).length).toBe(before);
  });

  it('a PUT with a duplicate key answers 400 and changes nothing', async () => {
    const { userId, etag } = await newUser();
    const res = await rawCall('PUT', `/users/${userId}`, Buffer.from('{"name":"A","name":"B"}'), {
      'content-type': 'application/json',
      'if-match': etag,
    });
    expect(res.status).toBe(400);
    expect((await authedCall(api, 'GET', `/users/${userId}`)).json.name).toBe('Grace Hopper');
  });
});

describe('prototype names', () => {
  const names = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype'];

  it.each(names)('a query parameter named %s is ignored: 200 on /hello and /users', async (name) => {
    for (const path of ['/hello', '/users']) {
      const res = await rawRequest(api.baseUrl, 'GET', `${path}?${name}=1`, [
        ['Host', '127.0.0.1'],
        ['Authorization', api.auth.authorization as string],
        ['x-api-key', api.apiKey],
      ]);
      expect(res.status).toBe(200);
    }
  });

  it.each(names)('a header named %s: 200 with credentials, 401 without, never a 5xx', async (name) => {
    const credentials: [string, string][] = [
      ['Authorization', api.auth.authorization as string],
      ['x-api-key', api.apiKey],
    ];
    const withName: [string, string][] = [
      ['Host', '127.0.0.1'],
      [name, '1'],
    ];
    expect((await rawRequest(api.baseUrl, 'GET', '/users', [...withName, ...credentials])).status).toBe(200);
    expect((await rawRequest(api.baseUrl, 'GET', '/hello', withName)).status).toBe(200);
    expect((await rawRequest(api.baseUrl, 'GET', '/users', [...withName, ['x-api-key', api.apiKey]])).status).toBe(401);
  });
});

describe('repeated headers', () => {
  const host: [string, string] = ['Host', '127.0.0.1'];

  it('two Authorization lines answer 400 naming the header (admin first) or 401 (read-only first); nothing is deleted', async () => {
    const { userId } = await newUser();
    const reader = await api.authWith({ scopes: ['users:read'] });
    const admin = api.auth.authorization as string;
    const twice = (first: string, second: string) =>
      rawRequest(api.baseUrl, 'DELETE', `/users/${userId}`, [
        host,
        ['x-api-key', api.apiKey],
        ['If-Match', '*'],
        ['Authorization', first],
        ['authorization', second],
      ]);
    // The local gateway's authorizer reads the first line: an admin token there passes it, the function refuses both.
    const adminFirst = await twice(admin, reader.authorization as string);
    expect(adminFirst.status).toBe(400);
    expect(adminFirst.json.errors).toContainEqual(
      expect.objectContaining({ location: 'header', pointer: 'authorization' }),
    );
    // A read-only token first is refused by the authorizer's scope check before the function runs.
    const readerFirst = await twice(reader.authorization as string, admin);
    expect(readerFirst.status).toBe(401);
    expect((await authedCall(api, 'GET', `/users/${userId}`)).status).toBe(200);
  });

  it('two If-Match lines are one list (RFC 9110): either tag may match', async () => {
    const { userId, etag } = await newUser();
    const res = await rawRequest(
      api.baseUrl,
      'PUT',
      `/users/${userId}`,
      [
        host,
        ['Authorization', api.auth.authorization as string],
        ['x-api-key', api.apiKey],
        ['Content-Type', 'application/json'],
        ['If-Match', etag],
        ['If-Match', '"999"'],
      ],
      '{"name":"Listed"}',
    );
    expect(res.status).toBe(200);
  });

  it('two Idempotency-Key lines answer 400 and create nothing', async () => {
    const before = (await api.items()).length;
    const res = await rawRequest(
      api.baseUrl,
      'POST',
      '/users',
      [
        host,
        ['Authorization', api.auth.authorization as string],
        ['x-api-key', api.apiKey],
        ['Content-Type', 'application/json'],
        ['Idempotency-Key', 'a'],
        ['Idempotency-Key', 'b'],
      ],
      JSON.stringify({ name: 'Twice', email: uniqueEmail('twice') }),
    );
    expect(res.status).toBe(400);
    expect((await api.items()).length).toBe(before);
  });
});

describe('HEAD answers wherever GET does: the same status and headers, no body', () => {
  /** What both answers must share: every header but those that differ per exchange or describe the body's bytes. */
  const comparable = (headers: Headers) => {
    const out = Object.fromEntries(headers);
    for (const name of ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']) delete out[name];
    return out;
  };
  /** GET and then HEAD with the same headers: the HEAD's status and headers equal the GET's, and it has no body. */
  async function expectHeadLikeGet(path: string, headers: Record<string, string>) {
    const get = await call(api.baseUrl, 'GET', path, { headers });
    const head = await call(api.baseUrl, 'HEAD', path, { headers });
    expect({ status: head.status, headers: comparable(head.headers) }).toEqual({
      status: get.status,
      headers: comparable(get.headers),
    });
    expect(head.text).toBe('');
    // A length only if it is the GET's (RFC 9110 §8.6): the local gateway, like a body-less Lambda answer, sends none.
    expect(head.headers.get('content-length')).toBeNull();
    return get;
  }

  it('on every GET operation of the spec, with credentials: the GET’s own status and headers', async () => {
    const { userId } = await newUser();
    // Every path parameter of this API is a user's id: a fresh user's, so the GETs answer what they find.
    const paths = operations.filter((op) => op.method === 'get').map((op) => op.path.replace(/\{[^}]+\}/g, userId));
    const statuses: Record<string, number> = {};
    for (const path of [...paths, '/users?limit=1']) statuses[path] = (await expectHeadLikeGet(path, api.auth)).status;
    expect(statuses).toMatchObject({ '/hello': 200, '/users': 200, '/users?limit=1': 200, [`/users/${userId}`]: 200 });
  });

  it('with the credentials GET refuses, refused as GET is: no token 401, no key 403, no scope 401; read-only 200', async () => {
    const { userId } = await newUser();
    const reader = await api.authWith({ scopes: ['users:read'] });
    const none = await api.authWith({ scopes: [] });
    expect((await expectHeadLikeGet(`/users/${userId}`, {})).status).toBe(401);
    expect((await expectHeadLikeGet(`/users/${userId}`, { 'x-api-key': api.apiKey })).status).toBe(401);
    expect((await expectHeadLikeGet('/users', { authorization: api.auth.authorization as string })).status).toBe(403);
    expect((await expectHeadLikeGet(`/users/${userId}`, reader)).status).toBe(200);
    // The authorizer's scope check refuses a token without the operation's scope, as for GET.
    expect((await expectHeadLikeGet(`/users/${userId}`, none)).status).toBe(401);
    expect((await expectHeadLikeGet('/hello', {})).status).toBe(200);
  });

  it('a missing user is 404 with no body, a matching If-None-Match 304, a stale one 200', async () => {
    const { userId, etag } = await newUser();
    expect((await expectHeadLikeGet('/users/3fa85f64-5717-4562-b3fc-2c963f66afa6', api.auth)).status).toBe(404);
    const current = await expectHeadLikeGet(`/users/${userId}`, { ...api.auth, 'if-none-match': etag });
    expect(current.status).toBe(304);
    expect((await expectHeadLikeGet(`/users/${userId}`, { ...api.auth, 'if-none-match': '"01"' })).status).toBe(200);
  });

  it('the local conveniences too: /openapi.json and /docs', async () => {
    expect((await expectHeadLikeGet('/openapi.json', {})).status).toBe(200);
    const docs = await call(api.baseUrl, 'GET', '/docs');
    expect((await expectHeadLikeGet('/docs', {})).status).toBe(docs.status);
  });

  it('a method a path lacks is 405 whose Allow lists HEAD and OPTIONS with the path’s methods', async () => {
    const res = await call(api.baseUrl, 'PATCH', '/users', { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
  });
});
