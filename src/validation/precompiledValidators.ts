// Hands openapi-backend the request validators `npm run generate` compiled from its own schemas (openapi-backend #297).
import type { ValidateFunction } from 'ajv';
import type { OpenAPIBackend } from 'openapi-backend';
import { requestValidators } from '../../generated/requestValidators/index.js';

/**
 * openapi-backend looks each operation's validators up in `validator.requestValidators` and compiles them only when
 * missing: filled here, it runs ours. `refuseToCompile` is its `customizeAjv`, so a missing one fails closed.
 */
export function usePrecompiledValidators(
  backend: OpenAPIBackend,
  compiled: Readonly<Record<string, readonly ValidateFunction[]>> = requestValidators,
): void {
  for (const operation of backend.getOperations()) {
    const validators = compiled[operation.operationId as string];
    if (validators === undefined) throw new Error(`no precompiled request validator for ${operation.operationId}`);
    backend.validator.requestValidators[operation.operationId as string] = [...validators];
  }
}

export const refuseToCompile = (): never => {
  throw new Error('request validators are compiled by `npm run generate`, never at run time');
};
