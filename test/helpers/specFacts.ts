// What the tests read from the bundled spec instead of listing it: its operations, their scopes, the declared scopes.
import { type Document, OpenAPIRouter } from 'openapi-backend';
import { declaredScopes } from '../../apiGateway/declaredScopes.js';
import { isBearerScheme } from '../../config/openapi.js';
import bundled from '../../generated/openapi.json' with { type: 'json' };

export const spec = bundled as unknown as Document;

/** Every operation, as openapi-backend's router lists it (path, method, operationId, security with the global default). */
export const operations = new OpenAPIRouter({ definition: structuredClone(spec) }).getOperations();
export type SpecOperation = (typeof operations)[number];

/** Every scope the spec's OAuth 2 schemes declare. */
export const allScopes = Object.keys(declaredScopes(spec as never));

const schemes = (spec.components?.securitySchemes ?? {}) as Record<string, { type?: string; scheme?: string }>;
const bearerSchemes = Object.keys(schemes).filter((name) => isBearerScheme(schemes[name] ?? {}));

/** The scopes the operation asks its bearer scheme for: API Gateway's authorizer lets a token with any one in. */
export const scopesOf = (op: SpecOperation): string[] =>
  (op.security ?? []).flatMap((requirement) => bearerSchemes.flatMap((name) => requirement[name] ?? []));

export const isSecured = (op: SpecOperation) => (op.security ?? []).length > 0;
