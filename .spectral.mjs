// The OWASP API Security ruleset for Spectral over the bundled spec (`npm run lint:security`). Every rule turned off
// or narrowed below says why; all run offline (the ruleset is an installed package, no remote extends).
import owasp from '@stoplight/spectral-owasp-ruleset';

const hello = 'generated/openapi.json#/paths/~1hello';

export default {
  extends: [[owasp, 'all']],
  rules: {
    // API Gateway's REST import refuses int32/int64 formats (openapi/plugins/api-gateway.js enforces it).
    'owasp:api4:2023-integer-format': 'off',
    // Neither API Gateway nor the Lambda sends RateLimit-* headers; the usage plan answers 429 with Retry-After.
    'owasp:api4:2023-rate-limit': 'off',
    // Access-Control-Allow-Origin is sent only to allowed origins' CORS requests (src/http/cors.ts), never on every response.
    'owasp:api8:2023-define-cors-origin': 'off',
    // The only servers listed are loopback development servers (npm start, npm run mock); deployed stages are HTTPS only.
    'owasp:api8:2023-no-server-http': 'off',
    // Free text (titles, details, messages) has no format or pattern to give; string-limit still bounds its length.
    'owasp:api4:2023-string-restricted': 'off',
  },
  overrides: [
    {
      files: [`${hello}/get`],
      rules: {
        // GET /hello is the public liveness check by design: no credentials, so no 401 and no usage plan (no 429).
        'owasp:api2:2023-read-restricted': 'off',
        'owasp:api8:2023-define-error-responses-401': 'off',
        'owasp:api4:2023-rate-limit-responses-429': 'off',
        // It takes no input, so nothing can fail validation (no 400 or 422).
        'owasp:api8:2023-define-error-validation': 'off',
      },
    },
    {
      files: ['generated/openapi.json#/components/securitySchemes/userPool/flows/clientCredentials'],
      // OAuth 2.0 issues no refresh token for client credentials (RFC 6749 4.4.3): the client asks for a new access token.
      rules: { 'owasp:api2:2023-short-lived-access-tokens': 'off' },
    },
    {
      files: ['generated/openapi.json#/components/schemas/Phone'],
      // The E.164 pattern already bounds it to 16 characters; a maxLength on a request field would read as a breaking change.
      rules: { 'owasp:api4:2023-string-limit': 'off' },
    },
  ],
};
