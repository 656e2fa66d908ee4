// Derives src/operations/index.ts, the operation registry, from the spec: nothing per operation is listed by hand.
// Each operationId's handler comes from src/operations/<operationId>.ts (a missing one fails the typecheck).
import { type Document, OpenAPIRouter } from 'openapi-backend';
import { isBearerScheme } from '../config/openapi.js';

/** The generated file, relative to the repository's root. */
export const OPERATION_INDEX = 'src/operations/index.ts';

type Requirement = Record<string, string[]>;

/** The spec's operationIds, in its order (openapi-backend's router lists them as it routes them). */
export function operationIdsOf(spec: object): string[] {
  return new OpenAPIRouter({ definition: spec as Document }).getOperations().map(({ operationId, method, path }) => {
    if (operationId === undefined) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
    return operationId;
  });
}

/** Operations each of whose security requirements names a bearer scheme: their handlers always get the caller. */
function authenticatedOperationIds(spec: Document): string[] {
  const schemes = (spec.components?.securitySchemes ?? {}) as Record<string, { type?: string; scheme?: string }>;
  const bearer = new Set(Object.keys(schemes).filter((name) => isBearerScheme(schemes[name] ?? {})));
  return new OpenAPIRouter({ definition: spec })
    .getOperations()
    .filter(({ security }) => {
      const requirements = (security ?? []) as Requirement[];
      return requirements.length > 0 && requirements.every((r) => Object.keys(r).some((name) => bearer.has(name)));
    })
    .map(({ operationId }) => operationId as string);
}

const union = (ids: readonly string[]) => (ids.length === 0 ? 'never' : ids.map((id) => `'${id}'`).join(' | '));

/** The text of src/operations/index.ts, formatted as Biome formats it. */
export function generateOperationIndex(spec: object, banner: string): string {
  const ids = operationIdsOf(spec);
  const modules = [...ids, 'types'].sort((a, b) => a.localeCompare(b, 'en'));
  const imports = modules.map((name) =>
    name === 'types'
      ? "import type { OperationHandlers } from './types.js';"
      : `import { ${name} } from './${name}.js';`,
  );
  const authenticated = union(authenticatedOperationIds(spec as Document));
  const line = `export type AuthenticatedOperation = ${authenticated};`;
  return [
    "// The operation registry: each operationId's handler, from src/operations/<operationId>.ts, and which have a caller.",
    `// ${banner}`,
    ...imports,
    '',
    'export const operationHandlers: OperationHandlers = {',
    ...ids.map((id) => `  ${id},`),
    '};',
    '',
    '/** The operations each of whose security requirements names a bearer scheme: their handlers always get a caller. */',
    // Biome breaks a union that does not fit on one line into one member per line.
    line.length <= 120
      ? line
      : `export type AuthenticatedOperation =\n  | ${authenticated.split(' | ').join('\n  | ')};`,
    '',
  ].join('\n');
}
