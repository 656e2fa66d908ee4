// The error table against the contract: every problem the spec shows as an example is answered as the table says.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewayProblems, VALIDATION_MESSAGE } from '../../apiGateway/gatewayResponses.js';
import { problemType, problemTypes } from '../../src/http/errorTable.js';

interface ProblemExample {
  where: string;
  responseStatus: number;
  value: { type: string; title: string; status: number; detail: string };
}

const spec = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../generated/openapi.json'), 'utf8'));

/** Every example of a problem+json response in the bundled spec, with the status it documents. */
function problemExamples(): ProblemExample[] {
  const out: ProblemExample[] = [];
  for (const [path, item] of Object.entries<Record<string, { responses?: Record<string, unknown> }>>(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [code, response] of Object.entries(operation.responses ?? {})) {
        const media = (response as { content?: Record<string, { examples?: Record<string, { value: never }> }> })
          .content?.['application/problem+json'];
        for (const [name, example] of Object.entries(media?.examples ?? {})) {
          out.push({ where: `${method} ${path} ${code} ${name}`, responseStatus: Number(code), value: example.value });
        }
      }
    }
  }
  return out;
}

/** Gateway responses a client of this API does not meet, so the spec shows no example of them. */
const UNDOCUMENTED = {
  DEFAULT_4XX: 'the fallback for response types API Gateway may add later',
  INVALID_SIGNATURE: 'SigV4 requests only: no method of this API uses IAM authorization',
};

describe('the error table', () => {
  const examples = problemExamples();
  const answered = examples.filter(({ value }) => value.type.replace('/problems/', '') in problemTypes);

  it('finds the problem examples of the spec', () => {
    expect(examples.length).toBeGreaterThan(20);
    expect(new Set(answered.map(({ value }) => value.type)).size).toBeGreaterThan(8);
  });

  it('shows no problem type in the spec that neither the function nor API Gateway nor the firewall answers', () => {
    const unknown = examples.filter(({ value }) => !(value.type.replace('/problems/', '') in problemTypes));
    expect(unknown.map(({ where, value }) => `${where}: ${value.type}`)).toEqual([]);
  });

  it("documents each problem type API Gateway answers itself, with the gateway's own detail", () => {
    const documented = new Map(answered.map(({ value }) => [`${value.type} ${value.detail}`, value]));
    const undocumented = Object.entries(gatewayProblems)
      .filter(([response, { detail }]) => detail !== VALIDATION_MESSAGE && !(response in UNDOCUMENTED))
      .filter(([, { slug, detail }]) => !documented.has(`/problems/${slug} ${detail}`))
      .map(([response, { slug, detail }]) => `${response}: /problems/${slug} "${detail}"`);
    expect(undocumented).toEqual([]);
  });

  it('gives each problem type the status and title the spec documents, and its fixed detail where it has one', () => {
    for (const { where, responseStatus, value } of answered) {
      const entry = problemType(value.type.replace('/problems/', '') as keyof typeof problemTypes);
      expect({ status: value.status, title: value.title }, where).toEqual({ status: entry.status, title: entry.title });
      expect(value.status, where).toBe(responseStatus);
      if (entry.detail !== undefined) expect(value.detail, where).toBe(entry.detail);
    }
  });
});
