// Derives generated/runtimeSpec.json: the part of the bundled spec the Lambda reads at run time.
// That is the operations, their parameters, security and documented responses, and the security schemes, without
// schemas, examples or prose. Schemas are precompiled (requestValidators/, responseValidators/), so shipping them
// again in the Lambda would only add bytes to parse at cold start. Anything else the Lambda needs from the spec: add
// it here.
import { HTTP_METHODS } from '../config/openapi.js';
import { dereference } from './dereference.js';

type Json = Record<string, unknown>;

const pick = (object: Json, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => object[k] !== undefined).map((k) => [k, object[k]]));
const extensions = (object: Json) => Object.fromEntries(Object.entries(object).filter(([k]) => k.startsWith('x-')));
/** Media types only: their schemas are precompiled. */
const mediaTypes = (content: unknown) =>
  content === undefined ? undefined : Object.fromEntries(Object.keys(content as Json).map((type) => [type, {}]));
/** openapi-backend reads a parameter's schema type at run time (a single query value for an array is wrapped). */
const parameter = (p: Json) => ({
  ...pick(p, ['name', 'in', 'required', 'style', 'explode']),
  ...(p.schema === undefined ? {} : { schema: pick(p.schema as Json, ['type']) }),
});

function operation(op: Json): Json {
  const requestBody = op.requestBody as Json | undefined;
  const responses = (op.responses ?? {}) as Record<string, Json>;
  return {
    ...extensions(op),
    ...pick(op, ['operationId', 'security']),
    ...(op.parameters === undefined ? {} : { parameters: (op.parameters as Json[]).map(parameter) }),
    ...(requestBody === undefined
      ? {}
      : { requestBody: { ...pick(requestBody, ['required']), content: mediaTypes(requestBody.content) } }),
    responses: Object.fromEntries(
      Object.entries(responses).map(([status, response]) => [
        status,
        {
          description: '',
          ...(response.headers === undefined
            ? {}
            : {
                headers: Object.fromEntries(
                  Object.entries(response.headers as Record<string, Json>).map(([name, h]) => [
                    name,
                    pick(h, ['required']),
                  ]),
                ),
              }),
          ...(response.content === undefined ? {} : { content: mediaTypes(response.content) }),
        },
      ]),
    ),
  };
}

/**
 * Each `pattern` in the spec with the description of the schema that holds it: a 400 says the rule in words, never
 * the regular expression (src/http/validationErrors.ts). The first description of a pattern used twice wins.
 */
export function patternRules(spec: unknown): Record<string, string> {
  const rules: Record<string, string> = {};
  const visit = (node: unknown) => {
    if (Array.isArray(node)) for (const item of node) visit(item);
    if (typeof node !== 'object' || node === null) return;
    const { pattern, description } = node as Json;
    if (typeof pattern === 'string' && typeof description === 'string' && !(pattern in rules)) {
      rules[pattern] = description.replace(/\s+/g, ' ').trim();
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(spec);
  return rules;
}

export function generateRuntimeSpec(spec: Json): string {
  const paths: Json = {};
  for (const [path, rawItem] of Object.entries((spec.paths ?? {}) as Json)) {
    const item = dereference(spec, rawItem) as Json;
    const out: Json = {};
    if (item.parameters !== undefined) out.parameters = (item.parameters as Json[]).map(parameter);
    for (const method of HTTP_METHODS) {
      if (item[method] !== undefined) out[method] = operation(item[method] as Json);
    }
    paths[path] = out;
  }
  const components = (spec.components ?? {}) as Json;
  const runtime = {
    'x-generated': spec['x-generated'],
    openapi: spec.openapi,
    info: pick((spec.info ?? {}) as Json, ['title', 'version']),
    ...pick(spec, ['security']),
    'x-pattern-rules': patternRules(spec),
    paths,
    ...(components.securitySchemes === undefined
      ? {}
      : { components: { securitySchemes: components.securitySchemes } }),
  };
  return `${JSON.stringify(runtime, null, 2)}\n`;
}
