// The part of jose the verifier uses, as one module to import on demand.
// `await import('jose')` itself would put the whole library in the on-demand chunk (an import() namespace cannot be
// tree-shaken); this keeps it to what is used.
export { createRemoteJWKSet, errors, jwtVerify } from 'jose';
