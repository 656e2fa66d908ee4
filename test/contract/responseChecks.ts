// The checks every response gets, judged only against the spec: server error, documented status, media type, body schema, headers, leaks.
// Independent of src/http/responseConformance.ts on purpose: the suite must not trust the code it is testing.
import type { Exchange } from './exchange.js';
import { statusMatches } from './links.js';
import type { ResponseSpec, Spec } from './spec.js';

export interface CheckResult {
  check: string;
  ok: boolean;
  message?: string;
}

/** Text that must never reach a client in an error: stack frames, runtime or AWS error names, library internals. */
const LEAK_PATTERN =
  /\bat .+\.(js|ts|mjs|cjs):\d+|node_modules|\w+Exception\b|TypeError|ReferenceError|SyntaxError: |ECONNREFUSED|ETIMEDOUT|DynamoDB|ajv\b/i;

export function documentedResponse(exchange: Exchange): ResponseSpec | undefined {
  const { responses } = exchange.operation;
  const status = exchange.response.status;
  const exact = responses[String(status)];
  if (exact !== undefined) return exact;
  const range = Object.entries(responses).find(([key]) => key !== 'default' && statusMatches(key, status));
  return range?.[1] ?? responses.default;
}

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';

function mediaMatches(documented: string, actual: string): boolean {
  if (documented === actual || documented === '*/*') return true;
  const [type, subtype] = documented.split('/');
  return subtype === '*' && actual.startsWith(`${type}/`);
}

const isJson = (media: string) => /^application\/([\w.+-]+\+)?json$/.test(media);

function headerValue(text: string, schema: Record<string, unknown> | undefined): unknown {
  if (schema?.type === 'integer' || schema?.type === 'number')
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  if (schema?.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

export function conformanceChecks(spec: Spec, exchange: Exchange): CheckResult[] {
  const { status, headers, text } = exchange.response;
  const results: CheckResult[] = [];
  const documented = documentedResponse(exchange);
  const declared = Object.keys(exchange.operation.responses).join(', ');

  results.push(
    status >= 500 && !(status === 503 && documented !== undefined)
      ? { check: 'not_a_server_error', ok: false, message: `answered ${status}` }
      : { check: 'not_a_server_error', ok: true },
  );
  if (documented === undefined) {
    results.push({ check: 'status_code_documented', ok: false, message: `${status} is not one of ${declared}` });
    return results;
  }
  results.push({ check: 'status_code_documented', ok: true });

  const missing: string[] = [];
  const invalid: string[] = [];
  for (const [name, header] of Object.entries(documented.headers)) {
    const value = headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) missing.push(name);
      continue;
    }
    if (header.schema !== undefined && !spec.validator(header.schema)(headerValue(value, header.schema))) {
      invalid.push(`${name}: ${JSON.stringify(value)}`);
    }
  }
  results.push(
    missing.length + invalid.length === 0
      ? { check: 'response_headers', ok: true }
      : {
          check: 'response_headers',
          ok: false,
          message: [
            missing.length > 0 ? `missing required ${missing.join(', ')}` : '',
            invalid.length > 0 ? `not matching their schema: ${invalid.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; '),
        },
  );

  // A 304, and any answer to HEAD, has no body by definition.
  if (status === 304 || exchange.request.method === 'HEAD') return results;
  const documentedTypes = Object.keys(documented.content);
  const actual = mediaType(headers['content-type']);
  if (documentedTypes.length === 0) {
    results.push(
      text === ''
        ? { check: 'content_type_documented', ok: true }
        : { check: 'content_type_documented', ok: false, message: `${status} is documented without a body` },
    );
  } else {
    const matched = documentedTypes.find((t) => mediaMatches(t, actual));
    if (matched === undefined) {
      results.push({
        check: 'content_type_documented',
        ok: false,
        message: `Content-Type ${actual || '(none)'} is not one of ${documentedTypes.join(', ')}`,
      });
    } else {
      results.push({ check: 'content_type_documented', ok: true });
      const schema = documented.content[matched];
      if (schema !== undefined && isJson(actual)) results.push(schemaCheck(spec, schema, text));
    }
  }

  if (status >= 400) {
    const leak = LEAK_PATTERN.exec(text);
    results.push(
      leak === null
        ? { check: 'no_internals_leaked', ok: true }
        : { check: 'no_internals_leaked', ok: false, message: `error body contains "${leak[0]}"` },
    );
  }
  return results;
}

function schemaCheck(spec: Spec, schema: Record<string, unknown>, text: string): CheckResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { check: 'response_schema', ok: false, message: 'body is not valid JSON' };
  }
  const validate = spec.validator(schema);
  if (validate(body)) return { check: 'response_schema', ok: true };
  const errors = (validate.errors ?? []).map((e) => {
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    return `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${extra === undefined ? '' : ` ("${extra}")`}`;
  });
  return { check: 'response_schema', ok: false, message: errors.join('; ') };
}
