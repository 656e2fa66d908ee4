// `npm start`: DynamoDB Local (or DYNAMODB_ENDPOINT), the users table, and the local gateway on http://127.0.0.1:3000.
import { stages } from '../config/stages.js';
import { requestBudgetMs } from '../config/timeBudget.js';
import { type Config, ConfigError, loadConfig, timeoutsOf } from '../src/config.js';
import { createHandler } from '../src/lambda/createHandler.js';
import { createAvatarEventHandler } from '../src/lambda/defaultApi.js';
import { createDynamoClient } from '../src/repository/dynamoClient.js';
import { isTransientDynamoError } from '../src/repository/dynamoErrors.js';
import { loadOrCreateApiKey, loadOrCreateSigningKey } from './devAuth.js';
import { startDevGateway } from './devGateway.js';
import { loadLocalConfig } from './localConfig.js';
import { JavaMissingError } from './services/dynamoDbLocal.js';
import { type SupervisedDynamoDb, superviseDynamoDbLocal } from './services/dynamoDbSupervisor.js';
import { ensureTable } from './services/ensureTable.js';
import { withRetries } from './services/notificationRetry.js';
import { type S3Local, startS3Local } from './services/s3Local.js';

const LOCAL_AVATAR_BUCKET = 'users-api-avatars';

/** A service `npm start` depends on did not answer: say which, where, and how long it was given. */
class DependencyError extends Error {}

/** The users table through the same client (timeouts, deadline) the API uses: a dead endpoint fails in seconds. */
async function prepareTable(config: Config): Promise<string> {
  const client = createDynamoClient(config);
  try {
    return await ensureTable(client, config.tableName);
  } catch (error) {
    if (!isTransientDynamoError(error)) throw error;
    throw new DependencyError(
      `DynamoDB at ${config.dynamoEndpoint} did not answer (${error instanceof Error ? error.name : 'error'}; ` +
        `connect ${config.dynamoConnectTimeoutMs} ms, request ${config.dynamoRequestTimeoutMs} ms, ` +
        `${config.dynamoMaxAttempts} attempts). Check DYNAMODB_ENDPOINT, or unset it to start DynamoDB Local.`,
    );
  } finally {
    client.destroy();
  }
}

/** A JWKS other than the one this gateway publishes must answer within its timeout before the API starts. */
async function checkJwks(url: string, timeoutMs: number): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
  if (res?.ok !== true) {
    throw new DependencyError(
      `The JWKS at ${url} did not answer 200 within ${timeoutMs} ms (AUTH_JWKS_URL, AUTH_JWKS_TIMEOUT_MS).`,
    );
  }
}

async function main() {
  const local = loadLocalConfig();
  // The user's own settings win over the dev defaults; the AUTH_* ones come with the gateway's address, below.
  const env = { VALIDATE_RESPONSES: 'true', ...process.env };
  let config = loadConfig(env);
  let dynamo: SupervisedDynamoDb | undefined;
  const signingKey = await loadOrCreateSigningKey(local.dataDir);
  const apiKey = await loadOrCreateApiKey(local.dataDir);
  if (config.dynamoEndpoint === undefined) {
    dynamo = await superviseDynamoDbLocal({
      dataDir: `${local.dataDir}/dynamodb`,
      log: console.log,
      giveUp: (message) => {
        console.error(message);
        process.exit(1);
      },
    });
    config = { ...config, dynamoEndpoint: dynamo.endpoint };
    console.log(`DynamoDB Local on ${dynamo.endpoint} (pid ${dynamo.pid()}, data in ${local.dataDir}/dynamodb)`);
  }
  let s3: S3Local | undefined;
  if (config.avatars.s3Endpoint === undefined) {
    const bucket = config.avatars.bucket ?? LOCAL_AVATAR_BUCKET;
    let recordUploads: ReturnType<typeof createAvatarEventHandler> | undefined;
    // S3 notifies the Lambda of each upload; here s3rver's events call the same code in process.
    s3 = await startS3Local({
      bucket,
      dataDir: `${local.dataDir}/s3`,
      corsAllowedOrigins: config.corsAllowedOrigins,
      onObjectCreated: (event) => {
        recordUploads ??= withRetries(createAvatarEventHandler(config), {
          deadLetterFile: `${local.dataDir}/failed-upload-notifications.jsonl`,
        });
        void recordUploads(event);
      },
    });
    config = { ...config, avatars: { ...config.avatars, bucket, s3Endpoint: s3.endpoint } };
    console.log(`S3 (s3rver) on ${s3.endpoint}, bucket ${bucket} (data in ${local.dataDir}/s3)`);
  }
  console.log(`Table ${config.tableName}: ${await prepareTable(config)}`);
  const budgetMs = requestBudgetMs(timeoutsOf(config));
  console.log(
    `Time budget per request: ${budgetMs} ms; the gateway's integration timeout: ${local.integrationTimeoutMs} ms`,
  );
  if (budgetMs >= local.integrationTimeoutMs) {
    console.warn('Warning: a hung dependency will hit the integration timeout (504) before the API answers 503.');
  }

  const gateway = await startDevGateway({
    host: local.host,
    port: local.port,
    signingKey,
    apiKey,
    usagePlan: stages.local.usagePlan,
    corsAllowedOrigins: config.corsAllowedOrigins,
    maxPayloadBytes: local.maxPayloadBytes,
    integrationTimeoutMs: local.integrationTimeoutMs,
    log: console.log,
    // The gateway's Cognito authorizer verifies tokens against the JWKS it publishes and hands the Lambda the claims,
    // as in AWS; the Lambda's AUTH_* are those the stack gives it, used only when it is called without the gateway.
    handler: async (authEnv) => {
      config = { ...config, auth: loadConfig({ ...authEnv, ...env }).auth };
      const { jwksUrl, jwksTimeoutMs } = config.auth;
      if (jwksUrl !== undefined && jwksUrl !== authEnv.AUTH_JWKS_URL) await checkJwks(jwksUrl, jwksTimeoutMs);
      return createHandler(config);
    },
  });
  const { rateLimit, burstLimit, quotaPerDay } = stages.local.usagePlan;
  console.log(
    `Dev API key (x-api-key): ${apiKey.value}  (usage plan: ${rateLimit}/s, burst ${burstLimit}, ${quotaPerDay}/day)`,
  );
  console.log(`Dev token: npm run -s token -- --scope ${gateway.scopes.join(',')}`);
  console.log(`Users API on ${gateway.baseUrl}  (docs: /docs, spec: /openapi.json)`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await gateway.stop();
    await dynamo?.stop();
    await s3?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof JavaMissingError || error instanceof DependencyError) {
    console.error(error.message);
  } else console.error('Failed to start:', error);
  process.exit(1);
});
