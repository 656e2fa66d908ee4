// The typed client for frontends: openapi-fetch over the spec's generated types, with credentials and problem+json errors.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './api.js';

export type { components, operations, paths };
export type User = components['schemas']['User'];
export type Problem = components['schemas']['Problem'];
export type UsersClient = Client<paths>;

/** A value, or a function asked before every request (so a refreshed token is picked up). */
type Credential = string | (() => string | undefined | Promise<string | undefined>);

export interface UsersClientOptions {
  /** Where the API lives: the deployed stage URL, `http://127.0.0.1:3000` (`npm start`) or `http://127.0.0.1:4010` (`npm run mock`). */
  baseUrl: string;
  /** An access token (JWT), sent as `Authorization: Bearer <token>`. */
  token?: Credential;
  /** The API key for the usage plan, sent as `x-api-key`. */
  apiKey?: Credential;
  /** Another fetch (tests, SSR, retries). Defaults to the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

const resolve = async (credential: Credential | undefined) =>
  typeof credential === 'function' ? await credential() : credential;

function credentials(token: Credential | undefined, apiKey: Credential | undefined): Middleware {
  return {
    async onRequest({ request }) {
      const [bearer, key] = await Promise.all([resolve(token), resolve(apiKey)]);
      if (bearer) request.headers.set('Authorization', `Bearer ${bearer}`);
      if (key) request.headers.set('x-api-key', key);
      return request;
    },
  };
}

/**
 * The API answers every error with problem+json, but something in between may not: API Gateway's own answers
 * (`{"message":"Request Too Long"}` for a body over 10 MB, which cannot be customised), a proxy's HTML 502,
 * an empty body. Such a response is turned into a problem document here so that `error` is always a `Problem`,
 * as its type says, whoever answered.
 */
const problemsOnly: Middleware = {
  async onResponse({ response }) {
    if (response.ok || /^application\/problem\+json\b/i.test(response.headers.get('content-type') ?? '')) return;
    let body: { message?: unknown; type?: unknown; title?: unknown; status?: unknown } | undefined;
    try {
      body = JSON.parse(await response.clone().text());
    } catch {
      // Not JSON: nothing to keep from the body.
    }
    const headers = new Headers(response.headers); // keeps Retry-After, Allow and the like
    headers.set('Content-Type', 'application/problem+json');
    headers.delete('Content-Length');
    // The firewall's 429 is a problem document it can only label application/json: kept as it is.
    if (typeof body?.type === 'string' && typeof body.title === 'string' && body.status === response.status) {
      return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
    }
    const message = body?.message;
    const problem: Problem = {
      type: 'about:blank',
      title: response.statusText || `HTTP ${response.status}`,
      status: response.status,
      detail:
        typeof message === 'string' && message.length > 0
          ? message.slice(0, 500)
          : `The server answered ${response.status} without a problem document.`,
      instance: response.headers.get('x-amzn-requestid') ?? response.headers.get('x-request-id') ?? 'unknown',
    };
    return new Response(JSON.stringify(problem), { status: response.status, statusText: response.statusText, headers });
  },
};

/**
 * Every path, method, parameter, body and response of the API, checked by the compiler:
 *
 * ```ts
 * const api = createUsersClient({ baseUrl: 'http://127.0.0.1:4010', token: () => auth.accessToken });
 * const { data, error } = await api.POST('/users', { body: { name: 'Ada', email: 'ada@example.com' } });
 * if (error) showProblem(error.detail); // error: Problem
 * else open(data.user.userId); // data: { message, user }
 * ```
 */
export function createUsersClient({ baseUrl, token, apiKey, fetch }: UsersClientOptions): UsersClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), ...(fetch ? { fetch } : {}) });
  client.use(credentials(token, apiKey), problemsOnly);
  return client;
}
