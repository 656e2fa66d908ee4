// The precompiling machinery on a fixture spec of its own: the validators scripts/requestValidators.ts generates,
// handed to openapi-backend, give what openapi-backend gives compiling the spec itself, and nothing is compiled.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRequestValidators, withFormats } from '../../scripts/requestValidators.js';
import { refuseToCompile, usePrecompiledValidators } from '../../src/validation/precompiledValidators.js';
import { validationOptions } from '../../src/validation/validationOptions.js';
import fixture from '../fixtures/engine-openapi.json' with { type: 'json' };

const definition = () => structuredClone(fixture) as unknown as Document;
// Inside node_modules, so the generated modules find ajv's runtime and ajv-formats as the Lambda bundle does.
const cache = resolve(import.meta.dirname, '../../node_modules/.cache');
mkdirSync(cache, { recursive: true });
const out = mkdtempSync(join(cache, 'precompiled-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

let reference: OpenAPIBackend;
let precompiled: OpenAPIBackend;
beforeAll(async () => {
  for (const [name, text] of await generateRequestValidators(fixture as never, 'generated for a test')) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), text);
  }
  const { requestValidators } = (await import(join(out, 'requestValidators/index.js'))) as {
    requestValidators: Record<string, ValidateFunction[]>;
  };
  reference = await new OpenAPIBackend({
    definition: definition(),
    quick: true,
    ...validationOptions,
    customizeAjv: withFormats,
  }).init();
  precompiled = await new OpenAPIBackend({
    definition: definition(),
    quick: true,
    ...validationOptions,
    customizeAjv: refuseToCompile,
  }).init();
  usePrecompiledValidators(precompiled, requestValidators);
});

const json = { 'content-type': 'application/json' };
interface Case {
  name: string;
  operationId: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

const cases: Case[] = [
  { name: 'a valid body', operationId: 'createThing', path: '/things', headers: json, body: { name: 'a' } },
  { name: 'a missing field', operationId: 'createThing', path: '/things', headers: json, body: {} },
  { name: 'an unknown field', operationId: 'createThing', path: '/things', headers: json, body: { name: 'a', x: 1 } },
  { name: 'a wrong type', operationId: 'replaceThing', path: '/things/t1', headers: json, body: { name: 5 } },
  { name: 'no body', operationId: 'createThing', path: '/things', headers: json },
  { name: 'a query integer', operationId: 'listThings', path: '/things', query: { limit: '7' } },
  { name: 'a defaulted query', operationId: 'listThings', path: '/things', query: {} },
  { name: 'a query below its minimum', operationId: 'listThings', path: '/things', query: { limit: '0' } },
  { name: 'a query not a number', operationId: 'listThings', path: '/things', query: { limit: 'ten' } },
  { name: 'a path parameter', operationId: 'getThing', path: '/things/t1' },
  { name: 'no input at all', operationId: 'ping', path: '/ping' },
];

describe('precompiled request validators, on a fixture spec', () => {
  it('are generated for every operation, in openapi-backend’s order', () => {
    expect(Object.keys(precompiled.validator.requestValidators)).toEqual(
      reference.getOperations().map((operation) => operation.operationId),
    );
  });

  it.each(cases)('$name: the same errors and coerced values as openapi-backend compiling the spec', (c) => {
    // Arrange
    const request = { method: 'post', path: c.path, headers: c.headers ?? {}, query: c.query ?? {}, body: c.body };

    // Act
    const expected = reference.validateRequest(structuredClone(request), c.operationId);
    const actual = precompiled.validateRequest(structuredClone(request), c.operationId);

    // Assert
    expect(actual.errors).toEqual(expected.errors);
    expect(actual.coerced).toEqual(expected.coerced);
  });

  it('tell valid from invalid: the test above compares more than two passes', () => {
    expect(
      precompiled.validateRequest({ method: 'post', path: '/things', headers: json, body: {} }, 'createThing'),
    ).toMatchObject({ valid: false, errors: [expect.objectContaining({ keyword: 'required' })] });
    expect(
      precompiled.validateRequest({ method: 'get', path: '/things', headers: {}, query: {} }, 'listThings'),
    ).toMatchObject({ valid: true, coerced: { query: { limit: 10 } } });
  });
});
