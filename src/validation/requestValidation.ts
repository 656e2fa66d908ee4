// Validates a request against its operation in the spec, with the validators `npm run generate` compiled from it.
// Same ajv settings as openapi-backend's (all errors, formats, parameter coercion, defaults), compiled ahead of time.
// Replaces openapi-backend's own request validation, which compiles ajv schemas in the Lambda on first use
// (tens of ms of cold start and ajv's compiler in the bundle); the errors are the same ajv errors at the same
// paths, so the 400 problem names the same fields.
import { requestValidators } from '../../generated/requestValidators/index.js';
import type { FieldError } from '../http/errors.js';
import { toFieldErrors } from '../http/validationErrors.js';

export interface RequestToValidate {
  /** Path parameters by name, as routed. */
  params: Readonly<Record<string, unknown>>;
  query: Readonly<Record<string, unknown>>;
  /** Lower-cased names. */
  headers: Readonly<Record<string, unknown>>;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

const validators: Readonly<Record<string, (typeof requestValidators)[keyof typeof requestValidators]>> =
  requestValidators;

const mediaType = (contentType: unknown) =>
  String(contentType ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();

export interface ValidatedRequest {
  /** Each invalid input, naming its field; empty when the request is valid. */
  errors: FieldError[];
  /** Path parameters and query converted to the spec's types, with its defaults filled in. */
  params: Record<string, unknown>;
  query: Record<string, unknown>;
}

/** Checks a routed request against its operation; the body's defaults are filled in place. */
export function validateRequest(operationId: string, request: RequestToValidate): ValidatedRequest {
  const operation = validators[operationId];
  // Fail closed: an operation without validators is a build error, never an unvalidated request.
  if (operation === undefined) throw new Error(`no request validator for operation ${operationId}`);
  const errors = [];
  if (operation.body !== undefined) {
    const { body } = request;
    // Like openapi-backend: a JSON body is checked when there is one or when the client said it sent JSON.
    const sent = typeof body === 'object' || mediaType(request.headers['content-type']) === 'application/json';
    if (!operation.body(sent ? { requestBody: body } : {})) errors.push(...(operation.body.errors ?? []));
  }
  // Copies: the parameter validator coerces and fills defaults in place.
  const params: Record<string, unknown> = { ...request.params };
  const query: Record<string, unknown> = { ...request.query };
  for (const name of operation.arrayQuery) {
    if (typeof query[name] === 'string') query[name] = [query[name]];
  }
  if (!operation.params({ path: params, query, header: { ...request.headers } })) {
    errors.push(...(operation.params.errors ?? []));
  }
  return { errors: errors.length === 0 ? [] : toFieldErrors(errors), params, query };
}
