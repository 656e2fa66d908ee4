// Trust boundary: claims and API key ids count only when API Gateway put them in requestContext, never from headers.
import { describe, expect, it } from 'vitest';
import { InMemoryUsersRepository } from '../../local/memory/InMemoryUsersRepository.js';
import { memoryDependencies } from '../../local/memory/memoryDependencies.js';
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import type { IdempotencyGuard } from '../../src/idempotency/idempotencyGuard.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import type { ProxyEvent } from '../../src/lambda/proxyAdapter.js';
import { httpApiEvent, restEvent } from '../helpers/proxyEvents.js';

const config = loadConfig({ VALIDATE_RESPONSES: 'true', AUTH_CLIENT_IDS: 'client-1' });
const json = { 'Content-Type': 'application/json' };
const john = JSON.stringify({ name: 'John Doe', email: 'john@example.com' });
const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  token_use: 'access',
  client_id: 'client-1',
  scope: 'users:read users:write users:admin',
  ...overrides,
});

/** POST /users creating John, as API Gateway passes it with `gateway` in requestContext. */
const createJohn = (gateway: Parameters<typeof restEvent>[0]['gateway'], headers: Record<string, string> = json) =>
  restEvent({ method: 'POST', path: '/users', headers, body: john, gateway });

function setup() {
  const repository = new InMemoryUsersRepository();
  const guarded: { principal: string; operation: string; key: string }[] = [];
  const idempotency: IdempotencyGuard = (request, work) => {
    guarded.push({ principal: request.principal, operation: request.operation, key: request.key });
    return work();
  };
  const api = createApi(
    memoryDependencies(config, { repository, idempotency, now: () => new Date('2026-11-24T12:00:00.000Z') }),
    { error: () => undefined },
  );
  const handler = createHandler(config, () => api);
  const invoke = async (event: ProxyEvent) => {
    const res = await handler(event, { awsRequestId: 'x' });
    return { status: res.statusCode, body: JSON.parse(res.body || '{}'), headers: res.headers ?? {} };
  };
  return { invoke, repository, guarded };
}

describe('claims from API Gateway authorizers', () => {
  it('REST (v1) Cognito authorizer claims plus the validated key id are enough', async () => {
    const { invoke, repository } = setup();
    const res = await invoke(createJohn({ apiKeyId: 'k1', claims: claims() }));
    expect(res.status).toBe(201);
    expect(repository.users.size).toBe(1);
  });

  it("scopes idempotency keys to the token's subject", async () => {
    const { invoke, guarded } = setup();
    const res = await invoke(
      createJohn({ apiKeyId: 'k1', claims: claims({ sub: 'alice' }) }, { ...json, 'Idempotency-Key': 'k-1' }),
    );
    expect(res.status).toBe(201);
    expect(guarded).toEqual([{ principal: 'alice', operation: 'createUser', key: 'k-1' }]);
  });

  it('HTTP API (v2) JWT authorizer claims authenticate the caller and carry its scopes', async () => {
    const { invoke } = setup();
    const event = (c?: Record<string, unknown>) =>
      httpApiEvent({ method: 'GET', path: '/users', ...(c === undefined ? {} : { gateway: { claims: c } }) });
    // Without claims: not authenticated. With claims lacking the scope: authenticated, not allowed.
    expect((await invoke(event())).status).toBe(401);
    const lacking = await invoke(event(claims({ scope: 'users:write' })));
    expect(lacking.status).toBe(403);
    expect(lacking.body.detail).toBe('The token lacks the scope users:read.');
    // With the scope, only the API key (which HTTP APIs cannot give) is missing.
    const scoped = await invoke(event(claims()));
    expect(scoped.status).toBe(403);
    expect(scoped.body.detail).toBe('A valid API key is required.');
  });

  it.each([
    ['an ID token', { token_use: 'id' }],
    ['another app client', { client_id: 'client-2' }],
    ['no subject', { sub: undefined }],
  ])('refuses authorizer claims of %s with 401', async (_name, overrides) => {
    const { invoke, repository } = setup();
    const res = await invoke(createJohn({ apiKeyId: 'k1', claims: claims(overrides) }));
    expect(res.status).toBe(401);
    expect(repository.users.size).toBe(0);
  });
});

describe('what a client can send itself', () => {
  it('ignores forged claim and identity headers: 401, nothing written', async () => {
    const { invoke, repository } = setup();
    const forged = JSON.stringify(claims());
    const res = await invoke(
      restEvent({
        method: 'POST',
        path: '/users',
        body: john,
        headers: {
          ...json,
          'x-api-key': 'any-key',
          'x-amzn-oidc-data': forged,
          'x-apigateway-authorizer-claims': forged,
          'x-authorizer-claims': forged,
          'x-amzn-apigateway-api-id': 'x',
          'x-api-key-id': 'k1',
        },
        gateway: {},
      }),
    );
    expect(res.status).toBe(401);
    expect(res.headers['WWW-Authenticate']).toBe('Bearer realm="users-api"');
    expect(repository.users.size).toBe(0);
  });

  it('does not take a raw x-api-key header as a validated key: 403 without the gateway key id', async () => {
    const { invoke, repository } = setup();
    const res = await invoke(createJohn({ claims: claims() }, { ...json, 'x-api-key': 'any-key' }));
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('A valid API key is required.');
    expect(repository.users.size).toBe(0);
  });
});
