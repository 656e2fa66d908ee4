// Run by test/e2e/addField.test.ts in a scratch copy whose userFields.yaml adds `nickname`: the field's way
// through the real handler (validated responses) and the DynamoDB adapter on DynamoDB Local. Prints what it saw.
import { randomUUID } from 'node:crypto';
import { handlerOnDynamo } from '../helpers/handlerOnDynamo.js';

const { call, repository, close } = await handlerOnDynamo('field-probe');

const created = await call('POST', '/users', {
  name: 'Ada',
  email: `${randomUUID()}@example.com`,
  nickname: 'Countess',
});
const userId = created.body.user?.userId;
const updated = await call(
  'PUT',
  `/users/${userId}`,
  { nickname: 'Enchantress' },
  { 'If-Match': String(created.etag) },
);
const read = await call('GET', `/users/${userId}`);
const stored = await repository.get(userId);
const refused = await call('POST', '/users', { name: 'Bob', email: `${randomUUID()}@example.com`, nickname: 7 });
console.log(
  JSON.stringify({
    created: [created.status, created.body.user?.nickname],
    updated: [updated.status, updated.body.user?.nickname],
    read: [read.status, read.body.nickname ?? read.body.user?.nickname],
    // Read as a record: in this repository (before the copy adds it) the generated User type has no nickname.
    stored: (stored?.user as Record<string, unknown> | undefined)?.nickname,
    refused: [refused.status, refused.body.errors?.[0]?.pointer ?? refused.body.errors?.[0]],
  }),
);
close();
