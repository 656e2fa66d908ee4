// Section 4 of the bench: latency of the list page and of one user with 10,000 users in the table vs 100.
// DynamoDB Local, with the real handler and DynamoDB adapter in process. Flat means paged queries on the index,
// never a scan.
import { loadConfig } from '../src/config.js';
import { createHandler } from '../src/lambda/createHandler.js';
import { restEvent } from '../test/helpers/proxyEvents.js';
import type { BenchDynamo } from './dynamo.js';
import { alternate, median, type Row, row } from './stats.js';
import { gatewayIdentity } from './warm.js';

type Lambda = ReturnType<typeof createHandler>;

async function latency(lambda: Lambda, target: string, requests: number): Promise<number> {
  const [path = '', search = ''] = target.split('?');
  const query = Object.fromEntries(new URLSearchParams(search));
  const event = restEvent({ method: 'GET', path, gateway: gatewayIdentity, ...(search === '' ? {} : { query }) });
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const { statusCode } = await lambda(event, { awsRequestId: 'bench' });
    samples.push(performance.now() - started);
    if (statusCode !== 200) throw new Error(`GET ${target} → ${statusCode}`);
  }
  return median(samples);
}

export async function benchScale(
  dynamo: BenchDynamo,
  { large, requests, rounds }: { large: number; requests: number; rounds: number },
): Promise<Row[]> {
  const small = 100;
  const lambdaFor = async (users: number) => {
    const { tableName, userId } = await dynamo.table(users);
    const lambda = createHandler(loadConfig({ TABLE_NAME: tableName, DYNAMODB_ENDPOINT: dynamo.endpoint }));
    return { lambda, userId };
  };
  const big = await lambdaFor(large);
  const little = await lambdaFor(small);
  const rows: Row[] = [];
  for (const [name, path] of [
    ['GET /users?limit=100', () => '/users?limit=100'],
    ['GET /users/{userId}', (userId: string) => `/users/${userId}`],
  ] as const) {
    await latency(big.lambda, path(big.userId), 20); // warm-up: connections, JIT
    await latency(little.lambda, path(little.userId), 20);
    const runs = await alternate(
      rounds,
      () => latency(big.lambda, path(big.userId), requests),
      () => latency(little.lambda, path(little.userId), requests),
    );
    rows.push(
      row('4 scale', `${name} median latency`, 'ms', `${small} users`, runs.ours, runs.baseline, { maxRatio: 1.5 }),
    );
  }
  rows.forEach((r) => {
    r.metric = `${r.metric} at ${large.toLocaleString('en')} users`;
  });
  return rows;
}
