// The HTTP methods an OpenAPI 3.0 Path Item holds operations under: the one list that routing, the Allow header, the
// API Gateway document, the generators and the tests all read.
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];
