// `npm run mock` (Prism on the bundled spec) called through the typed client, as a frontend codes against it.
import { createUsersClient } from 'users-api/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { type PrismMock, startPrismMock } from '../helpers/prismMock.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const listExample = spec.components.examples.UserList.value;

describe('npm run mock', () => {
  let mock: PrismMock;
  beforeAll(async () => {
    mock = await startPrismMock();
  });
  afterAll(() => mock.stop());

  it('answers with the examples from the spec', async () => {
    // Arrange
    const client = createUsersClient({ baseUrl: mock.baseUrl, token: 'any-token', apiKey: 'any-key' });

    // Act
    const { data, response } = await client.GET('/users');

    // Assert
    expect(response.status).toBe(200);
    expect(data).toEqual(listExample);
  });

  it('answers a request that breaks the contract with a typed problem', async () => {
    // Arrange
    const client = createUsersClient({ baseUrl: mock.baseUrl, token: 'any-token', apiKey: 'any-key' });

    // Act
    const { data, error, response } = await client.POST('/users', {
      // @ts-expect-error the compiler refuses a body without `email`; this checks the mock refuses it too
      body: { name: 'No Email' },
    });

    // Assert
    expect(data).toBeUndefined();
    // Prism answers with the first of 422 and 400 the operation documents.
    expect(error?.status).toBeOneOf([400, 422]);
    expect(response.headers.get('sl-violations')).toContain("must have required property 'email'");
  });

  it('plays any documented error on request (Prefer: code=404)', async () => {
    // Arrange
    const client = createUsersClient({ baseUrl: mock.baseUrl, token: 'any-token', apiKey: 'any-key' });

    // Act
    const { error } = await client.GET('/users/{userId}', {
      params: { path: { userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' } },
      headers: { Prefer: 'code=404' },
    });

    // Assert
    expect(error).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('fetches nothing beyond 127.0.0.1 while starting and serving', () => {
    // Assert (after the tests above made Prism start and answer)
    expect(mock.output()).toContain('Prism is listening');
    expect(mock.offHostAttempts()).toEqual([]);
  });
});

describe('npm run mock -- --dynamic', () => {
  let mock: PrismMock;
  beforeAll(async () => {
    mock = await startPrismMock(['--dynamic']);
  });
  afterAll(() => mock.stop());

  it('generates fresh data that fits the schema', async () => {
    // Arrange
    const client = createUsersClient({ baseUrl: mock.baseUrl, token: 'any-token', apiKey: 'any-key' });

    // Act
    const first = await client.POST('/users', { body: { name: 'Ada', email: 'ada@example.com' } });
    const second = await client.POST('/users', { body: { name: 'Ada', email: 'ada@example.com' } });

    // Assert
    expect(first.response.status).toBe(201);
    expect(first.data?.user.userId).toMatch(UUID);
    expect(first.data?.user.email).toContain('@');
    expect(Number.isNaN(Date.parse(first.data?.user.createdAt ?? ''))).toBe(false);
    expect(second.data?.user.userId).not.toBe(first.data?.user.userId);
    expect(mock.offHostAttempts()).toEqual([]);
  });
});
