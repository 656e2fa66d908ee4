// The dev runner's own settings (`npm start`): where it listens, where it keeps data, the gateway's limits.
// The Lambda's settings are src/config.ts's, read the same way (bounded, named in the message when wrong).
import { API_GATEWAY_INTEGRATION_TIMEOUT_MS } from '../config/timeBudget.js';
import { type Env, integer } from '../src/config.js';

/** Lambda's synchronous invocation payload limit: the largest request API Gateway can hand the function. */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

export interface LocalConfig {
  readonly host: string;
  /** 0: any free port (the address is printed, and the Lambda's JWKS URL follows it). */
  readonly port: number;
  /** Where DynamoDB Local, the local S3 and the dev credentials keep their data between runs (git-ignored). */
  readonly dataDir: string;
  /** Largest request the local gateway passes to the handler, like Lambda's 6 MB invocation limit. */
  readonly maxPayloadBytes: number;
  /** Like API Gateway's integration timeout: a handler that runs longer gets the INTEGRATION_TIMEOUT response. */
  readonly integrationTimeoutMs: number;
}

export function loadLocalConfig(env: Env = process.env): LocalConfig {
  return Object.freeze({
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir: env.DATA_DIR ?? '.data',
    maxPayloadBytes: LAMBDA_PAYLOAD_LIMIT_BYTES,
    integrationTimeoutMs: integer(
      env,
      'INTEGRATION_TIMEOUT_MS',
      API_GATEWAY_INTEGRATION_TIMEOUT_MS,
      50,
      API_GATEWAY_INTEGRATION_TIMEOUT_MS,
    ),
  });
}
