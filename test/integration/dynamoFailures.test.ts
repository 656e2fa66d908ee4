// DynamoDB failures become 503 problem+json with Retry-After, never a 500 or a leaked AWS error.
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ServiceUnavailableError } from '../../src/http/errors.js';
import { freePort } from '../../src/local/dynamoDbLocal.js';
import { createDynamoClient, DynamoUsersRepository } from '../../src/repository/DynamoUsersRepository.js';
import { LEAK_PATTERN } from '../helpers/http.js';
import { authedCall, startLocalApi } from '../helpers/localApi.js';

describe('when DynamoDB is unreachable', () => {
  it('answers 503 with Retry-After within the configured timeouts, and leaks nothing', async () => {
    // Arrange: an endpoint where nothing listens (connection refused), short timeouts, 2 attempts
    const refused = `http://127.0.0.1:${await freePort()}`;
    const api = await startLocalApi(
      {
        DYNAMODB_ENDPOINT: refused,
        DYNAMODB_CONNECT_TIMEOUT_MS: '500',
        DYNAMODB_REQUEST_TIMEOUT_MS: '1000',
        DYNAMODB_MAX_ATTEMPTS: '2',
      },
      { createTable: false },
    );
    try {
      for (const [method, path] of [
        ['GET', '/users'],
        ['GET', '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6'],
      ] as const) {
        // Act
        const started = Date.now();
        const res = await authedCall(api, method, path);
        // Assert
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
        expect(res.json).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
        expect(res.text).not.toMatch(LEAK_PATTERN);
        expect(Date.now() - started).toBeLessThan(10_000);
      }
      const create = await authedCall(api, 'POST', '/users', { body: { name: 'A', email: 'a@example.com' } });
      expect(create.status).toBe(503);
    } finally {
      await api.stop();
    }
  });
});

describe('when DynamoDB throttles', () => {
  it('maps the SDK throttling error (after its retries) to ServiceUnavailableError', async () => {
    // Fault injection: a client whose every call is throttled, as the SDK reports it after its own retries.
    const client = createDynamoClient(loadConfig({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' }));
    client.send = (async () => {
      throw new ProvisionedThroughputExceededException({
        message: 'Rate of requests exceeds the allowed throughput',
        $metadata: {},
      });
    }) as never;
    const repository = new DynamoUsersRepository(client, 'users');
    await expect(repository.get('3fa85f64-5717-4562-b3fc-2c963f66afa6')).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    await expect(repository.list({ limit: 10 })).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
