// API Gateway's request validator, read from the document: required parameters present and the JSON body valid.
// Parameters are checked for presence only, as API Gateway does; the body against the method's model, with the JSON
// Schema draft 4 semantics of its models.
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import AjvDraft04Module from 'ajv-draft-04';
import type { OpenApiDocument, Operation } from '../../apiGateway/apiGatewaySpec.js';
import type { GatewayResponseType } from './gatewayResponse.js';

// The package is CommonJS: under NodeNext its class is the default export's `default`.
const AjvDraft04 = AjvDraft04Module.default;

interface Validator {
  validateRequestBody?: boolean;
  validateRequestParameters?: boolean;
}
type Parameter = { name: string; in: string; required?: boolean };
type Content = Record<string, { schema?: unknown }>;

export interface ValidatedRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>> | null;
  readonly pathParameters: Readonly<Record<string, string>> | null;
  readonly contentType: string | undefined;
  readonly body: string | undefined;
}

export type ValidationDecision =
  | { readonly kind: 'valid' }
  | { readonly kind: 'refused'; readonly type: GatewayResponseType; readonly validationErrorString: string };

const MODELS_ID = 'api-gateway-models';
/** API Gateway picks the model by Content-Type and takes a request without one as application/json. */
const isJson = (contentType: string | undefined) =>
  contentType === undefined || /^application\/json\s*(;|$)/i.test(contentType);

/** One line per error, naming the field (the wording is ajv's, not API Gateway's: docs/local-vs-aws.md). */
function describe(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'body' : `body${error.instancePath}`;
  const extra = error.keyword === 'additionalProperties' ? `: ${error.params.additionalProperty}` : '';
  return `${at} ${error.message ?? 'is invalid'}${extra}`;
}

/** A `[message, ...]` list, the shape of API Gateway's validationErrorString. */
const listOf = (errors: readonly ErrorObject[]) => `[${errors.map(describe).join(', ')}]`;

export function createRequestValidator(document: OpenApiDocument) {
  const validators = (document['x-amazon-apigateway-request-validators'] ?? {}) as Record<string, Validator>;
  const defaultValidator = document['x-amazon-apigateway-request-validator'] as string | undefined;
  // Models are draft 4 (no `format`: the import strips it); unknown OpenAPI keywords are ignored, as API Gateway does.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema({ id: MODELS_ID, components: { schemas: document.components?.schemas ?? {} } });
  const compiled = new WeakMap<object, ValidateFunction>();

  function bodyValidator(operation: Operation): ValidateFunction | undefined {
    const schema = (operation.requestBody as { content?: Content } | undefined)?.content?.['application/json']?.schema;
    if (schema === undefined || typeof schema !== 'object' || schema === null) return undefined;
    const known = compiled.get(schema);
    if (known !== undefined) return known;
    // A model's $refs point into the document's components, which the models schema above holds.
    const ref = (schema as { $ref?: string }).$ref;
    const validate = ajv.compile(ref === undefined ? schema : { $ref: `${MODELS_ID}${ref}` });
    compiled.set(schema, validate);
    return validate;
  }

  function missingParameter(operation: Operation, request: ValidatedRequest): string | undefined {
    const headers = new Set(Object.keys(request.headers).map((name) => name.toLowerCase()));
    for (const p of (operation.parameters ?? []) as Parameter[]) {
      if (p.required !== true) continue;
      const present =
        p.in === 'header'
          ? headers.has(p.name.toLowerCase())
          : p.in === 'query'
            ? request.query?.[p.name] !== undefined
            : p.in === 'path'
              ? request.pathParameters?.[p.name] !== undefined
              : true;
      if (!present) return `Missing required request parameters: [${p.name}]`;
    }
    return undefined;
  }

  return (operation: Operation, request: ValidatedRequest): ValidationDecision => {
    const name = (operation['x-amazon-apigateway-request-validator'] as string | undefined) ?? defaultValidator;
    const validator = name === undefined ? undefined : validators[name];
    if (validator === undefined) return { kind: 'valid' };
    if (validator.validateRequestParameters === true) {
      const missing = missingParameter(operation, request);
      if (missing !== undefined) {
        return { kind: 'refused', type: 'BAD_REQUEST_PARAMETERS', validationErrorString: missing };
      }
    }
    // An empty body is left to the function, which answers its own 400 (docs/local-vs-aws.md).
    if (validator.validateRequestBody === true && request.body !== undefined && isJson(request.contentType)) {
      const validate = bodyValidator(operation);
      if (validate === undefined) return { kind: 'valid' };
      let body: unknown;
      try {
        body = JSON.parse(request.body);
      } catch {
        return { kind: 'refused', type: 'BAD_REQUEST_BODY', validationErrorString: '[body is not valid JSON]' };
      }
      if (!validate(body)) {
        return { kind: 'refused', type: 'BAD_REQUEST_BODY', validationErrorString: listOf(validate.errors ?? []) };
      }
    }
    return { kind: 'valid' };
  };
}
