// `npm start`: DynamoDB Local (or DYNAMODB_ENDPOINT), the users table, and the local gateway on http://127.0.0.1:3000.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { stages } from '../../config/stages.js';
import { ConfigError, loadConfig, loadLocalConfig } from '../config.js';
import { createAvatarEventHandler, createHandler } from '../handler.js';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, loadOrCreateApiKey, loadOrCreateSigningKey, publicJwks } from './devAuth.js';
import { type DynamoDbLocal, JavaMissingError, startDynamoDbLocal } from './dynamoDbLocal.js';
import { ensureTable } from './ensureTable.js';
import { createGateway } from './gateway.js';
import { type S3Local, startS3Local } from './s3Local.js';
import { createUsagePlan } from './usagePlan.js';

const LOCAL_AVATAR_BUCKET = 'users-api-avatars';

async function main() {
  const local = loadLocalConfig();
  let dynamo: DynamoDbLocal | undefined;
  // Tokens are verified in the Lambda exactly as in AWS, against the JWKS this gateway publishes (unless AUTH_* is set).
  let config = loadConfig({
    VALIDATE_RESPONSES: 'true',
    AUTH_ISSUER: LOCAL_ISSUER,
    AUTH_CLIENT_IDS: LOCAL_CLIENT_ID,
    AUTH_JWKS_URL: `http://127.0.0.1:${local.port}/.well-known/jwks.json`,
    ...process.env,
  });
  const signingKey = await loadOrCreateSigningKey(local.dataDir);
  const apiKey = await loadOrCreateApiKey(local.dataDir);
  if (config.dynamoEndpoint === undefined) {
    dynamo = await startDynamoDbLocal({ dataDir: `${local.dataDir}/dynamodb` });
    config = { ...config, dynamoEndpoint: dynamo.endpoint };
    console.log(`DynamoDB Local on ${dynamo.endpoint} (data in ${local.dataDir}/dynamodb)`);
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
        recordUploads ??= createAvatarEventHandler(config);
        recordUploads(event).catch((error: unknown) => console.error('Recording an avatar upload failed:', error));
      },
    });
    config = { ...config, avatars: { ...config.avatars, bucket, s3Endpoint: s3.endpoint } };
    console.log(`S3 (s3rver) on ${s3.endpoint}, bucket ${bucket} (data in ${local.dataDir}/s3)`);
  }
  const client = new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  console.log(`Table ${config.tableName}: ${await ensureTable(client, config.tableName)}`);
  client.destroy();

  const server = createGateway({
    handler: createHandler(config),
    maxPayloadBytes: local.maxPayloadBytes,
    corsAllowedOrigins: config.corsAllowedOrigins,
    log: console.log,
    apiKeys: { keys: new Map([[apiKey.value, apiKey.id]]), usagePlan: createUsagePlan(stages.local.usagePlan) },
    jwks: publicJwks(signingKey),
  });
  server.listen(local.port, local.host, () => {
    const { rateLimit, burstLimit, quotaPerDay } = stages.local.usagePlan;
    console.log(
      `Dev API key (x-api-key): ${apiKey.value}  (usage plan: ${rateLimit}/s, burst ${burstLimit}, ${quotaPerDay}/day)`,
    );
    console.log('Dev token: npm run -s token -- --scope users:read,users:write,users:admin');
    console.log(`Users API on http://${local.host}:${local.port}  (docs: /docs, spec: /openapi.json)`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    await dynamo?.stop();
    await s3?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof JavaMissingError) console.error(error.message);
  else console.error('Failed to start:', error);
  process.exit(1);
});
