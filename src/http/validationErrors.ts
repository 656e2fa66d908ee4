// Turns openapi-backend's validation errors (ajv's) into the problem's `errors` list: where, which field, what is wrong.
import type { ErrorObject } from 'ajv';
import { type FieldError, MalformedJsonError, ValidationError } from './httpErrors.js';

const LOCATIONS: Record<string, FieldError['location']> = {
  requestBody: 'body',
  path: 'path',
  query: 'query',
  header: 'header',
};
/** The most field errors one problem lists (`errors` maxItems in the spec's Problem schema). */
export const MAX_ERRORS = 20;

/** A pattern's rule in words (the spec's description of the schema holding it), by the pattern. */
export type PatternRules = Readonly<Record<string, string>>;

/** Never the regular expression itself: a 400-character class of code points says nothing to a client. */
const patternMessage = (pattern: unknown, rules: PatternRules) => {
  const rule = typeof pattern === 'string' && Object.hasOwn(rules, pattern) ? rules[pattern] : undefined;
  return rule === undefined ? 'does not have the form this field requires' : `does not follow the rule: ${rule}`;
};

export function toFieldErrors(errors: readonly ErrorObject[], rules: PatternRules = {}): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    // instancePath is `/<section>/<field pointer>`, e.g. `/requestBody/name` or `/query/limit`.
    const path = error.instancePath;
    const end = path.indexOf('/', 1);
    let location = LOCATIONS[end === -1 ? path.slice(1) : path.slice(1, end)] ?? 'body';
    let pointer = end === -1 ? '' : path.slice(end);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty?: string }).missingProperty);
      if (path === '' && missing === 'requestBody') {
        location = 'body';
        message = 'a JSON body is required';
      } else {
        pointer = `${pointer}/${missing}`;
        message = 'is required';
      }
    } else if (error.keyword === 'pattern') {
      message = patternMessage((error.params as { pattern?: unknown }).pattern, rules);
    } else if (error.keyword === 'additionalProperties') {
      pointer = `${pointer}/${String((error.params as { additionalProperty?: string }).additionalProperty)}`;
      message = 'is not an allowed field';
    }
    if (location !== 'body' && pointer.startsWith('/')) pointer = pointer.slice(1);
    // A scan of what is kept (at most MAX_ERRORS), not a Set of keys joined and hashed per error.
    if (out.some((e) => e.location === location && e.pointer === pointer && e.message === message)) continue;
    out.push({ location, pointer, message });
    if (out.length === MAX_ERRORS) break;
  }
  return out;
}

/** The error to answer for a request openapi-backend found invalid: a body that is not JSON, or the invalid fields. */
export function toRequestError(
  errors: readonly ErrorObject[],
  rules: PatternRules = {},
): MalformedJsonError | ValidationError {
  // openapi-backend reports JSON it could not parse with keyword `parse` and the parser's message: never shown.
  if (errors.some((error) => error.keyword === 'parse' && error.instancePath === '')) return new MalformedJsonError();
  return new ValidationError(toFieldErrors(errors, rules));
}
