// The request steps, each named as src/api.ts lists them, from the preflight to the operation's answer.
// Routing, security and validation are openapi-backend's (the engine); the refusals before the schema are ours.
import type { Operation } from 'openapi-backend';
import { HTTP_METHODS } from '../../config/openapi.js';
import type { Caller } from '../auth/accessClaims.js';
import { securityFailure } from '../auth/securityHandlers.js';
import type { Config } from '../config.js';
import { preflightResponse } from '../http/cors.js';
import { type FieldError, MethodNotAllowedError, NotFoundError, ValidationError } from '../http/httpErrors.js';
import { bodyForBackend, bodyRefusal } from '../http/jsonBody.js';
import { malformedPathParameters } from '../http/pathParameters.js';
import { type PatternRules, toRequestError } from '../http/validationErrors.js';
import type { Dependencies } from '../operations/types.js';
import { type ErrorLogger, matched, type RequestContext, type ValidatedInput } from './context.js';
import type { Engine } from './engine.js';
import { callOperation } from './operationCall.js';

/** What the request steps work with: the engine, the settings, the log, the operations' dependencies. */
export interface StepDependencies {
  readonly engine: Engine;
  readonly config: Config;
  readonly logger: ErrorLogger;
  /** The caller a bearer scheme authenticated, from the security handlers' results (createSecurityHandlers). */
  readonly callerOf: (security: Record<string, unknown>) => Caller | undefined;
  readonly operations: Dependencies;
}

/** A named request step. It reads the context and adds its finding; it answers by setting `answer` or throwing. */
export interface RequestStep {
  readonly name: string;
  run(context: RequestContext, d: StepDependencies): void | Promise<void>;
}

type Parameter = { in: string; name: string; schema?: { type?: string } };
const parametersOf = (operation: Operation) => (operation.parameters ?? []) as Parameter[];

/** What a path parameter with a broken escape (`%ZZ`, `%`, `%C0%AF`) is told. */
export const MALFORMED_ESCAPE = 'must be valid percent-encoding of UTF-8 (RFC 3986 §2.1)';

/** HEAD is the GET without its body (RFC 9110 §9.3.2): routed, authorized and answered as that GET. */
const routedMethod = (method: string) => (method === 'HEAD' ? 'GET' : method);

/** The methods a path answers besides OPTIONS (the preflight): HEAD wherever GET is. */
function allowedMethods(engine: Engine, path: string): string[] {
  const methods = HTTP_METHODS.filter((method) => engine.router.matchOperation({ method, path, headers: {} }));
  return [...new Set(methods.flatMap((method) => (method === 'get' ? ['GET', 'HEAD'] : [method.toUpperCase()])))];
}

/** OPTIONS is the CORS preflight of any path the API has, answered before any credential is asked for. */
export const preflight: RequestStep = {
  name: 'preflight',
  run(context, { engine }) {
    const { method, path } = context.request;
    if (method !== 'OPTIONS') return;
    const methods = allowedMethods(engine, path);
    if (methods.length === 0) throw new NotFoundError(`No route for ${path}.`);
    context.answer = preflightResponse(methods);
  },
};

/**
 * The operation, matched once by openapi-backend's router; a path it lacks is a 404, a method it lacks a 405. A path
 * parameter that is not valid percent-encoding is a 400 naming it: the router's parser would throw a URIError (a 500).
 */
export const route: RequestStep = {
  name: 'route',
  run(context, { engine }) {
    const { method, path } = context.request;
    const operation = engine.router.matchOperation({ method: routedMethod(method), path, headers: {} });
    if (operation !== undefined) {
      const malformed = malformedPathParameters(operation.path, engine.router.normalizePath(path));
      if (malformed.length > 0) {
        throw new ValidationError(
          malformed.map(({ name }) => ({ location: 'path', pointer: name, message: MALFORMED_ESCAPE })),
        );
      }
      context.operation = operation;
      return;
    }
    const methods = allowedMethods(engine, path);
    if (methods.length === 0) throw new NotFoundError(`No route for ${method} ${path}.`);
    throw new MethodNotAllowedError(method, path, [...methods, 'OPTIONS']);
  },
};

/**
 * A repeated header the operation reads (its credentials, its header parameters, its body's headers) is refused,
 * before the security handlers: with two Authorization headers, which caller this is cannot be told.
 */
export const refuseRepeatedHeaders: RequestStep = {
  name: 'refuseRepeatedHeaders',
  run(context) {
    const repeated = context.request.repeatedHeaders;
    if (repeated === undefined) return;
    const operation = matched(context);
    const read = new Set(
      parametersOf(operation)
        .filter((parameter) => parameter.in === 'header')
        .map((parameter) => parameter.name.toLowerCase()),
    );
    if ((operation.security ?? []).length > 0) for (const name of ['authorization', 'x-api-key']) read.add(name);
    if (operation.requestBody !== undefined) for (const name of ['content-type', 'content-encoding']) read.add(name);
    const errors: FieldError[] = repeated
      .filter((name) => read.has(name))
      .map((name) => ({ location: 'header', pointer: name, message: 'must be sent once' }));
    if (errors.length > 0) throw new ValidationError(errors);
  },
};

/**
 * openapi-backend runs the security handlers the spec's schemes call for; a request that meets none of the
 * operation's requirements is refused (503, 401, 403: securityFailure), its reason logged, never sent.
 */
export const authorize: RequestStep = {
  name: 'authorize',
  async run(context, { engine, logger, callerOf }) {
    const operation = matched(context);
    if ((operation.security ?? []).length === 0) return;
    const { request } = context;
    const security = await engine.runSecurityHandlers({ operation }, request);
    if (!security.authorized) {
      const error = securityFailure(security);
      logger.info?.('request not authorized', {
        requestId: request.requestId,
        invocationId: request.invocationId,
        status: error.status,
        reason: error.cause instanceof Error ? error.cause.message : error.detail,
      });
      throw error;
    }
    const caller = callerOf(security);
    if (caller !== undefined) context.caller = caller;
  },
};

/** Size, coding, media type and duplicate keys of the body, refused once the caller is authorized (as behind API Gateway). */
export const refuseBody: RequestStep = {
  name: 'refuseBody',
  run(context, { config }) {
    const refusal = bodyRefusal(context.request, matched(context), config.maxBodyBytes);
    if (refusal !== undefined) throw refusal;
  },
};

/** An integer as a client writes one: ajv's coercion would also take `1e2`, `0x10`, `+2`, `00002`, `1.0` and ` 1`. */
const PLAIN_INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;

/** Integer query parameters in plain decimal digits only, before ajv coerces what it would take. */
export const refuseLooseIntegers: RequestStep = {
  name: 'refuseLooseIntegers',
  run(context) {
    const { query } = context.request;
    const errors: FieldError[] = [];
    for (const { in: location, name, schema } of parametersOf(matched(context))) {
      const value = Object.hasOwn(query, name) ? query[name] : undefined;
      if (location === 'query' && schema?.type === 'integer' && value !== undefined && !PLAIN_INTEGER.test(value)) {
        errors.push({ location: 'query', pointer: name, message: 'must be a decimal integer (digits only)' });
      }
    }
    if (errors.length > 0) throw new ValidationError(errors);
  },
};

/** Only the query parameters the operation declares: others (a cache-buster such as `_=1`) are ignored, as API Gateway does. */
function declaredQuery(operation: Operation, query: Readonly<Record<string, string | undefined>>) {
  const out: Record<string, string> = {};
  for (const { in: location, name } of parametersOf(operation)) {
    const value = query[name];
    if (location === 'query' && value !== undefined && Object.hasOwn(query, name)) out[name] = value;
  }
  return out;
}

/** The spec's patterns in words (generated into the runtime spec by scripts/runtimeSpec.ts). */
const patternRulesOf = (engine: Engine): PatternRules =>
  (engine.definition as { 'x-pattern-rules'?: PatternRules })['x-pattern-rules'] ?? {};

/**
 * openapi-backend validates path, query, headers and body with the precompiled validators; types are coerced and
 * defaults filled in. The body is parsed once, here (jsonBody.ts).
 */
export const validate: RequestStep = {
  name: 'validate',
  run(context, { engine, config }) {
    const { request } = context;
    const operation = matched(context);
    const body = bodyForBackend(request, config.maxBodyBytes);
    const { errors, coerced } = engine.validator.validateRequest(
      {
        method: routedMethod(request.method),
        path: request.path,
        headers: request.headers as Record<string, string>,
        query: declaredQuery(operation, request.query),
        body,
      },
      operation,
    );
    if (errors) throw toRequestError(errors, patternRulesOf(engine));
    // A valid request went through the operation's parameters validator, which always runs: both are set.
    const { params = {}, query = {} } = (coerced ?? {}) as Partial<ValidatedInput>;
    context.input = { params, query, body };
  },
};

/** The operation's own file (src/operations/<operationId>.ts) answers, with the input and the caller. */
export const runOperation: RequestStep = {
  name: 'runOperation',
  async run(context, { operations }) {
    const { input } = context;
    if (input === undefined) throw new Error('the pipeline ran the operation before validate');
    const { operationId = '' } = matched(context);
    context.answer = await callOperation(operationId, input, context.request, context.caller, operations);
  },
};
