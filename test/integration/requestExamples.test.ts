// Every request example in the spec is a request the API accepts: each operation sent as a tool sends it, with its
// parameter and body examples as-is and valid credentials, to the local gateway, gets a documented success.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_METHODS } from '../../config/openapi.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { type S3Local, startS3Local } from '../../local/services/s3Local.js';
import type { User } from '../../src/domain/user.js';
import { DynamoUsersRepository } from '../../src/repository/DynamoUsersRepository.js';
import { call } from '../helpers/http.js';
import { dynamoClient, type LocalApi, startLocalApi } from '../helpers/localApi.js';

type Parameter = { name: string; in: string; example?: unknown; examples?: Record<string, { value: unknown }> };
type Operation = {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }>; example?: unknown }> };
  responses: Record<string, unknown>;
};
const doc = spec as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter>; examples: Record<string, { value: Record<string, unknown> }> };
};

const METHODS: readonly string[] = HTTP_METHODS;
const resolve = (p: Parameter | { $ref: string }): Parameter =>
  '$ref' in p ? (doc.components.parameters[p.$ref.split('/').pop() as string] as Parameter) : p;
const exampleOf = (p: Parameter): unknown => p.example ?? Object.values(p.examples ?? {})[0]?.value;

interface Case {
  name: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: unknown;
  successes: number[];
}

/** One case per body example (or one without a body), each with every parameter example the operation has. */
const cases: Case[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, operation]) => {
    if (!METHODS.includes(method)) return [];
    const shared = (item as { parameters?: Operation['parameters'] }).parameters ?? [];
    const parameters = [...shared, ...(operation.parameters ?? [])]
      .map(resolve)
      .filter((p) => exampleOf(p) !== undefined);
    const successes = Object.keys(operation.responses)
      .filter((s) => /^[23]\d\d$/.test(s))
      .map(Number);
    const json = operation.requestBody?.content['application/json'];
    const bodies = Object.entries(json?.examples ?? {}).map(([name, e]) => ({ name, value: e.value }));
    if (json?.example !== undefined) bodies.push({ name: 'example', value: json.example });
    const base = { method: method.toUpperCase(), path, parameters, successes };
    if (bodies.length === 0) return [{ ...base, name: `${base.method} ${path} (${operation.operationId})` }];
    return bodies.map((b) => ({
      ...base,
      name: `${base.method} ${path} (${operation.operationId}) body ${b.name}`,
      body: b.value,
    }));
  }),
);

/** The user the examples name: the User example, with the id of the userId parameter example. */
async function seedExampleUser(api: LocalApi, userId: string): Promise<void> {
  const example = (doc.components.examples.User as { value: Record<string, unknown> }).value;
  const repository = new DynamoUsersRepository(dynamoClient(api.config.dynamoEndpoint), api.config.tableName);
  await repository.create({ ...example, userId } as User);
}

describe('every request example in the spec', () => {
  let api: LocalApi | undefined;
  let s3: S3Local;
  beforeAll(async () => {
    s3 = await startS3Local({ bucket: 'examples-avatars', corsAllowedOrigins: ['*'] });
  });
  afterAll(() => s3.stop());
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  it('covers every operation and every parameter example', () => {
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item).filter((m) => METHODS.includes(m)));
    expect(new Set(cases.map((c) => `${c.method} ${c.path}`)).size).toBe(operations.length);
    const sent = new Set(cases.flatMap((c) => c.parameters.map((p) => `${p.in}:${p.name}`)));
    expect([...sent].sort()).toEqual(
      ['header:Idempotency-Key', 'header:If-Match', 'header:If-None-Match', 'path:userId', 'query:limit'].sort(),
    );
  });

  it.each(cases)('$name gets a documented success', async ({ method, path, parameters, body, successes }) => {
    // Arrange: a fresh table, holding the user the examples name when the path names one
    api = await startLocalApi({ AVATAR_BUCKET: 'examples-avatars', S3_ENDPOINT: s3.endpoint });
    const value = (p: Parameter) => String(exampleOf(p));
    const pathParameter = parameters.find((p) => p.in === 'path');
    if (pathParameter) await seedExampleUser(api, value(pathParameter));
    const url = parameters
      .filter((p) => p.in === 'path')
      .reduce((u, p) => u.replace(`{${p.name}}`, encodeURIComponent(value(p))), path);
    const query = new URLSearchParams(
      parameters.filter((p) => p.in === 'query').map((p): [string, string] => [p.name, value(p)]),
    );
    const headers = Object.fromEntries(parameters.filter((p) => p.in === 'header').map((p) => [p.name, value(p)]));

    // Act
    const response = await call(api.baseUrl, method, `${url}${query.size > 0 ? `?${query}` : ''}`, {
      body,
      headers: { ...api.auth, ...headers },
    });

    // Assert
    expect(successes, response.text).toContain(response.status);
  });
});
