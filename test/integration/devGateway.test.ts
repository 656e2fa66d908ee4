// startDevGateway, the one way the dev gateway starts (npm start, the tests, the bench): its address, its credentials,
// the handler built with the settings that trust its JWKS, a failed build that leaves nothing listening, and a new
// spec enforced without a restart.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startDevGateway } from '../../local/devGateway.js';
import type { ProxyHandler } from '../../local/gateway/gateway.js';
import { call } from '../helpers/http.js';
import { UNTHROTTLED } from '../helpers/localApi.js';
import { allScopes } from '../helpers/specFacts.js';

const ok: ProxyHandler = async () => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' });
const options = { usagePlan: UNTHROTTLED, corsAllowedOrigins: ['*'] };

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.destroy() === undefined));
    socket.once('error', () => resolve(false));
  });

describe('startDevGateway', () => {
  it('builds the handler once it listens, with AUTH_* pointing at the JWKS it publishes on its real port', async () => {
    // Arrange
    const seen: Record<string, string>[] = [];

    // Act
    const gateway = await startDevGateway({
      ...options,
      handler: (authEnv) => {
        seen.push(authEnv);
        return ok;
      },
    });
    try {
      const jwks = await call(gateway.baseUrl, 'GET', '/.well-known/jwks.json');

      // Assert
      const port = new URL(gateway.baseUrl).port;
      expect(port).not.toBe('0');
      expect(seen).toEqual([
        {
          AUTH_ISSUER: expect.any(String),
          AUTH_CLIENT_IDS: expect.any(String),
          AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        },
      ]);
      expect(jwks.json.keys).toHaveLength(1);
    } finally {
      await gateway.stop();
    }
  });

  it('issues tokens the gateway lets through: every declared scope by default, fewer when asked', async () => {
    // Arrange
    const gateway = await startDevGateway({ ...options, handler: () => ok });
    try {
      // Act
      const all = await call(gateway.baseUrl, 'GET', '/users', { headers: await gateway.authHeaders() });
      const none = await call(gateway.baseUrl, 'GET', '/users', { headers: await gateway.authHeaders({ scopes: [] }) });

      // Assert
      expect(gateway.scopes).toEqual(allScopes);
      expect([all.status, none.status]).toEqual([200, 401]);
    } finally {
      await gateway.stop();
    }
  });

  it('holds requests that arrive while the handler is being built, then answers them', async () => {
    // Arrange
    let release: () => void = () => undefined;
    const built = new Promise<void>((resolve) => {
      release = resolve;
    });
    let port = 0;
    const starting = startDevGateway({
      ...options,
      handler: async (authEnv) => {
        port = Number(new URL(authEnv.AUTH_JWKS_URL).port);
        await built;
        return ok;
      },
    });
    while (port === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    // Act
    const early = call(`http://127.0.0.1:${port}`, 'GET', '/hello');
    release();
    const gateway = await starting;

    // Assert
    try {
      expect((await early).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it('stops listening and says why when the handler cannot be built', async () => {
    // Arrange
    let port = 0;

    // Act
    const started = startDevGateway({
      ...options,
      handler: (authEnv) => {
        port = Number(new URL(authEnv.AUTH_JWKS_URL).port);
        throw new Error('DynamoDB did not answer');
      },
    });

    // Assert
    await expect(started).rejects.toThrow('DynamoDB did not answer');
    expect(await listening(port)).toBe(false);
  });
});

describe('useSpec (npm start reloads the spec)', () => {
  it('enforces the new document from the next request on: its validator, its resources and /openapi.json', async () => {
    // Arrange: a handler that answers whatever the gateway lets through
    const spec = JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8'));
    const gateway = await startDevGateway({ ...options, spec, handler: () => ok });
    const body = { name: 'Nick', email: 'nick@example.com', nickname: 'Nicky' };
    try {
      const headers = await gateway.authHeaders();
      const before = await call(gateway.baseUrl, 'POST', '/users', { body, headers });
      expect(before.status).toBe(400);
      expect(before.json.detail).toContain('nickname');

      // Act: the spec gains the field, and drops GET /hello
      const next = structuredClone(spec);
      next.components.schemas.CreateUserRequest.properties.nickname = { type: 'string', maxLength: 40 };
      delete next.paths['/hello'];
      gateway.useSpec(next);

      // Assert
      expect((await call(gateway.baseUrl, 'POST', '/users', { body, headers })).status).toBe(200);
      expect((await call(gateway.baseUrl, 'GET', '/hello')).status).toBe(404);
      const served = await call(gateway.baseUrl, 'GET', '/openapi.json');
      expect(served.json.components.schemas.CreateUserRequest.properties.nickname).toBeDefined();
    } finally {
      await gateway.stop();
    }
  });
});
