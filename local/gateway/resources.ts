// API Gateway's resource and method selection over the imported document.
// A defined method wins over the path's x-amazon-apigateway-any-method; no match is MISSING_AUTHENTICATION_TOKEN.
import { type Document, OpenAPIRouter } from 'openapi-backend';
import { ANY_METHOD, GATEWAY_METHODS, type OpenApiDocument, type Operation } from '../../apiGateway/apiGatewaySpec.js';
import { pathParametersOf } from '../../src/http/pathParameters.js';

export interface MatchedMethod {
  /** The path template, e.g. /users/{userId} (the event's `resource`). */
  readonly resource: string;
  readonly pathParameters: Record<string, string> | null;
  readonly operation: Operation;
}

export function createResourceMatcher(document: OpenApiDocument) {
  // openapi-backend's router (the Lambda's): exact paths before templates, `{name}` one segment; `/users/` is no
  // resource of the document, so trailing slashes are not ignored.
  const router = new OpenAPIRouter({ definition: document as unknown as Document, ignoreTrailingSlashes: false });
  const operationOn = (method: string, path: string) => router.matchOperation({ method, path, headers: {} });
  return (method: string, path: string): MatchedMethod | undefined => {
    // A method the path lacks goes to the path's x-amazon-apigateway-any-method, found through any method it has.
    const matched = operationOn(method, path) ?? GATEWAY_METHODS.map((m) => operationOn(m, path)).find(Boolean);
    if (matched === undefined) return undefined;
    const methods = document.paths[matched.path] as Record<string, Operation>;
    const operation = matched.method === method.toLowerCase() ? methods[matched.method] : methods[ANY_METHOD];
    if (operation === undefined) return undefined;
    // Not the router's parseRequest, which throws a URIError on `%ZZ`: a malformed segment goes on as sent, and the
    // function answers it with a 400 naming the parameter.
    const params = pathParametersOf(matched.path, router.normalizePath(path));
    const pathParameters =
      params.length === 0 ? null : Object.fromEntries(params.map(({ name, raw, value }) => [name, value ?? raw]));
    return { resource: matched.path, pathParameters, operation };
  };
}
