// Routes and dispatches requests by the spec's operationIds, with openapi-backend's interface and hook semantics.
//
// Why not openapi-backend itself at run time: measured by `npm run bench`, it was most of the Lambda's cost. Its
// router rebuilds the operation list and path regexes and re-parses the request (qs, cookie, bath) several times per
// request (≈30–200 µs vs ≈3 µs for a find-my-way + ajv floor), and its module graph (lodash, ajv's compiler,
// json-schema-ref-parser, js-yaml, openapi-schema-validator) was ≈430 KB of the bundle and most of the import time at
// cold start. Request validation is precompiled from the spec (src/validation/), so what remained was routing and
// the hook pipeline: this class does exactly that, with the same options, hooks, handler arguments and Context
// shape (`c.request`, `c.operation`, `c.security`, `c.response`), so src/api.ts and its hooks are unchanged.
// openapi-backend stays the reference: its types describe the Context, and test/unit/specBackend.test.ts checks
// this router against its matchOperation.
import type { Context, Document, Operation } from 'openapi-backend';

type Handler = (context: Context, ...args: unknown[]) => unknown;
type SecurityHandler = (context: Context, ...args: unknown[]) => unknown;
type Json = Record<string, unknown>;

export interface SpecBackendOptions {
  definition: Document;
  /** Fail closed (throw) where openapi-backend would only warn: always the case here, kept for compatibility. */
  strict?: boolean;
  /** Accepted for compatibility; start-up is always quick (nothing is compiled or dereferenced). */
  quick?: boolean;
  /** Must be false: requests are validated by the precompiled validators before each operation handler. */
  validate?: false;
  handlers?: Record<string, Handler>;
  securityHandlers?: Record<string, SecurityHandler>;
}

export interface RoutableRequest {
  method: string;
  path: string;
  headers?: Readonly<Record<string, string | string[] | undefined>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** The hooks openapi-backend knows besides operationIds. */
const HOOKS = new Set([
  'notFound',
  '404',
  'methodNotAllowed',
  '405',
  'notImplemented',
  '501',
  'validationFail',
  '400',
  'unauthorizedHandler',
  'preRoutingHandler',
  'postRoutingHandler',
  'postSecurityHandler',
  'preOperationHandler',
  'postResponseHandler',
]);

interface Route {
  operation: Operation;
  pattern: RegExp;
  names: string[];
  /** The security schemes named by the operation's requirements, once each. */
  schemes: string[];
  /** Length of the template without its parameters: more literal text wins, as in openapi-backend. */
  specificity: number;
}

const escapeRegExp = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // left for the validator to refuse, rather than a 500
  }
}

/** What routing matches with: the path without a query, with a leading slash and no trailing one. */
function normalize(path: string): string {
  let normalized = (path.trim().split('?')[0] ?? '').replace(/^(?!\/)/, '/');
  while (normalized.length > 1 && normalized.endsWith('/')) normalized = normalized.slice(0, -1);
  return normalized;
}

/** Most paths are already normal: a leading slash, no query, no trailing slash, nothing to trim. */
const isNormalPath = (path: string) =>
  path.charCodeAt(0) === 47 &&
  (path.length === 1 || path.charCodeAt(path.length - 1) !== 47) &&
  !path.includes('?') &&
  path.trim() === path;

const LOWER_CASE_METHODS = new Map(METHODS.map((method) => [method.toUpperCase(), method]));

interface Matched {
  route: Route;
  values: string[];
}

class RoutingError extends Error {
  constructor(readonly status: 404 | 405) {
    super(status === 404 ? '404-notFound: no route matches request' : '405-methodNotAllowed');
  }
}

export class SpecBackend {
  readonly definition: Document;
  private readonly handlers: Record<string, Handler> = {};
  private readonly securityHandlers: Record<string, SecurityHandler> = {};
  private readonly routes: Route[];
  private readonly exact = new Map<string, Route[]>();
  private readonly operationIds = new Set<string>();

  constructor(options: SpecBackendOptions) {
    if (options.validate !== false) {
      throw new Error('SpecBackend does not validate: pass validate: false and validate with src/validation/');
    }
    this.definition = options.definition;
    const global = (this.definition as { security?: unknown[] }).security;
    this.routes = [];
    for (const [path, item] of Object.entries((this.definition.paths ?? {}) as Record<string, Json>)) {
      const names: string[] = [];
      const pattern = new RegExp(
        `^${path
          .split(/\{([^}]+)\}/)
          .map((part, i) => {
            if (i % 2 === 0) return escapeRegExp(part);
            names.push(part);
            return '([^/]+)';
          })
          .join('')}$`,
      );
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (op === undefined) continue;
        const operation = {
          ...op,
          path,
          method,
          parameters: [...((op.parameters as unknown[]) ?? []), ...((item.parameters as unknown[]) ?? [])],
          security: (op.security as unknown[]) ?? global ?? [],
        } as unknown as Operation;
        const schemes = [...new Set((operation.security as Record<string, unknown>[]).flatMap((r) => Object.keys(r)))];
        const route = { operation, pattern, names, schemes, specificity: path.replace(/\{.*?\}/g, '').length };
        this.routes.push(route);
        if (names.length === 0) this.exact.set(path, [...(this.exact.get(path) ?? []), route]);
        if (typeof op.operationId === 'string') this.operationIds.add(op.operationId);
      }
    }
    this.routes.sort((a, b) => b.specificity - a.specificity);
    this.register(options.handlers ?? {});
    for (const [name, handler] of Object.entries(options.securityHandlers ?? {})) {
      this.registerSecurityHandler(name, handler);
    }
  }

  /** Nothing to do (kept for openapi-backend compatibility): the routes are built in the constructor. */
  init(): this {
    return this;
  }

  register(handlers: Record<string, Handler>): void {
    for (const [name, handler] of Object.entries(handlers)) {
      if (typeof handler !== 'function') throw new Error(`handler ${name} is not a function`);
      if (!HOOKS.has(name) && !this.operationIds.has(name)) throw new Error(`Unknown operationId ${name}`);
      this.handlers[name] = handler;
    }
    this.hooks = this.lookUpHooks();
  }

  registerSecurityHandler(name: string, handler: SecurityHandler): void {
    const schemes = (this.definition.components as { securitySchemes?: Json } | undefined)?.securitySchemes ?? {};
    if (schemes[name] === undefined) throw new Error(`Unknown security scheme ${name}`);
    this.securityHandlers[name] = handler;
  }

  getOperations(): Operation[] {
    return this.routes.map((r) => r.operation);
  }

  getOperation(operationId: string): Operation | undefined {
    return this.routes.find((r) => r.operation.operationId === operationId)?.operation;
  }

  /** The operation for a method and path, or undefined. Trailing slashes and a query string are ignored. */
  matchOperation(request: RoutableRequest): Operation | undefined {
    const matched = this.tryMatch(request);
    return matched instanceof RoutingError ? undefined : matched.route.operation;
  }

  private tryMatch({ method, path }: Pick<RoutableRequest, 'method' | 'path'>): Matched | RoutingError {
    const wanted = LOWER_CASE_METHODS.get(method) ?? method.trim().toLowerCase();
    const normalized = isNormalPath(path) ? path : normalize(path);
    const exact = this.exact.get(normalized)?.find((r) => r.operation.method === wanted);
    if (exact !== undefined) return { route: exact, values: [] };
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(normalized);
      if (found === null) continue;
      pathMatched = true;
      if (route.operation.method === wanted) return { route, values: found.slice(1) };
    }
    return new RoutingError(pathMatched ? 405 : 404);
  }

  /** What openapi-backend calls the parsed request: lower-cased headers, a copy of the query, the body. */
  private parse(request: RoutableRequest) {
    const headers: Record<string, unknown> = {};
    for (const name in request.headers) headers[name.toLowerCase()] = request.headers[name];
    let requestBody = request.body;
    if (typeof requestBody === 'string' && requestBody !== '') {
      try {
        requestBody = JSON.parse(requestBody);
      } catch {
        // left as sent; the operation's validator refuses it
      }
    }
    return {
      method: request.method,
      path: request.path,
      headers,
      query: { ...request.query },
      params: {} as Record<string, string>,
      cookies: {},
      body: request.body,
      requestBody,
    };
  }

  /** The hooks in use, looked up once per registration rather than on every request. */
  private hooks = this.lookUpHooks();

  private lookUpHooks() {
    const hook = (name: string, alias?: string): Handler | undefined =>
      this.handlers[name] ?? (alias ? this.handlers[alias] : undefined);
    return {
      preRouting: hook('preRoutingHandler'),
      postRouting: hook('postRoutingHandler'),
      postSecurity: hook('postSecurityHandler'),
      preOperation: hook('preOperationHandler'),
      postResponse: hook('postResponseHandler'),
      unauthorized: hook('unauthorizedHandler'),
      notFound: hook('404', 'notFound'),
      methodNotAllowed: hook('405', 'methodNotAllowed') ?? hook('404', 'notFound'),
      notImplemented: hook('501', 'notImplemented'),
    };
  }

  /**
   * A scheme's result, or a promise of it; a throw or rejection becomes `{ error }`, a failed requirement (even a
   * falsy one), as in openapi-backend. A handler that answers at once is not awaited.
   */
  private secure(name: string, context: Context, args: unknown[]): unknown {
    const securityHandler = this.securityHandlers[name];
    if (securityHandler === undefined) return undefined;
    try {
      const result = securityHandler(context, ...args);
      return isThenable(result) ? result.then(undefined, failed) : result;
    } catch (error) {
      return failed(error);
    }
  }

  /**
   * Routing, security, the operation handler and every hook, in openapi-backend's order.
   *
   * One async function, and only promises are awaited: each await, and each async function between the request
   * and its operation, is a trip through the microtask queue on every request (npm run bench, sections 1 and 3).
   */
  async handleRequest(request: RoutableRequest, ...args: unknown[]): Promise<unknown> {
    const context = { api: this } as unknown as Context & Record<string, unknown>;
    const hooks = this.hooks;
    const parsed = this.parse(request);
    context.request = parsed as never;
    if (hooks.preRouting !== undefined) await hooks.preRouting(context, ...args);
    const matched = this.tryMatch(request);
    let response: unknown;
    if (matched instanceof RoutingError) {
      if (hooks.postRouting !== undefined) await hooks.postRouting(context, ...args);
      const handler = matched.status === 405 ? hooks.methodNotAllowed : hooks.notFound;
      if (handler === undefined) throw matched;
      response = await handler(context, ...args);
    } else {
      const { operation, names, schemes } = matched.route;
      context.operation = operation as never;
      // Parsed once; routing adds the path parameters.
      for (let i = 0; i < names.length; i++) parsed.params[names[i] as string] = decode(matched.values[i] ?? '');
      if (hooks.postRouting !== undefined) await hooks.postRouting(context, ...args);

      // Every scheme's handler is started before any is waited for, as openapi-backend's Promise.all does.
      const results: Record<string, unknown> = {};
      const waiting: Promise<void>[] = [];
      for (const name of schemes) {
        const result = this.secure(name, context, args);
        results[name] = undefined; // keeps the schemes' order whatever answers first
        if (isThenable(result)) {
          waiting.push(
            result.then((settled) => {
              results[name] = settled;
            }),
          );
        } else results[name] = result;
      }
      if (waiting.length > 0) await Promise.all(waiting);
      const requirements = (operation.security ?? []) as Record<string, unknown>[];
      let authorized = false;
      for (let i = 0; i < requirements.length && !authorized; i++) authorized = isMet(requirements[i], results);
      // Like openapi-backend's { ...results, authorized }, without a copy.
      results.authorized = authorized;
      context.security = results as never;
      if (hooks.postSecurity !== undefined) await hooks.postSecurity(context, ...args);
      if (!authorized && requirements.length > 0) {
        if (hooks.unauthorized === undefined) {
          throw new Error(`401-unauthorized: ${operation.operationId} and no unauthorizedHandler is registered`);
        }
        response = await hooks.unauthorized(context, ...args);
      } else {
        if (hooks.preOperation !== undefined) await hooks.preOperation(context, ...args);
        const operationHandler = operation.operationId === undefined ? undefined : this.handlers[operation.operationId];
        if (operationHandler !== undefined) response = await operationHandler(context, ...args);
        else if (hooks.notImplemented !== undefined) response = await hooks.notImplemented(context, ...args);
        else throw new Error(`501-notImplemented: ${operation.operationId}`);
      }
    }
    if (hooks.postResponse === undefined) return response;
    context.response = response;
    return hooks.postResponse(context, ...args);
  }
}

/** A requirement object is met when every scheme it names answered something truthy that is not an error. */
function isMet(requirement: Record<string, unknown> | undefined, results: Record<string, unknown>): boolean {
  for (const name in requirement) {
    const result = results[name];
    if (!result || (typeof result === 'object' && (result as { error?: unknown }).error)) return false;
  }
  return true;
}

/** A failed requirement, even one that failed with a falsy value. Module-level: no closure per request. */
function failed(error: unknown) {
  return { error: error || new Error('security handler rejected') };
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
