// `npm start`: the local gateway, the handler that reloads on a change, and the services it runs on.
// DynamoDB Local (or DYNAMODB_ENDPOINT), the users table, the local S3 and the gateway on http://127.0.0.1:3000; the
// handler runs in a worker that reloads on a change of the spec or the code (reload/).
// `npm start -- --memory` (npm run start:memory): the same gateway and handler on the in-memory adapters, no Java,
// no data written, seeded with the spec's example users.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenApiDocument } from '../apiGateway/apiGatewaySpec.js';
import { stages } from '../config/stages.js';
import { requestBudgetMs } from '../config/timeBudget.js';
import { type Config, ConfigError, loadConfig, timeoutsOf } from '../src/config.js';
import type { ObjectCreatedEvent } from '../src/operations/recordAvatarUploads.js';
import {
  createApiKey,
  createSigningKey,
  devAuthEnv,
  issueDevToken,
  loadOrCreateApiKey,
  loadOrCreateSigningKey,
  readApiKey,
  readSigningKey,
} from './devAuth.js';
import { type LocalConfig, loadLocalConfig } from './localConfig.js';
import { exampleUsers, seededState } from './memory/memoryState.js';
import { type DevLoop, rebuildDocs, startDevLoop } from './reload/devLoop.js';
import { type Generator, startGenerator } from './reload/generator.js';
import type { HandlerBuild, HandlerBuilder } from './reload/handlerBuild.js';
import { startHandlerWorker } from './reload/handlerWorkers.js';
import { createReloadableHandler, type ReloadableHandler } from './reload/reloadableHandler.js';
import { startTypeChecker, type TypeChecker } from './reload/typecheck.js';
import { root } from './root.js';
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

/** The handler as `local/start.mjs` prebuilt it, beside this module when it runs from that build; else none. */
function prebuiltHandler(): string | undefined {
  const entry = fileURLToPath(new URL('./handlerWorker.mjs', import.meta.url));
  return existsSync(entry) ? entry : undefined;
}

async function main() {
  const started = performance.now();
  const memory = process.argv.includes('--memory');
  const local = loadLocalConfig();
  // The user's own settings win over the dev defaults; the AUTH_* ones are the gateway's, its port chosen up front.
  const env = { VALIDATE_RESPONSES: 'true', ...process.env };
  let config = loadConfig(env);
  const port = local.port === 0 ? await freePort() : local.port;
  const authEnv = devAuthEnv(`http://127.0.0.1:${port}`);
  config = { ...config, auth: loadConfig({ ...authEnv, ...env }).auth };
  // The local S3's port too, for the handler's settings (the server starts below).
  const s3Bucket = config.avatars.bucket ?? LOCAL_AVATAR_BUCKET;
  const s3Port = memory || config.avatars.s3Endpoint === undefined ? await freePort() : undefined;
  if (s3Port !== undefined) {
    config = {
      ...config,
      avatars: { ...config.avatars, bucket: s3Bucket, s3Endpoint: `http://127.0.0.1:${s3Port}` },
    };
  }
  // esbuild works in a process of its own. Started from local/start.mjs the handler is prebuilt and the builder (for
  // the reloads) starts once the API answers; otherwise the first build runs while the services start.
  const prebuilt = prebuiltHandler();
  let building: Building | undefined;
  const startBuilding = () => {
    building ??= import('./reload/handlerBuild.js').then(async ({ createHandlerBuilder }) => {
      const builder = await createHandlerBuilder();
      return { builder, build: await builder.build() };
    });
    return building;
  };
  if (prebuilt === undefined) startBuilding().catch(() => undefined); // awaited below, where a failure stops the start
  try {
    await start({ started, memory, local, config, port, s3Port, s3Bucket, prebuilt, startBuilding });
  } catch (error) {
    // A start that fails stops esbuild first: its service, left building at exit, prints a Go panic.
    await building?.then(({ builder }) => builder.dispose()).catch(() => undefined);
    throw error;
  }
}

type Building = Promise<{ builder: HandlerBuilder; build: HandlerBuild }>;

async function start(options: {
  started: number;
  memory: boolean;
  local: LocalConfig;
  config: Config;
  port: number;
  s3Port: number | undefined;
  s3Bucket: string;
  prebuilt: string | undefined;
  startBuilding: () => Building;
}) {
  const { started, memory, local, port, s3Port, s3Bucket, prebuilt, startBuilding } = options;
  let config = options.config;
  let dynamo: SupervisedDynamoDb | undefined;
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
  // The local S3 (s3rver is large to load): alongside DynamoDB Local's JVM, or in memory mode once the API answered.
  const startS3 = async (): Promise<S3Local | undefined> => {
    if (s3Port === undefined) return undefined;
    const { startS3Local } = await import('./services/s3Local.js');
    const started = await startS3Local({
      bucket: s3Bucket,
      port: s3Port,
      ...(memory ? { inMemory: true } : { dataDir: `${local.dataDir}/s3` }),
      corsAllowedOrigins: config.corsAllowedOrigins,
      onObjectCreated,
    });
    console.log(
      `S3 (s3rver) on ${started.endpoint}, bucket ${s3Bucket} (${memory ? 'in memory' : `data in ${local.dataDir}/s3`})`,
    );
    return started;
  };
  const s3 = memory ? undefined : startS3();
  s3?.catch(() => undefined); // awaited below, where a failure stops the start
  if (!memory) {
    const { startDevDynamo } = await import('./services/devDynamo.js');
    ({ config, dynamo } = await startDevDynamo(config, local.dataDir));
  }
  const spec = JSON.parse(readFileSync(join(root, 'generated/openapi.json'), 'utf8')) as OpenApiDocument;
  const seeds = memory ? exampleUsers(spec as never) : [];
  // The handler's worker loads while this thread loads the gateway and the credentials.
  const workerConfig = config;
  /** A handler worker on `file`; in memory mode holding these users (the data lives in the worker). */
  const startWorker = (file: string, users: typeof seeds) =>
    startHandlerWorker(file, { config: workerConfig, ...(memory ? { memory: seededState(users) } : {}) });
  const entry = prebuilt === undefined ? startBuilding().then(({ build }) => build.entry) : Promise.resolve(prebuilt);
  const firstWorker = entry.then((file) => startWorker(file, seeds));
  firstWorker.catch(() => undefined); // awaited by the gateway, where a failure stops the start
  const { signingKey, apiKey, saved } = await credentials(local, memory);
  const budgetMs = requestBudgetMs(timeoutsOf(config));
  if (!memory) {
    console.log(
      `Time budget per request: ${budgetMs} ms; the gateway's integration timeout: ${local.integrationTimeoutMs} ms`,
    );
  }
  if (budgetMs >= local.integrationTimeoutMs) {
    console.warn('Warning: a hung dependency will hit the integration timeout (504) before the API answers 503.');
  }

  // Memory mode loads s3rver (a blocking load of its modules) once the first request is answered, or after a second.
  let firstAnswer = () => {};
  const answered = new Promise<void>((resolve) => {
    firstAnswer = resolve;
    setTimeout(resolve, 1000).unref();
  });
  const { startDevGateway } = await import('./devGateway.js');
  const gateway = await startDevGateway({
    host: local.host,
    port,
    signingKey,
    apiKey,
    spec,
    usagePlan: stages.local.usagePlan,
    corsAllowedOrigins: config.corsAllowedOrigins,
    maxPayloadBytes: local.maxPayloadBytes,
    integrationTimeoutMs: local.integrationTimeoutMs,
    log: (line) => {
      console.log(line);
      firstAnswer();
    },
    // The gateway's Cognito authorizer verifies tokens against the JWKS it publishes and hands the Lambda the claims,
    // as in AWS; the Lambda's AUTH_* are those the stack gives it, used only when it is called without the gateway.
    handler: async (authEnv) => {
      const { jwksUrl, jwksTimeoutMs } = config.auth;
      if (jwksUrl !== undefined && jwksUrl !== authEnv.AUTH_JWKS_URL) await checkJwks(jwksUrl, jwksTimeoutMs);
      handler = createReloadableHandler(await firstWorker, {
        carryData: memory,
        retireAfterMs: local.integrationTimeoutMs,
        // The code in service again; memory mode's data went with the worker, so it starts from the seeds again.
        restart: (crashed) => startWorker(crashed.entry, seeds),
        log: console.log,
      });
      return handler.invoke;
    },
  });
  const answering = performance.now() - started;
  const localS3 = await (s3 ?? answered.then(startS3));
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
  console.log(
    `Users API on ${gateway.baseUrl}  (docs: /docs, spec: /openapi.json; answering after ${Math.round(answering)} ms, ` +
      `ready in ${Math.round(ready)} ms)`,
  );

  // Ctrl-C from here on stops whatever of the reload's parts has started.
  let reloading: { loop: DevLoop; typeChecker: TypeChecker; generator: Generator } | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    reloading?.loop.stop();
    await gateway.stop();
    await handler?.stop();
    await reloading?.typeChecker.stop();
    await reloading?.generator.stop();
    await startBuilding()
      .then(({ builder }) => builder.dispose())
      .catch(() => undefined);
    await dynamo?.stop();
    await localS3?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // The reload's parts load after the start: the builder (unless the start built the handler), the first type check
  // and the generator's modules. The first reload then costs what the next do.
  const warming = performance.now();
  // The API answers already: a failing builder stops the reload, not the API. Ctrl-C in a terminal signals esbuild's
  // service too, and its end may be seen before the signal is: the signal gets a moment to say it was a stop.
  const built = await startBuilding().catch(async (error: unknown) => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (!stopping)
      console.error(`Reload unavailable: the handler's builder failed (${error}); the API keeps answering`);
    return undefined;
  });
  if (built === undefined || stopping) return;
  const { builder, build } = built;
  const typeChecker = startTypeChecker();
  const generator = startGenerator();
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
    // A swap moves the data of the worker in service to the next one.
    startWorker: (entry) => startWorker(entry, []),
    swap: (next) => (handler as ReloadableHandler).swap(next),
    useSpec: (next) => gateway.useSpec(next),
    log: console.log,
  });
  reloading = { loop, typeChecker, generator };
  console.log(`Watching openapi/ and the handler's code: a saved change reloads (Ctrl-C stops)`);
  // `npm start` builds the docs before it starts (prestart); memory mode, started to answer at once, after.
  if (memory) rebuildDocs(console.log);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof JavaMissingError || error instanceof DependencyError) {
    console.error(error.message);
  } else console.error('Failed to start:', error);
  process.exit(1);
});
