// A Lambda handler around an API: event in, the API's answer out, one metric per request.
import type { Context } from 'aws-lambda';
import type { Api } from '../api.js';
import { type Config, loadConfig } from '../config.js';
import { HttpError } from '../http/httpErrors.js';
import { toProblem } from '../http/problem.js';
import { operationOf, type RequestRecorder } from '../metrics.js';
import { createDefaultApi } from './defaultApi.js';
import { logger } from './logger.js';
import {
  isProxyEvent,
  type ProxyEvent,
  type ProxyResult,
  routeOf,
  toApiRequest,
  toProxyResult,
} from './proxyAdapter.js';

/** An event that is no API Gateway proxy event (`{}`, `null`, a v2 event without `http`, a numeric body). */
const malformedEvent = (invocationId: string) =>
  toProxyResult(toProblem(new HttpError('validation', 'The request could not be read.'), invocationId));

/** Builds the API on the first request and keeps it for the life of the container. */
export function createHandler(
  config: Config = loadConfig(),
  buildApi: (config: Config) => Api = createDefaultApi,
  record?: RequestRecorder,
) {
  let api: Api | undefined;
  return async (event: ProxyEvent, context: Pick<Context, 'awsRequestId'>): Promise<ProxyResult> => {
    // A 400, never an exception: Lambda would report a function error, and behind API Gateway a 502.
    if (!isProxyEvent(event)) {
      logger.info?.('malformed event refused', { invocationId: context.awsRequestId });
      return malformedEvent(context.awsRequestId);
    }
    api ??= buildApi(config);
    // Every log line of the API names both ids itself: no per-request logger state to set and clear.
    const request = { ...toApiRequest(event), invocationId: context.awsRequestId };
    const started = performance.now();
    const response = await api.handle(request);
    record?.(operationOf(request.method, routeOf(event)), response.statusCode, performance.now() - started);
    return toProxyResult(response);
  };
}
