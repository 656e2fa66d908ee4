// Section 1 of the bench: warm per-request cost in process, the Lambda handler vs the peer and vs the floor.
// The peer is openapi-backend as its docs set it up, the floor find-my-way + ajv; same operations, same repository.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createApi } from '../src/api.js';
import { loadConfig } from '../src/config.js';
import type { User } from '../src/domain/user.js';
import { createHandler } from '../src/lambda/createHandler.js';
import type { Dependencies } from '../src/operations/types.js';
import { InMemoryUsersRepository } from '../test/helpers/InMemoryUsersRepository.js';
import { restEvent } from '../test/helpers/proxyEvents.js';
import { createFloorHandler } from './floor/inProcessFloor.js';
import { createPeerApi } from './peer/peerApi.js';
import { loadPristineOpenapiBackend } from './peer/pristine.js';
import { type Row, rotate, row } from './stats.js';

export interface WarmOptions {
  iterations: number;
  rounds: number;
}

const USER_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const json = { 'Content-Type': 'application/json' };
/** What API Gateway passes after its Cognito authorizer and API key check: the identity the Lambda trusts. */
export const gatewayIdentity = {
  apiKeyId: 'bench-key',
  claims: { sub: 'bench', token_use: 'access', client_id: 'bench', scope: 'users:read users:write users:admin' },
};
const fixed = (event: APIGatewayProxyEvent) => () => event;
let n = 0;
const cases: { name: string; event: () => APIGatewayProxyEvent; status: number }[] = [
  {
    name: 'GET /hello',
    event: fixed(restEvent({ method: 'GET', path: '/hello', gateway: gatewayIdentity })),
    status: 200,
  },
  {
    name: 'GET /users/{userId}',
    event: fixed(restEvent({ method: 'GET', path: `/users/${USER_ID}`, gateway: gatewayIdentity })),
    status: 200,
  },
  {
    name: 'POST /users (valid)',
    // Emails are unique: every create needs its own.
    event: () =>
      restEvent({
        method: 'POST',
        path: '/users',
        gateway: gatewayIdentity,
        headers: json,
        body: JSON.stringify({ name: 'John Doe', email: `john${n++}@example.com`, phone: '+1234567890' }),
      }),
    status: 201,
  },
  {
    name: 'POST /users (invalid)',
    event: fixed(
      restEvent({
        method: 'POST',
        path: '/users',
        gateway: gatewayIdentity,
        headers: json,
        body: JSON.stringify({ name: '', email: 'not-an-email', isAdmin: true }),
      }),
    ),
    status: 400,
  },
];

/** Forgets what it creates, so thousands of creates do not make the fake's email check (a full scan) slower. */
class NonGrowingRepository extends InMemoryUsersRepository {
  override async create(user: User) {
    const created = await super.create(user);
    this.users.delete(user.userId);
    return created;
  }
}

async function dependencies(): Promise<Dependencies> {
  const repository = new NonGrowingRepository();
  const now = new Date('2026-11-24T12:00:00.000Z');
  // Stored directly: this repository forgets what is created through it.
  repository.users.set(USER_ID, {
    user: {
      userId: USER_ID,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    },
    version: 1,
  });
  // The Lambda's settings: no response validation.
  return {
    config: loadConfig({}),
    repository,
    // No Idempotency-Key is sent, so the guard is never asked.
    idempotency: (_request, work) => work(),
    now: () => new Date(),
    newId: randomUUID,
  };
}

type Invoke = (event: APIGatewayProxyEvent) => Promise<{ statusCode: number }>;

/** Mean µs per request over `iterations` sequential requests. */
async function time(invoke: Invoke, event: () => APIGatewayProxyEvent, iterations: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await invoke(event());
  return Number(process.hrtime.bigint() - started) / 1000 / iterations;
}

export async function benchWarm({ iterations, rounds }: WarmOptions): Promise<Row[]> {
  const config = loadConfig({});
  const deps = await dependencies();
  const silent = { error: () => {} };
  const lambda = createHandler(config, () => createApi(deps, silent));
  const ours: Invoke = (event) => lambda(event, { awsRequestId: 'bench' });
  const floor: Invoke = createFloorHandler(await dependencies());
  const peerApi = createPeerApi(loadPristineOpenapiBackend(), await dependencies());
  const peerHandler = createHandler(config, () => peerApi);
  const peer: Invoke = (event) => peerHandler(event, { awsRequestId: 'bench' });

  const rows: Row[] = [];
  for (const { name, event, status } of cases) {
    for (const [label, invoke] of [
      ['handler', ours],
      ['floor', floor],
      ['peer', peer],
    ] as const) {
      const { statusCode } = await invoke(event());
      if (statusCode !== status) throw new Error(`${label} answered ${name} with ${statusCode}, expected ${status}`);
      await time(invoke, event, iterations); // warm-up: JIT, inline caches, the peer's validators compiled
    }
    const [oursRuns = [], floorRuns = [], peerRuns = []] = await rotate(
      rounds,
      [ours, floor, peer].map((invoke) => () => time(invoke, event, iterations)),
    );
    const section = '1 warm in-process';
    rows.push(
      row(section, name, 'µs/op', 'openapi-backend as documented', oursRuns, peerRuns, { maxRatio: 0.6 }),
      row(section, `  of which vs the floor: ${name}`, 'µs/op', 'find-my-way + ajv', oursRuns, floorRuns),
    );
  }
  return rows;
}
