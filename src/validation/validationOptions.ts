// How openapi-backend validates requests: `npm run generate` compiles its validators with these, the Lambda runs them.
export const validationOptions = {
  /** Path and query values converted to the spec's types before the operation sees them. */
  coerceTypes: true,
  /** Every invalid field reported at once, and the spec's defaults filled in. */
  ajvOpts: { allErrors: true, useDefaults: true },
} as const;
