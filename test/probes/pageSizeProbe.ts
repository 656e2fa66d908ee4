// Run by test/e2e/pageSize.test.ts in a scratch copy whose Limit.yaml allows pages of 200: 150 users listed
// through the real handler (validated responses) on DynamoDB Local. Prints what it saw.
import { randomUUID } from 'node:crypto';
import { handlerOnDynamo } from '../helpers/handlerOnDynamo.js';

const USERS = 150;
const { call, close } = await handlerOnDynamo('page-size-probe');

for (let created = 0; created < USERS; created += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, USERS - created) }, () =>
      call('POST', '/users', { name: 'Paged', email: `${randomUUID()}@example.com` }),
    ),
  );
}
const page = async (query?: Record<string, string>) => {
  const { status, body } = await call('GET', '/users', undefined, {}, query);
  return status === 200
    ? [status, body.users.length, body.count, body.nextCursor !== undefined]
    : [status, body.errors?.[0]?.pointer];
};
console.log(
  JSON.stringify({
    all: await page({ limit: '200' }),
    exactly: await page({ limit: String(USERS) }),
    byDefault: await page(),
    over: await page({ limit: '201' }),
  }),
);
close();
