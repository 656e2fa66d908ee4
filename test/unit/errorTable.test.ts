// The error table against the contract: every problem the spec shows as an example is answered as the table says.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../src/apiGateway/gatewayResponses.js';
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

describe('the error table', () => {
  const examples = problemExamples();
  const answered = examples.filter(({ value }) => value.type.replace('/problems/', '') in problemTypes);

  it('finds the problem examples of the spec', () => {
    expect(examples.length).toBeGreaterThan(20);
    expect(new Set(answered.map(({ value }) => value.type)).size).toBeGreaterThan(8);
  });

  it('gives the problem types API Gateway answers itself the same status and title as the function', () => {
    const shared = Object.entries(gatewayProblems).filter(([, p]) => p.slug in problemTypes);
    expect(shared.length).toBeGreaterThan(8);
    for (const [response, { slug, status, title }] of shared) {
      const entry = problemType(slug as keyof typeof problemTypes);
      expect({ status, title }, response).toEqual({ status: entry.status, title: entry.title });
    }
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
