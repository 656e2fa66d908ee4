// Checks a response against the spec (status documented, media type, body schema, required headers).
// Used when VALIDATE_RESPONSES is on (tests, local dev) so a non-conforming response fails loudly.
// openapi-backend's validateResponse only knows application/json and passes undocumented statuses, so this uses
// the body validators `npm run generate` compiled from the bundled document: no schema compiler in the Lambda.
import { responseValidators } from '../../generated/responseValidators/index.js';
import type { ApiResponse } from './response.js';

type Spec = { paths: Record<string, Record<string, { responses: Record<string, ResponseSpec> }>> };
interface ResponseSpec {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, { required?: boolean }>;
}

const pointer = (...segments: string[]) => segments.map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Returns what is wrong with a response, or an empty list when it conforms. */
export type ResponseConformance = (pathTemplate: string, method: string, response: ApiResponse) => string[];

export function createResponseConformance(spec: Spec): ResponseConformance {
  /** Returns what is wrong with the response, or an empty list when it conforms. */
  return function check(pathTemplate: string, method: string, response: ApiResponse): string[] {
    const responses = spec.paths[pathTemplate]?.[method.toLowerCase()]?.responses ?? {};
    const status = String(response.statusCode);
    // The most specific documented response: the exact status, then its class (2XX), then default.
    const key = [status, `${status[0]}XX`, 'default'].find((candidate) => responses[candidate] !== undefined);
    const documented = key === undefined ? undefined : responses[key];
    if (key === undefined || documented === undefined)
      return [`status ${status} is not documented for ${method} ${pathTemplate}`];
    const problems: string[] = [];
    const headerNames = new Set(Object.keys(response.headers).map((h) => h.toLowerCase()));
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      if (header.required && !headerNames.has(name.toLowerCase())) problems.push(`required header ${name} is missing`);
    }
    const mediaTypes = Object.keys(documented.content ?? {});
    if (mediaTypes.length === 0) {
      if (response.body !== undefined && response.body !== '')
        problems.push(`status ${status} is documented without a body`);
      return problems;
    }
    const contentType = Object.entries(response.headers).find(([h]) => h.toLowerCase() === 'content-type')?.[1];
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!mediaTypes.includes(mediaType)) {
      return [...problems, `content-type ${mediaType || '(none)'} is not one of ${mediaTypes.join(', ')}`];
    }
    const ref = `#/${pointer('paths', pathTemplate, method.toLowerCase(), 'responses', key, 'content', mediaType, 'schema')}`;
    const validate = responseValidators[ref];
    if (validate === undefined) return [...problems, `no validator was generated for ${ref}: run npm run generate`];
    let body: unknown;
    try {
      body = JSON.parse(response.body ?? '');
    } catch {
      return [...problems, 'body is not JSON'];
    }
    if (!validate(body)) {
      for (const e of validate.errors ?? []) problems.push(`body${e.instancePath} ${e.message ?? 'is invalid'}`);
    }
    return problems;
  };
}
