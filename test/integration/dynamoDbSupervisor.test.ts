// The supervisor of DynamoDB Local: a killed Java child comes back on the same endpoint with its data, said on the
// console; one that keeps dying is given up with a clear message (npm start then exits 1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { superviseDynamoDbLocal } from '../../local/services/dynamoDbSupervisor.js';

const dataDir = mkdtempSync(join(tmpdir(), 'users-api-supervised-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const listTables = (endpoint: string) =>
  fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
    },
    body: '{}',
  }).then((res) => res.status);

describe('DynamoDB Local under supervision', () => {
  it('gives up after more deaths than allowed, saying so', async () => {
    const lines: string[] = [];
    let gaveUp: (message: string) => void = () => undefined;
    const given = new Promise<string>((resolve) => {
      gaveUp = resolve;
    });
    const dynamo = await superviseDynamoDbLocal({
      dataDir,
      log: (line) => lines.push(line),
      giveUp: (message) => gaveUp(message),
      maxRestarts: 0,
    });
    expect(await listTables(dynamo.endpoint)).toBe(200);
    process.kill(dynamo.pid() as number, 'SIGKILL');
    expect(await given).toMatch(/DynamoDB Local died 1 times within 60 s \(last: signal SIGKILL\); giving up/);
    expect(lines).toEqual([]);
    await dynamo.stop();
  }, 60_000);
});
