// The HTTP methods an OpenAPI 3.0 Path Item holds operations under: the one list of them in the repository.
// Routing, the Allow header, the API Gateway document, the generators and the tests all read it.
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];
