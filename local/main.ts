// `npm start`: the local gateway, the handler that reloads on a change, and the services it runs on.
// DynamoDB Local (or DYNAMODB_ENDPOINT), the users table, the local S3 and the gateway on http://127.0.0.1:3000; the
// handler runs in a worker that reloads on a change of the spec or the code (reload/).
// `npm start -- --memory` (npm run start:memory): the same gateway and handler on the in-memory adapters, no Java,
// no data written, seeded with the spec's example users.
import { readFileSync } from 'node:fs';
import type { OpenApiDocument } from '../apiGateway/apiGatewaySpec.js';
import { stages } from '../config/stages.js';
import { requestBudgetMs } from '../config/timeBudget.js';
import { type Config, ConfigError, loadConfig, timeoutsOf } from '../src/config.js';
import type { ObjectCreatedEvent } from '../src/operations/recordAvatarUploads.js';
import {
  createApiKey,
  createSigningKey,
  issueDevToken,
  loadOrCreateApiKey,
  loadOrCreateSigningKey,
  readApiKey,
  readSigningKey,
} from './devAuth.js';
import { startDevGateway } from './devGateway.js';
import { type LocalConfig, loadLocalConfig } from './localConfig.js';
import { exampleUsers, seededState } from './memory/memoryState.js';
import { rebuildDocs, startDevLoop } from './reload/devLoop.js';
import { startGenerator } from './reload/generator.js';
import { createHandlerBuilder, type HandlerBuild, type HandlerBuilder } from './reload/handlerBuild.js';
import { startHandlerWorker } from './reload/handlerWorkers.js';
import { createReloadableHandler, type ReloadableHandler } from './reload/reloadableHandler.js';
import { startTypeChecker } from './reload/typecheck.js';
import { freePort, JavaMissingError } from './services/dynamoDbLocal.js';
import type { SupervisedDynamoDb } from './services/dynamoDbSupervisor.js';
import { withRetries } from './services/notificationRetry.js';
import type { S3Local } from './services/s3Local.js';
import { DependencyError } from './startupErrors.js';

const LOCAL_AVATAR_BUCKET = 'users-api-avatars';

/** A JWKS other than the one this gateway publishes must answer within its timeout before the API starts. */
async function checkJwks(url: string, timeoutMs: number): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
  if (res?.ok !== true) {
    throw new DependencyError(
      `The JWKS at ${url} did not answer 200 within ${timeoutMs} ms (AUTH_JWKS_URL, AUTH_JWKS_TIMEOUT_MS).`,
    );
  }
}

/** Memory mode writes no credentials: the ones `npm start` saved, if any, otherwise new ones for this run. */
async function credentials(local: LocalConfig, memory: boolean) {
  if (!memory) {
    return {
      signingKey: await loadOrCreateSigningKey(local.dataDir),
      apiKey: await loadOrCreateApiKey(local.dataDir),
      saved: true,
    };
  }
  const signingKey = readSigningKey(local.dataDir);
  const apiKey = readApiKey(local.dataDir);
  return {
    signingKey: signingKey ?? (await createSigningKey()),
    apiKey: apiKey ?? (await createApiKey()),
    saved: signingKey !== undefined,
  };
}

type Building = Promise<{ builder: HandlerBuilder; build: HandlerBuild }>;

async function main() {
  const started = performance.now();
  const memory = process.argv.includes('--memory');
  const local = loadLocalConfig();
  // The user's own settings win over the dev defaults; the AUTH_* ones come with the gateway's address, below.
  const env = { VALIDATE_RESPONSES: 'true', ...process.env };
  const config = loadConfig(env);
  // esbuild works in a process of its own: the first build runs while the services start.
  const building: Building = createHandlerBuilder().then(async (builder) => ({
    builder,
    build: await builder.build(),
  }));
  building.catch(() => undefined); // awaited below, where a failure stops the start
  try {
    await start({ started, memory, local, env, config, building });
  } catch (error) {
    // A start that fails stops esbuild first: its service, left building at exit, prints a Go panic.
    await building.then(({ builder }) => builder.dispose()).catch(() => undefined);
    throw error;
  }
}

async function start(options: {
  started: number;
  memory: boolean;
  local: LocalConfig;
  env: Record<string, string | undefined>;
  config: Config;
  building: Building;
}) {
  const { started, memory, local, env, building } = options;
  let config = options.config;
  let dynamo: SupervisedDynamoDb | undefined;
  const { signingKey, apiKey, saved } = await credentials(local, memory);
  // S3 notifies the Lambda of each upload: here the local S3's events go to the handler's worker, retried as AWS's
  // asynchronous invocation is and then kept in a dead-letter file (memory mode, which writes no data, logs it).
  let handler: ReloadableHandler | undefined;
  const notify = (event: ObjectCreatedEvent) =>
    handler === undefined ? Promise.reject(new Error('the handler is not built yet')) : handler.notify(event);
  const recordUploads = memory
    ? (event: ObjectCreatedEvent) =>
        notify(event).catch((error: unknown) => console.error('Recording an avatar upload failed:', error))
    : withRetries(notify, { deadLetterFile: `${local.dataDir}/failed-upload-notifications.jsonl` });
  const onObjectCreated = (event: ObjectCreatedEvent) => {
    void recordUploads(event);
  };
  // The local S3 loads and starts while the handler's worker loads (its port is chosen first, for the handler's config).
  let s3: Promise<S3Local | undefined> = Promise.resolve(undefined);
  if (memory || config.avatars.s3Endpoint === undefined) {
    const bucket = config.avatars.bucket ?? LOCAL_AVATAR_BUCKET;
    const port = await freePort();
    config = { ...config, avatars: { ...config.avatars, bucket, s3Endpoint: `http://127.0.0.1:${port}` } };
    s3 = import('./services/s3Local.js').then(async ({ startS3Local }) => {
      const started = await startS3Local({
        bucket,
        port,
        ...(memory ? { inMemory: true } : { dataDir: `${local.dataDir}/s3` }),
        corsAllowedOrigins: config.corsAllowedOrigins,
        onObjectCreated,
      });
      console.log(
        `S3 (s3rver) on ${started.endpoint}, bucket ${bucket} (${memory ? 'in memory' : `data in ${local.dataDir}/s3`})`,
      );
      return started;
    });
    s3.catch(() => undefined); // awaited below, where a failure stops the start
  }
  if (!memory) {
    const { startDevDynamo } = await import('./services/devDynamo.js');
    ({ config, dynamo } = await startDevDynamo(config, local.dataDir));
  }
  const budgetMs = requestBudgetMs(timeoutsOf(config));
  if (!memory) {
    console.log(
      `Time budget per request: ${budgetMs} ms; the gateway's integration timeout: ${local.integrationTimeoutMs} ms`,
    );
  }
  if (budgetMs >= local.integrationTimeoutMs) {
    console.warn('Warning: a hung dependency will hit the integration timeout (504) before the API answers 503.');
  }

  const spec = JSON.parse(
    readFileSync(new URL('../generated/openapi.json', import.meta.url), 'utf8'),
  ) as OpenApiDocument;
  const seeds = memory ? exampleUsers(spec as never) : [];
  const { builder, build } = await building;
  const gateway = await startDevGateway({
    host: local.host,
    port: local.port,
    signingKey,
    apiKey,
    spec,
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
      const first = await startHandlerWorker(build.entry, {
        config,
        ...(memory ? { memory: seededState(seeds) } : {}),
      });
      handler = createReloadableHandler(first, {
        carryData: memory,
        retireAfterMs: local.integrationTimeoutMs,
      });
      return handler.invoke;
    },
  });
  const localS3 = await s3;
  const ready = performance.now() - started;
  const { rateLimit, burstLimit, quotaPerDay } = stages.local.usagePlan;
  const scopes = gateway.scopes.join(',');
  console.log(
    `Dev API key (x-api-key): ${apiKey.value}  (usage plan: ${rateLimit}/s, burst ${burstLimit}, ${quotaPerDay}/day)`,
  );
  if (saved) console.log(`Dev token: TOKEN=$(npm run -s token -- --scope ${scopes})`);
  else {
    // No saved signing key, and memory mode makes none: a token of this run's key, valid for 12 hours.
    const token = await issueDevToken(signingKey, { scopes: gateway.scopes, ttlSeconds: 12 * 3600 });
    console.log(`Dev token (all scopes, 12 h; \`npm start\` once saves a key for \`npm run token\`): TOKEN=${token}`);
  }
  if (memory) console.log(`In memory: ${seeds.length} example users from the spec; no data is written to disk`);
  console.log(`Users API on ${gateway.baseUrl}  (docs: /docs, spec: /openapi.json; ready in ${Math.round(ready)} ms)`);

  const typeChecker = startTypeChecker();
  const generator = startGenerator();
  // The first check and the generator's modules load in the background: the first reload then costs what the next do.
  const warming = performance.now();
  Promise.all([typeChecker.check(build.sources), generator.warm()]).then(
    ([errors]) => {
      // esbuild does not type-check: what started may have type errors, which the next reload will refuse.
      if (errors.length > 0) console.warn(`Type errors in the handler's code as started:\n${errors.join('\n')}`);
      console.log(`Reload ready: the type check and generate are warm (${Math.round(performance.now() - warming)} ms)`);
    },
    (error: unknown) => console.error('The reload could not warm up:', error),
  );
  const loop = startDevLoop({
    generator,
    builder,
    typeChecker,
    startWorker: (entry) => startHandlerWorker(entry, { config, ...(memory ? { memory: seededState([]) } : {}) }),
    swap: (next) => (handler as ReloadableHandler).swap(next),
    useSpec: (next) => gateway.useSpec(next),
    log: console.log,
  });
  console.log(`Watching openapi/ and the handler's code: a saved change reloads (Ctrl-C stops)`);
  // `npm start` builds the docs before it starts (prestart); memory mode, started to answer at once, after.
  if (memory) rebuildDocs(console.log);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    loop.stop();
    await gateway.stop();
    await handler?.stop();
    await typeChecker.stop();
    await generator.stop();
    await builder.dispose();
    await dynamo?.stop();
    await localS3?.stop();
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
