// The contract suite against the real local API (every phase) and against the Prism mock (positive + schema checks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { type PrismMock, startPrismMock } from '../helpers/prismMock.js';
import { seedUsers } from '../helpers/seed.js';
import { formatReport, type Report } from './report.js';
import { runContract } from './runContract.js';
import { type Document, type JsonSchema, type Operation, Spec } from './spec.js';

// A fixed seed keeps CI reproducible; SEED explores other inputs (`SEED=123 npx vitest run test/contract`).
const SEED = Number(process.env.SEED ?? 20261124);
const document = new Spec(spec as unknown as Document);
const operationIds = document.operations.map((op) => op.operationId);

/** The operations the spec says a check applies to: the suite's expectations come from the spec, not from a list. */
const where = (applies: (op: Operation) => boolean) => document.operations.filter(applies).map((op) => op.operationId);
const schemaOf = (schema: JsonSchema | undefined): JsonSchema =>
  typeof schema?.$ref === 'string' ? schemaOf(document.pointer(schema.$ref) as JsonSchema) : (schema ?? {});
const jsonBody = (op: Operation) => schemaOf(op.requestBody?.content['application/json']);
const hasJsonBody = (op: Operation) => op.requestBody?.content['application/json'] !== undefined;
const hasHeader = (op: Operation, name: string) =>
  op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === name);
/** A body field of free text (a string neither formatted nor enumerated): the hostile phase sends it non-text. */
const hasFreeText = (op: Operation) =>
  Object.values((jsonBody(op).properties ?? {}) as Record<string, JsonSchema>).some((raw) => {
    const field = schemaOf(raw);
    return field.type === 'string' && field.format === undefined && field.enum === undefined;
  });

type SpecOperation = { operationId?: string; responses?: Record<string, { content?: unknown }> };
/** Operations whose every success (2XX, 3XX) has no body. */
const bodilessSuccess = new Set(
  Object.values(spec.paths as Record<string, Record<string, SpecOperation>>)
    .flatMap((item) => Object.values(item))
    .filter((op) =>
      Object.entries(op.responses ?? {})
        .filter(([status]) => /^[23]/.test(status))
        .every(([, response]) => response.content === undefined),
    )
    .flatMap((op) => op.operationId ?? []),
);
const passed = (report: Report, operationId: string, check: string) =>
  report.checks.find((c) => c.operationId === operationId && c.check === check)?.passed ?? 0;

describe('against the real API (local gateway, DynamoDB Local)', () => {
  let api: LocalApi;
  beforeAll(async () => {
    api = await startLocalApi();
  });
  afterAll(() => api.stop());

  it('honours the contract for every operation: valid input accepted, invalid refused, state consistent', async () => {
    // Arrange
    const token = (headers: Record<string, string>) => (headers.authorization ?? '').replace(/^Bearer /, '');
    const options = {
      baseUrl: api.baseUrl,
      credentials: { token: token(api.auth), apiKey: api.apiKey },
      tokenForScopes: async (scopes: string[]) => token(await api.authWith({ scopes })),
      examples: 50,
      seed: SEED,
    };

    // Act
    const report = await runContract(options);

    // Assert
    expect(report.failures, formatReport(report)).toEqual([]);
    for (const operationId of operationIds) {
      expect(passed(report, operationId, 'positive_data_accepted'), operationId).toBe(50);
      expect(passed(report, operationId, 'response_schema'), operationId).toBeGreaterThanOrEqual(50);
    }
    for (const operationId of where((op) => hasJsonBody(op) || op.parameters.some((p) => p.in === 'path'))) {
      expect(passed(report, operationId, 'negative_data_rejected'), operationId).toBe(50);
    }
    expect(passed(report, 'listUsers', 'listed_after_create')).toBe(2);
    expect(passed(report, 'getUser', 'use_after_free')).toBe(2);
    expect(passed(report, 'deleteUser', 'use_after_free')).toBeGreaterThan(0);
    expect(passed(report, 'createUser', 'available_after_create')).toBeGreaterThan(0);
    for (const operationId of where((op) => op.security.length > 0)) {
      expect(passed(report, operationId, 'auth_enforced'), operationId).toBeGreaterThan(0);
    }
    // The hostile phase generated every class for the operations it applies to.
    const hostile: Record<string, string[]> = {
      dangerous_name_harmless: operationIds,
      head_like_get: where((op) => op.method === 'get'),
      plain_integer_only: where((op) =>
        op.parameters.some((p) => p.in === 'query' && schemaOf(p.schema).type === 'integer'),
      ),
      id_case_consistent: where((op) =>
        op.parameters.some((p) => p.in === 'path' && schemaOf(p.schema).format === 'uuid'),
      ),
      malformed_escape_refused: where((op) => op.parameters.some((p) => p.in === 'path')),
      encoding_refused: where(hasJsonBody),
      text_is_text: where(hasFreeText),
      duplicate_key_refused: where(hasJsonBody),
      contention_not_an_outage: where((op) => hasHeader(op, 'if-match')),
      etag_compared_strongly: where((op) => hasHeader(op, 'if-match')),
      mixed_if_match_refused: where((op) => hasHeader(op, 'if-match')),
      parser_refusal_answered: operationIds,
      repeated_header_refused: where((op) => op.security.length > 0 || hasHeader(op, 'idempotency-key')),
    };
    for (const [check, ids] of Object.entries(hostile)) {
      for (const operationId of ids)
        expect(passed(report, operationId, check), `${operationId} ${check}`).toBeGreaterThan(0);
    }
  }, 180_000);

  it('leaves no user behind: what it creates it deletes through the spec links', async () => {
    // Arrange: users and their email claims count; idempotency records expire by TTL on their own.
    const lasting = async () => (await api.items()).filter((item) => /^(USER|EMAIL)#/.test(String(item.pk))).length;
    const before = await lasting();

    // Act
    await runContract({
      baseUrl: api.baseUrl,
      credentials: { token: (api.auth.authorization ?? '').replace(/^Bearer /, ''), apiKey: api.apiKey },
      examples: 10,
      seed: SEED,
      phases: ['positive'],
    });

    // Assert
    expect(await lasting()).toBe(before);
  }, 60_000);
});

describe('the scenario payloads', () => {
  it('are the seed guide examples, taken from the spec itself', () => {
    // Act
    const create = document.operation('createUser')?.requestBody?.examples[0];
    const update = document.operation('updateUser')?.requestBody?.examples[0];

    // Assert
    expect(create).toEqual(seedUsers.john);
    expect(update).toEqual(seedUsers.update);
  });
});

describe('against the Prism mock of the same spec', () => {
  let mock: PrismMock;
  beforeAll(async () => {
    mock = await startPrismMock();
  }, 60_000);
  afterAll(() => mock.stop());

  it('accepts valid requests and answers what the spec documents', async () => {
    // Arrange: the mock keeps no state and validates no business rules, so only the positive phase applies.
    // Prism checks only that credentials are present, so placeholders serve once operations declare security.
    const options = {
      baseUrl: mock.baseUrl,
      examples: 20,
      seed: SEED,
      phases: ['positive'] as const,
      stateful: false,
      credentials: { token: 'mock-token', apiKey: 'mock-api-key' },
    };

    // Act
    const report = await runContract(options);

    // Assert
    expect(report.failures, formatReport(report)).toEqual([]);
    for (const operationId of operationIds) {
      expect(passed(report, operationId, 'positive_data_accepted'), operationId).toBe(20);
      // The mock answers the first documented success; one without a body (a 302) is checked by its headers.
      const check = bodilessSuccess.has(operationId) ? 'response_headers' : 'response_schema';
      expect(passed(report, operationId, check), operationId).toBeGreaterThanOrEqual(20);
    }
  }, 120_000);
});
