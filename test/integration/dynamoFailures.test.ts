// DynamoDB failures become 503 problem+json with Retry-After, never a 500 or a leaked AWS error.
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoCallBudgetMs } from '../../config/timeBudget.js';
import { loadConfig, timeoutsOf } from '../../src/config.js';
import { StorageUnavailable } from '../../src/domain/errors.js';
import { freePort } from '../../src/local/dynamoDbLocal.js';
import { DynamoUsersRepository } from '../../src/repository/DynamoUsersRepository.js';
import { createDynamoClient } from '../../src/repository/dynamoClient.js';
import { failEveryCall } from '../helpers/dynamoFaults.js';
import { LEAK_PATTERN } from '../helpers/http.js';
import { authedCall, dynamoClient, startLocalApi } from '../helpers/localApi.js';

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
  it('maps the SDK throttling error (after its retries) to StorageUnavailable', async () => {
    // Fault injection: a client whose every call is throttled, as the SDK reports it after its own retries.
    const client = failEveryCall(
      dynamoClient(),
      new ProvisionedThroughputExceededException({
        message: 'Rate of requests exceeds the allowed throughput',
        $metadata: {},
      }),
    );
    const repository = new DynamoUsersRepository(client, 'users');
    await expect(repository.get('3fa85f64-5717-4562-b3fc-2c963f66afa6')).rejects.toBeInstanceOf(StorageUnavailable);
    await expect(repository.list({ limit: 10 })).rejects.toBeInstanceOf(StorageUnavailable);
  });
});

describe('when DynamoDB sends the headers of an answer and then stalls', () => {
  it('gives up by the call deadline (retries included), though no per-attempt timer covers a stalled body', async () => {
    // Fault injection: an endpoint that answers every request with headers and half a body, then nothing
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () =>
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{"Item":',
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = loadConfig({
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      DYNAMODB_CONNECT_TIMEOUT_MS: '200',
      DYNAMODB_REQUEST_TIMEOUT_MS: '300',
      DYNAMODB_MAX_ATTEMPTS: '2',
    });
    const client = createDynamoClient(config);
    try {
      // Act
      const started = Date.now();
      const failure = await new DynamoUsersRepository(client, 'users')
        .get('3fa85f64-5717-4562-b3fc-2c963f66afa6')
        .catch((error: unknown) => error);

      // Assert
      expect(failure).toBeInstanceOf(StorageUnavailable);
      expect(Date.now() - started).toBeLessThan(dynamoCallBudgetMs(timeoutsOf(config)) + 500);
    } finally {
      client.destroy();
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
