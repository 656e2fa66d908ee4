// What OpenAPI 3.0 means by an operation's method and by a bearer scheme, and the bearer challenge: read alike by src/, apiGateway/ and the rest.

/** The methods of a Path Item: the one list of them, for routing, Allow, the API Gateway document and the tests. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The fields of a security scheme object that say what kind it is. */
export interface SchemeKind {
  readonly type?: string;
  readonly scheme?: string;
}

/** A scheme whose credential is a bearer token (RFC 6750): oauth2, openIdConnect or http bearer. It names a caller. */
export const isBearerScheme = ({ type, scheme }: SchemeKind) =>
  type === 'oauth2' || type === 'openIdConnect' || (type === 'http' && scheme?.toLowerCase() === 'bearer');

/** The challenge of every bearer 401 (RFC 6750), the Lambda's and API Gateway's alike. */
export const BEARER_CHALLENGE = 'Bearer realm="users-api"';
