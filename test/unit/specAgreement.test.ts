// Values the code and the spec both state must agree: the lint compares the spec with itself, this the code with it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../src/apiGateway/gatewayResponses.js';
import { loadConfig } from '../../src/config.js';
import { etagOf } from '../../src/domain/etag.js';
import { encodeCursor } from '../../src/domain/listCursor.js';
import { retryAfter } from '../../src/http/errorTable.js';
import { MAX_ERRORS } from '../../src/http/validationErrors.js';

// biome-ignore lint/suspicious/noExplicitAny: the bundled spec is read as plain JSON
const spec: any = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../generated/openapi.json'), 'utf8'));
const schemas = spec.components.schemas;
const headers = spec.components.headers;
// The bundle inlines responses (API Gateway cannot import a response $ref): read them where POST /users has them.
const responses = spec.paths['/users'].post.responses;

describe('the code and the spec agree on', () => {
  it('the body limit: the 413 states the default MAX_BODY_BYTES', () => {
    const stated = [...JSON.stringify(responses['413']).matchAll(/(\d+) bytes/g)].map((m) => Number(m[1]));
    expect(stated.length).toBeGreaterThan(1);
    expect(new Set(stated)).toEqual(new Set([loadConfig({}).maxBodyBytes]));
  });

  it('how many field errors a problem lists', () => {
    expect(MAX_ERRORS).toBe(schemas.Problem.properties.errors.maxItems);
  });

  it('Retry-After: every value the API or its gateway sends is within the documented range', () => {
    const { minimum, maximum } = responses['429'].headers['Retry-After'].schema;
    const sent = [
      ...Object.values(gatewayProblems).flatMap((p) => (p.headers?.['Retry-After'] ? [p.headers['Retry-After']] : [])),
      retryAfter({ retryAfterSeconds: 1 })['Retry-After'],
    ].map(Number);
    expect(sent).toContain(3600);
    for (const seconds of sent) {
      expect(Number.isInteger(seconds) && seconds >= minimum && seconds <= maximum, String(seconds)).toBe(true);
    }
  });

  it('the ETag: the largest version the API can write is a tag the ETag header describes', () => {
    const { pattern, maxLength } = headers.ETag.schema;
    for (const version of [1, Number.MAX_SAFE_INTEGER]) {
      expect(etagOf(version)).toMatch(new RegExp(pattern));
      expect(etagOf(version).length).toBeLessThanOrEqual(maxLength);
    }
  });

  it('the cursor: one for the latest timestamp and any id fits the Cursor schema', () => {
    const { pattern, maxLength } = schemas.Cursor;
    const cursor = encodeCursor({ createdAt: '9999-12-31T23:59:59.999Z', userId: 'f'.repeat(36) }, 'k'.repeat(64));
    expect(cursor).toMatch(new RegExp(pattern));
    expect(cursor.length).toBeLessThanOrEqual(maxLength);
  });
});
