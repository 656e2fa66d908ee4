// Child process of the gateway benchmark: the local gateway and the Lambda handler on the in-memory repository.
// As `npm start` runs them (API key, usage plan, JWKS, a dev bearer token) but without DynamoDB Local, so the figure
// is the gateway + handler. Prints one JSON line: the loopback port and the headers an authorized client sends.
// With `replay` as second argument, the handler runs once per path and its answer is then replayed: what is left is
// the gateway's own cost (HTTP, proxy event, API key, usage plan), which the bench reports next to the whole.
import { startDevGateway } from '../../local/devGateway.js';
import { InMemoryUsersRepository } from '../../local/memory/InMemoryUsersRepository.js';
import { memoryDependencies } from '../../local/memory/memoryDependencies.js';
import { createApi } from '../../src/api.js';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { UNTHROTTLED } from '../../test/helpers/localApi.js';

const userId = process.argv[2] ?? '';
const replay = process.argv[3] === 'replay';
const repository = new InMemoryUsersRepository();
const now = '2026-11-24T12:00:00.000Z';
await repository.create({ userId, name: 'Ada Lovelace', email: 'ada@example.com', createdAt: now, updatedAt: now });
// Its usage plan (100,000/s, burst 100,000) is far above what one loopback benchmark can send: nothing is throttled.
const gateway = await startDevGateway({
  usagePlan: UNTHROTTLED,
  corsAllowedOrigins: ['*'],
  handler: (authEnv) => {
    const config = loadConfig(authEnv);
    const api = createApi(memoryDependencies(config, { repository }), { error() {} });
    const handler = createHandler(config, () => api);
    if (!replay) return handler;
    const answers = new Map<string, ReturnType<typeof handler>>();
    return (event, context) => {
      const path = 'rawPath' in event ? event.rawPath : event.path;
      let answer = answers.get(path);
      if (answer === undefined) {
        answer = handler(event, context);
        answers.set(path, answer);
      }
      return answer;
    };
  },
});
console.log(JSON.stringify({ port: Number(new URL(gateway.baseUrl).port), headers: await gateway.authHeaders() }));
