// The document the local gateway interprets: the one the stack imports, with local values for two parts.
// The integration is the handler in this process, and the user pool is the dev JWKS.

import { type OpenApiDocument, toApiGatewaySpec } from '../../apiGateway/apiGatewaySpec.js';
import { gatewayAllowOrigin } from '../../apiGateway/gatewayResponses.js';
import generatedSpec from '../../generated/openapi.json' with { type: 'json' };

export const LOCAL_USER_POOL_ARN = 'arn:aws:cognito-idp:local:000000000000:userpool/local';
export const LOCAL_INTEGRATION_URI = 'local:handler';

/** `spec`: the bundled spec (generated/openapi.json as built, unless `npm start` reloaded a newer one). */
export function localGatewayDocument(
  corsAllowedOrigins: readonly string[],
  spec: OpenApiDocument = generatedSpec as unknown as OpenApiDocument,
): OpenApiDocument {
  return toApiGatewaySpec(spec, {
    integrationUri: LOCAL_INTEGRATION_URI,
    userPoolArn: LOCAL_USER_POOL_ARN,
    gatewayResponses: { allowOrigin: gatewayAllowOrigin(corsAllowedOrigins) },
    caching: false,
  });
}
