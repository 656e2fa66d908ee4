// openapi-backend as the pipeline's engine: the router, security step and validator the steps call, set up once.
// Its validator runs the request validators `npm run generate` compiled; the order of the steps is src/api.ts's.
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { refuseToCompile, usePrecompiledValidators } from '../validation/precompiledValidators.js';
import { validationOptions } from '../validation/validationOptions.js';

/** The OpenAPIBackend the steps call into, once its precompiled validators are in place. */
export type Engine = OpenAPIBackend;

/**
 * Strict and in quick mode on the given (slim, runtime) spec; `customizeAjv` refuses to compile, so an operation
 * without a precompiled validator fails closed instead of compiling one at run time.
 */
export async function createEngine(definition: Document, securityHandlers: Record<string, unknown>): Promise<Engine> {
  const backend = new OpenAPIBackend({
    definition,
    strict: true,
    quick: true,
    ...validationOptions,
    customizeAjv: refuseToCompile,
    securityHandlers: securityHandlers as never,
  });
  await backend.init();
  usePrecompiledValidators(backend);
  return backend;
}
