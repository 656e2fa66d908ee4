// The local gateway with development credentials (signing key + JWKS, API key, unthrottled usage plan), for the
// contract suite's targets: the handler is built once the port is known, because it fetches the JWKS from this gateway.
import type { AddressInfo } from 'node:net';
import { declaredScopes } from '../../apiGateway/declaredScopes.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import {
  createApiKey,
  createSigningKey,
  issueDevToken,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  publicJwks,
} from '../../local/devAuth.js';
import { createGateway, type ProxyHandler } from '../../local/gateway/gateway.js';
import { createUsagePlan } from '../../local/gateway/usagePlan.js';
import type { Config } from '../../src/config.js';
import type { ProxyEvent } from '../../src/lambda/proxyAdapter.js';
import type { Credentials, TokenForScopes } from '../contract/credentials.js';

export interface DevAuthGateway {
  baseUrl: string;
  /** A token with every scope the spec defines, and the API key. */
  credentials: Credentials;
  /** The id API Gateway would put in requestContext for that key. */
  apiKeyId: string;
  tokenForScopes: TokenForScopes;
  stop(): Promise<void>;
}

/** Every scope the spec's OAuth 2 schemes define. */
const specScopes = () => Object.keys(declaredScopes(spec));

/** `authEnv` are the AUTH_* settings that make the Lambda trust this gateway's JWKS; `buildHandler` gets them. */
export async function startDevAuthGateway(
  buildHandler: (authEnv: Record<string, string>) => ProxyHandler,
  corsAllowedOrigins: Config['corsAllowedOrigins'] = ['*'],
): Promise<DevAuthGateway> {
  const signingKey = await createSigningKey();
  const apiKey = await createApiKey();
  let handler: ProxyHandler | undefined;
  const server = createGateway({
    handler: (event: ProxyEvent, context) => (handler as ProxyHandler)(event, context),
    maxPayloadBytes: 6 * 1024 * 1024,
    corsAllowedOrigins,
    apiKeys: {
      keys: new Map([[apiKey.value, apiKey.id]]),
      usagePlan: createUsagePlan({ rateLimit: 100_000, burstLimit: 100_000, quotaPerDay: 10_000_000 }),
    },
    jwks: publicJwks(signingKey),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  handler = buildHandler({
    AUTH_ISSUER: LOCAL_ISSUER,
    AUTH_CLIENT_IDS: LOCAL_CLIENT_ID,
    AUTH_JWKS_URL: `${baseUrl}/.well-known/jwks.json`,
  });
  return {
    baseUrl,
    credentials: { token: await issueDevToken(signingKey, { scopes: specScopes() }), apiKey: apiKey.value },
    apiKeyId: apiKey.id,
    tokenForScopes: (scopes) => issueDevToken(signingKey, { scopes }),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
