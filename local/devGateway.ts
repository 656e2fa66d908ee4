// The local gateway with development credentials in front of a Lambda handler, for `npm start`, tests and bench.
// The handler is built once the gateway listens, because it fetches the JWKS from it as from Cognito.
import type { AddressInfo } from 'node:net';
import type { OpenApiDocument } from '../apiGateway/apiGatewaySpec.js';
import { declaredScopes } from '../apiGateway/declaredScopes.js';
import type { UsagePlanSettings } from '../config/stages.js';
import generatedSpec from '../generated/openapi.json' with { type: 'json' };
import {
  createApiKey,
  createSigningKey,
  type DevApiKey,
  type DevTokenOptions,
  devAuthEnv,
  issueDevToken,
  publicJwks,
  type SigningKey,
} from './devAuth.js';
import { createGateway, type ProxyHandler } from './gateway/gateway.js';
import { createUsagePlan } from './gateway/usagePlan.js';
import { LAMBDA_PAYLOAD_LIMIT_BYTES } from './localConfig.js';

/** The AUTH_* settings that make the Lambda trust this gateway's tokens (devAuthEnv). */
export type DevAuthEnv = ReturnType<typeof devAuthEnv>;

export interface DevGatewayOptions {
  /** The Lambda handler, built once the gateway listens; merge `authEnv` into its settings so it trusts the JWKS. */
  readonly handler: (authEnv: DevAuthEnv) => ProxyHandler | Promise<ProxyHandler>;
  /** Signs the dev tokens; its public half is the JWKS the gateway publishes (the user pool's keys). A new one if unset. */
  readonly signingKey?: SigningKey;
  /** The one API key the gateway knows, on `usagePlan`. A new one if unset. */
  readonly apiKey?: DevApiKey;
  readonly usagePlan: UsagePlanSettings;
  /** The stage's CORS origins (the gateway responses carry them). */
  readonly corsAllowedOrigins: readonly string[];
  readonly host?: string;
  /** 0 (the default): a free port. */
  readonly port?: number;
  readonly maxPayloadBytes?: number;
  readonly integrationTimeoutMs?: number;
  /** One line per request; none by default. */
  readonly log?: (line: string) => void;
  /** The bundled spec the gateway enforces; generated/openapi.json as built when unset. */
  readonly spec?: OpenApiDocument;
}

export interface DevGateway {
  /** Where clients call it, e.g. http://127.0.0.1:3000. */
  readonly baseUrl: string;
  readonly apiKey: DevApiKey;
  /** Every scope the spec declares: what a token gets unless told otherwise. */
  readonly scopes: readonly string[];
  /** Enforces a new bundled spec from the next request on (npm start's reload); the handler is swapped apart. */
  useSpec(spec: OpenApiDocument): void;
  /** A dev access token (every declared scope unless `scopes` is given), as Cognito would issue one. */
  token(options?: Partial<DevTokenOptions>): Promise<string>;
  /** `authorization` and `x-api-key` headers of an authorized client. */
  authHeaders(options?: Partial<DevTokenOptions>): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

const listening = (server: ReturnType<typeof createGateway>, port: number, host: string) =>
  new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });

export async function startDevGateway(options: DevGatewayOptions): Promise<DevGateway> {
  const { host = '127.0.0.1' } = options;
  const signingKey = options.signingKey ?? (await createSigningKey());
  const apiKey = options.apiKey ?? (await createApiKey());
  let spec = options.spec ?? (generatedSpec as unknown as OpenApiDocument);
  let handler: Promise<ProxyHandler> | undefined;
  const server = createGateway({
    // A request that arrives while the handler is still being built waits for it.
    handler: async (event, context) => (await (handler as Promise<ProxyHandler>))(event, context),
    maxPayloadBytes: options.maxPayloadBytes ?? LAMBDA_PAYLOAD_LIMIT_BYTES,
    corsAllowedOrigins: options.corsAllowedOrigins,
    apiKeys: { keys: new Map([[apiKey.value, apiKey.id]]), usagePlan: createUsagePlan(options.usagePlan) },
    jwks: publicJwks(signingKey),
    spec,
    ...(options.integrationTimeoutMs === undefined ? {} : { integrationTimeoutMs: options.integrationTimeoutMs }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const { port } = await listening(server, options.port ?? 0, host);
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  // The Lambda fetches the keys over loopback, whichever address clients use.
  handler = Promise.resolve().then(() => options.handler(devAuthEnv(`http://127.0.0.1:${port}`)));
  try {
    await handler;
  } catch (error) {
    await stop();
    throw error;
  }
  const scopesOf = () => Object.keys(declaredScopes(spec));
  const token = (tokenOptions: Partial<DevTokenOptions> = {}) =>
    issueDevToken(signingKey, { scopes: scopesOf(), ...tokenOptions });
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    apiKey,
    get scopes() {
      return scopesOf();
    },
    useSpec: (next) => {
      spec = next;
      server.useSpec(next);
    },
    token,
    authHeaders: async (tokenOptions) => ({
      authorization: `Bearer ${await token(tokenOptions)}`,
      'x-api-key': apiKey.value,
    }),
    stop,
  };
}
