// The Lambda entry: the API built in the container's init phase, with metrics per operation and status class.
// S3's notifications of avatar uploads go to their own handler.
import type { Context } from 'aws-lambda';
import { cursorSecretArnOf, loadConfig } from './config.js';
import { createHandler } from './lambda/createHandler.js';
import { createAvatarEventHandler, createDefaultApi } from './lambda/defaultApi.js';
import type { ProxyEvent } from './lambda/proxyAdapter.js';
import { createRequestRecorder, lambdaMetrics } from './metrics.js';
import { isObjectCreatedEvent, type ObjectCreatedEvent } from './operations/recordAvatarUploads.js';
import { readLambdaSecrets } from './secrets/lambdaSecrets.js';
import { loadClientTracer } from './tracing.js';

// Built before the first request (AWS's advice for SDK clients); the tracer only when the stage enables it.
// The cursor key is read from Secrets Manager here, never passed in the environment (src/secrets/).
const config = loadConfig(process.env, await readLambdaSecrets(cursorSecretArnOf()));
const api = createDefaultApi(config, await loadClientTracer(config.traceAwsSdkCalls));
const apiHandler = createHandler(config, () => api, createRequestRecorder(lambdaMetrics(), config.functionVersion));
const avatarEvents = createAvatarEventHandler(config);

export const handler = (event: ProxyEvent | ObjectCreatedEvent, context: Pick<Context, 'awsRequestId'>) =>
  isObjectCreatedEvent(event) ? avatarEvents(event) : apiHandler(event, context);
