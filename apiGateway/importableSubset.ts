// Strips what API Gateway's REST import ignores or warns about, so the stack can import with failOnWarnings.
// The rules: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html#api-gateway-known-issues-rest-apis
// What is stripped here the gateway never enforced; the Lambda validates it against the full spec (docs/operations.md).
import { HTTP_METHODS } from '../config/openapi.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keywords of schemas (models are JSON Schema draft 4) that API Gateway drops with a warning or without effect. */
export const STRIPPED_SCHEMA_KEYWORDS = ['example', 'examples', 'default', 'format', 'readOnly', 'writeOnly'] as const;

/** A schema without the stripped keywords, recursively through every place a schema can hold subschemas. */
export function importableSchema(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((STRIPPED_SCHEMA_KEYWORDS as readonly string[]).includes(key)) continue;
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, importableSchema(s)]));
    } else if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
      out[key] = value.map(importableSchema);
    } else if (key === 'items' || key === 'not' || key === 'additionalProperties') {
      out[key] = importableSchema(value);
    } else out[key] = value;
  }
  return out;
}

const resolve = (document: Json, value: unknown): unknown => {
  if (!isObject(value) || typeof value.$ref !== 'string') return value;
  const target = value.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), document);
  if (target === undefined) throw new Error(`Cannot resolve ${value.$ref}`);
  return target;
};

/** The JSON type of a parameter's schema (following one $ref), which is all API Gateway reads of it. */
const typeOf = (document: Json, schema: unknown): string => {
  const resolved = resolve(document, schema);
  return isObject(resolved) && typeof resolved.type === 'string' ? resolved.type : 'string';
};

/** API Gateway reads only name, in, required and the type of a parameter (it validates presence, nothing more). */
export function importableParameter(document: Json, parameter: Json): Json {
  const p = resolve(document, parameter) as Json;
  return {
    name: p.name,
    in: p.in,
    ...(p.required === undefined ? {} : { required: p.required }),
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    schema: { type: typeOf(document, p.schema) },
  };
}

function importableResponse(document: Json, response: Json): Json {
  // `links` are documentation for clients: API Gateway has no place for them.
  const { links: _links, headers, content, ...rest } = response;
  const out: Json = { ...rest };
  if (isObject(headers)) {
    out.headers = Object.fromEntries(
      Object.entries(headers).map(([name, header]) => {
        const h = resolve(document, header) as Json;
        return [
          name,
          {
            ...(typeof h.description === 'string' ? { description: h.description } : {}),
            schema: { type: typeOf(document, h.schema) },
          },
        ];
      }),
    );
  }
  if (isObject(content)) out.content = importableContent(content);
  return out;
}

/** Media types keep only their schema: `example(s)` are documentation API Gateway drops. */
function importableContent(content: Json): Json {
  return Object.fromEntries(
    Object.entries(content).map(([type, media]) => [
      type,
      isObject(media) && media.schema !== undefined ? { schema: importableSchema(media.schema) } : {},
    ]),
  );
}

/** The methods a REST API's document can define: every Path Item method but TRACE, which API Gateway has not. */
export const GATEWAY_METHODS = HTTP_METHODS.filter((method) => method !== 'trace');
export type GatewayMethod = (typeof GATEWAY_METHODS)[number];
/** API Gateway's catch-all method of a path. */
export const ANY_METHOD = 'x-amazon-apigateway-any-method';
const OPERATION_KEYS: readonly string[] = [...GATEWAY_METHODS, ANY_METHOD];

function importableOperation(document: Json, operation: Json): Json {
  const out: Json = { ...operation };
  if (Array.isArray(operation.parameters)) {
    out.parameters = operation.parameters.map((p) => importableParameter(document, p as Json));
  }
  if (isObject(operation.requestBody)) {
    const body = resolve(document, operation.requestBody) as Json;
    out.requestBody = { ...body, ...(isObject(body.content) ? { content: importableContent(body.content) } : {}) };
  }
  if (isObject(operation.responses)) {
    out.responses = Object.fromEntries(
      Object.entries(operation.responses).map(([status, r]) => [
        status,
        importableResponse(document, resolve(document, r) as Json),
      ]),
    );
  }
  return out;
}

/**
 * The document with every operation's parameters, headers and media types reduced to what API Gateway imports, the
 * models stripped of the ignored keywords, and the components nothing refers to any more (parameters, headers,
 * examples) left out.
 */
export function importableSubset(document: Json): Json {
  const paths = Object.fromEntries(
    Object.entries(document.paths as Record<string, Json>).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([key, value]) => [
          key,
          OPERATION_KEYS.includes(key) && isObject(value) ? importableOperation(document, value) : value,
        ]),
      ),
    ]),
  );
  const components = (document.components ?? {}) as Json;
  const schemas = (components.schemas ?? {}) as Json;
  return {
    ...document,
    paths,
    components: {
      ...(components.securitySchemes === undefined ? {} : { securitySchemes: components.securitySchemes }),
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, importableSchema(s)])),
    },
  };
}
