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
    try {
      return this.match(request).route.operation;
    } catch (error) {
      if (error instanceof RoutingError) return undefined;
      throw error;
    }
  }

  private match({ method, path }: Pick<RoutableRequest, 'method' | 'path'>): { route: Route; values: string[] } {
    const wanted = method.trim().toLowerCase();
    let normalized = (path.trim().split('?')[0] ?? '').replace(/^(?!\/)/, '/');
    while (normalized.length > 1 && normalized.endsWith('/')) normalized = normalized.slice(0, -1);
    const exact = this.exact.get(normalized)?.find((r) => r.operation.method === wanted);
    if (exact !== undefined) return { route: exact, values: [] };
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(normalized);
      if (found === null) continue;
      pathMatched = true;
      if (route.operation.method === wanted) return { route, values: found.slice(1) };
    }
    throw new RoutingError(pathMatched ? 405 : 404);
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

  private hook(name: string, alias?: string): Handler | undefined {
    return this.handlers[name] ?? (alias ? this.handlers[alias] : undefined);
  }

  /** Routing, security, the operation handler and every hook, in openapi-backend's order. */
  async handleRequest(request: RoutableRequest, ...args: unknown[]): Promise<unknown> {
    const context = { api: this } as unknown as Context & Record<string, unknown>;
    // An absent hook costs nothing: no await (each one is a trip through the microtask queue on every request).
    const preRouting = this.hook('preRoutingHandler');
    const postRouting = this.hook('postRoutingHandler');
    const postSecurity = this.hook('postSecurityHandler');
    const preOperation = this.hook('preOperationHandler');
    const response = await (async () => {
      const parsed = this.parse(request);
      context.request = parsed as never;
      if (preRouting !== undefined) await preRouting(context, ...args);
      let matched: { route: Route; values: string[] };
      try {
        matched = this.match(request);
      } catch (error) {
        if (!(error instanceof RoutingError)) throw error;
        if (postRouting !== undefined) await postRouting(context, ...args);
        const handler =
          error.status === 405
            ? (this.hook('405', 'methodNotAllowed') ?? this.hook('404', 'notFound'))
            : this.hook('404', 'notFound');
        if (handler === undefined) throw error;
        return handler(context, ...args);
      }
      const { operation } = matched.route;
      context.operation = operation as never;
      // Parsed once; routing adds the path parameters.
      matched.route.names.forEach((name, i) => {
        parsed.params[name] = decode(matched.values[i] ?? '');
      });
      if (postRouting !== undefined) await postRouting(context, ...args);

      const requirements = (operation.security ?? []) as Record<string, unknown>[];
      const results: Record<string, unknown> = {};
      if (matched.route.schemes.length > 0)
        await Promise.all(
          matched.route.schemes.map(async (name) => {
            results[name] = undefined;
            const securityHandler = this.securityHandlers[name];
            if (securityHandler === undefined) return;
            try {
              results[name] = await securityHandler(context, ...args);
            } catch (error) {
              // A rejection is a failed requirement, even a falsy one.
              results[name] = { error: error || new Error('security handler rejected') };
            }
          }),
        );
      const authorized = requirements.some((requirement) =>
        Object.keys(requirement).every((name) => {
          const result = results[name];
          return Boolean(result) && !(typeof result === 'object' && (result as { error?: unknown }).error);
        }),
      );
      context.security = { ...results, authorized } as never;
      if (postSecurity !== undefined) await postSecurity(context, ...args);
      if (!authorized && requirements.length > 0) {
        const unauthorized = this.hook('unauthorizedHandler');
        if (unauthorized === undefined) {
          throw new Error(`401-unauthorized: ${operation.operationId} and no unauthorizedHandler is registered`);
        }
        return unauthorized(context, ...args);
      }
      if (preOperation !== undefined) await preOperation(context, ...args);
      const operationHandler = operation.operationId === undefined ? undefined : this.handlers[operation.operationId];
      if (operationHandler === undefined) {
        const notImplemented = this.hook('501', 'notImplemented');
        if (notImplemented === undefined) throw new Error(`501-notImplemented: ${operation.operationId}`);
        return notImplemented(context, ...args);
      }
      return operationHandler(context, ...args);
    })();
    const postResponse = this.hook('postResponseHandler');
    if (postResponse === undefined) return response;
    context.response = response;
    return postResponse(context, ...args);
  }
}
