// Renders a gateway response of the document (x-amazon-apigateway-gateway-responses) as API Gateway does.
// By hand: these templates are not VTL, only `$context.*` substitution (AWS: "simple variable substitution").
import type { OpenApiDocument } from '../../apiGateway/apiGatewaySpec.js';

export type GatewayResponseType =
  | 'UNAUTHORIZED'
  | 'INVALID_API_KEY'
  | 'THROTTLED'
  | 'QUOTA_EXCEEDED'
  | 'BAD_REQUEST_BODY'
  | 'BAD_REQUEST_PARAMETERS'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

export interface GatewayAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface DocumentResponse {
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
}

/** API Gateway's default status of each type, used when the document leaves a type to DEFAULT_4XX / DEFAULT_5XX. */
const DEFAULT_STATUS: Record<GatewayResponseType, number> = {
  UNAUTHORIZED: 401,
  INVALID_API_KEY: 403,
  THROTTLED: 429,
  QUOTA_EXCEEDED: 429,
  BAD_REQUEST_BODY: 400,
  BAD_REQUEST_PARAMETERS: 400,
  MISSING_AUTHENTICATION_TOKEN: 403,
  INTEGRATION_FAILURE: 504,
  INTEGRATION_TIMEOUT: 504,
  DEFAULT_4XX: 400,
  DEFAULT_5XX: 500,
};

/** The `$context` values a refusal knows; `messageString` and `validationErrorString` are quoted JSON strings. */
export interface RefusalContext {
  readonly requestId: string;
  readonly message?: string;
  readonly validationErrorString?: string;
}

function contextValues(type: GatewayResponseType, context: RefusalContext): Record<string, string> {
  const message = context.message ?? '';
  return {
    '$context.requestId': context.requestId,
    '$context.error.responseType': type,
    '$context.error.message': message,
    '$context.error.messageString': JSON.stringify(message),
    '$context.error.validationErrorString': JSON.stringify(context.validationErrorString ?? ''),
  };
}

/** Longest names first, so `$context.error.messageString` is not read as `$context.error.message` + "String". */
const substitute = (template: string, values: Record<string, string>) =>
  template.replace(/\$context(?:\.[A-Za-z]+)+/g, (name) => {
    for (let candidate = name; candidate.includes('.'); candidate = candidate.slice(0, candidate.lastIndexOf('.'))) {
      const value = values[candidate];
      if (value !== undefined) return value + name.slice(candidate.length);
    }
    return '';
  });

/** A header value: a quoted literal, or (not used by this API) a request parameter, left empty here. */
const headerValue = (expression: string) =>
  expression.startsWith("'") && expression.endsWith("'") ? expression.slice(1, -1) : '';

export function createGatewayResponses(document: OpenApiDocument) {
  const responses = (document['x-amazon-apigateway-gateway-responses'] ?? {}) as Record<string, DocumentResponse>;
  return (type: GatewayResponseType, context: RefusalContext): GatewayAnswer => {
    const status = DEFAULT_STATUS[type];
    const response = responses[type] ?? responses[status < 500 ? 'DEFAULT_4XX' : 'DEFAULT_5XX'] ?? {};
    const headers: Record<string, string> = {};
    for (const [name, expression] of Object.entries(response.responseParameters ?? {})) {
      if (name.startsWith('gatewayresponse.header.')) headers[name.slice(23)] = headerValue(expression);
    }
    const template = response.responseTemplates?.['application/json'];
    const body =
      template === undefined
        ? JSON.stringify({ message: context.message ?? '' })
        : substitute(template, contextValues(type, context));
    headers['Content-Type'] ??= 'application/json';
    return { statusCode: Number(response.statusCode ?? status), headers, body };
  };
}
