// Runs the contract suite against a base URL: spec-driven fuzzing (positive, negative, auth) and the stateful scenario.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import bundledSpec from '../../generated/openapi.json' with { type: 'json' };
import {
  authenticate,
  badCredentials,
  type Credentials,
  insufficientScopes,
  type TokenForScopes,
} from './credentials.js';
import { buildRequest, type Exchange, type RequestInput, type SentRequest, send } from './exchange.js';
import { runHostile } from './hostile.js';
import { applyLink, applyValidators, freshIdempotencyKey, linkFedParameters, statusMatches } from './links.js';
import { Recorder, type Report, Run } from './report.js';
import { RequestArbitraries } from './requestArbitraries.js';
import { type CheckResult, conformanceChecks } from './responseChecks.js';
import { runScenarios } from './scenario.js';
import { type Document, type Link, type Operation, Spec } from './spec.js';

export const PHASES = ['scenario', 'positive', 'negative', 'auth', 'hostile'] as const;
export type Phase = (typeof PHASES)[number];

export interface ContractOptions {
  baseUrl: string;
  credentials?: Credentials;
  /** When given, each operation that names scopes is also called with a valid token lacking them (must be 403). */
  tokenForScopes?: TokenForScopes;
  /** Generated requests per operation and phase. */
  examples?: number;
  seed?: number;
  /** Which phases to run; the Prism mock only gets `positive` (it keeps no state and answers examples). */
  phases?: readonly Phase[];
  /**
   * Stateful checks inside the fuzzing (a created resource can be read at once, a deleted one is gone).
   * Defaults to on when the scenario runs.
   */
  stateful?: boolean;
  requestTimeoutMs?: number;
  /** Upper bound for one operation's phase, shrinking included. */
  propertyTimeLimitMs?: number;
  spec?: Document;
}

/** Statuses that say "your input is wrong": valid input must never get them. */
const INPUT_REJECTED = new Set([400, 405, 406, 413, 415]);

export class Contract {
  readonly spec: Spec;
  readonly requests: RequestArbitraries;
  readonly recorder: Recorder;
  readonly links: Link[];
  private readonly cleanups: { link: Link; source: Exchange }[] = [];
  readonly baseUrl: string;
  readonly credentials: Credentials;
  private readonly timeoutMs: number;

  constructor(options: ContractOptions) {
    this.spec = new Spec((options.spec ?? bundledSpec) as unknown as Document);
    this.requests = new RequestArbitraries(this.spec);
    this.links = this.spec.links();
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.credentials = options.credentials ?? {};
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.recorder = new Recorder({
      ...(this.credentials.token === undefined ? {} : { TOKEN: this.credentials.token }),
      ...(this.credentials.apiKey === undefined ? {} : { API_KEY: this.credentials.apiKey }),
    });
  }

  /** Sends a request of an operation (credentials added unless told otherwise) and runs every response check. */
  async perform(
    run: Run,
    operation: Operation,
    input: RequestInput,
    credentials: Credentials = this.credentials,
  ): Promise<Exchange> {
    const missing = authenticate(operation, credentials, input);
    if (missing.length > 0 && credentials === this.credentials) {
      run.add(operation.operationId, [
        {
          check: 'credentials_available',
          ok: false,
          message: `needs ${missing.join(' or ')}: set TOKEN (or TOKEN_COMMAND) and/or API_KEY`,
        },
      ]);
    }
    return this.sendAndCheck(run, operation, buildRequest(this.baseUrl, operation, input));
  }

  async sendAndCheck(run: Run, operation: Operation, request: SentRequest): Promise<Exchange> {
    this.recorder.requests++;
    let exchange: Exchange;
    try {
      let response = await send(request, this.timeoutMs);
      // A stage's usage plan may throttle a fast run: wait as told, like a well-behaved client, a few times at most.
      for (let retry = 0; response.status === 429 && retry < 3; retry++) {
        const seconds = Number(response.headers['retry-after'] ?? 1);
        await new Promise((resolve) => setTimeout(resolve, Math.min(Number.isFinite(seconds) ? seconds : 1, 5) * 1000));
        this.recorder.requests++;
        response = await send(request, this.timeoutMs);
      }
      exchange = { operation, request, response };
    } catch (error) {
      const failed: Exchange = { operation, request, response: { status: 0, headers: {}, text: '' } };
      run.exchanges.push(failed);
      run.add(operation.operationId, [
        { check: 'request_completed', ok: false, message: `no HTTP answer: ${(error as Error).message}` },
      ]);
      return failed;
    }
    run.exchanges.push(exchange);
    run.add(operation.operationId, conformanceChecks(this.spec, exchange));
    this.rememberForCleanup(exchange);
    return exchange;
  }

  /** Resources the run creates are deleted at the end through their documented DELETE links. */
  private rememberForCleanup(exchange: Exchange): void {
    for (const link of this.links) {
      if (link.from !== exchange.operation || !statusMatches(link.status, exchange.response.status)) continue;
      if (this.spec.operation(link.link.operationId)?.method === 'delete')
        this.cleanups.push({ link, source: exchange });
    }
  }

  /**
   * Deletes what the run created, except what a failure's reproducer refers to: its curl commands carry the ids
   * of that run, so they replay as they are against the same server.
   */
  async cleanUp(): Promise<void> {
    const evidence = new Set(this.recorder.failures.flatMap((f) => f.exchanges.map((e) => e.request)));
    for (const { link, source } of this.cleanups.splice(0)) {
      if (evidence.has(source.request)) continue;
      const target = this.spec.operation(link.link.operationId);
      if (target === undefined) continue;
      const input: RequestInput = { pathParams: {}, query: {}, headers: {} };
      applyLink(link.link, source, target, input);
      // RFC 9110 `If-Match: *`: whatever version is current (the fuzzing may have changed it since).
      for (const p of target.parameters)
        if (p.in === 'header' && p.name.toLowerCase() === 'if-match') input.headers['if-match'] = '*';
      authenticate(target, this.credentials, input);
      try {
        await send(buildRequest(this.baseUrl, target, input), this.timeoutMs);
      } catch {
        // Best effort: cleanup failures are not contract failures.
      }
    }
  }

  /** The operation and concrete request for a URL the server handed out (a Location header). */
  resolveUrl(url: string, method: string): { operation: Operation; request: SentRequest } | undefined {
    const target = new URL(url);
    const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
    const apiPath = target.pathname.startsWith(basePath) ? target.pathname.slice(basePath.length) : target.pathname;
    const matched = this.spec.match(method, apiPath);
    if (matched === undefined) return undefined;
    const input: RequestInput = { pathParams: matched.params, query: {}, headers: {} };
    authenticate(matched.operation, this.credentials, input);
    return {
      operation: matched.operation,
      request: { method, url: target.toString(), headers: input.headers, body: undefined },
    };
  }
}

function propertySeed(seed: number, ...parts: string[]): number {
  return (
    createHash('sha256')
      .update([seed, ...parts].join('|'))
      .digest()
      .readUInt32BE(0) & 0x7fffffff
  );
}

/**
 * Runs `execute` for `numRuns` generated cases with fast-check; a failing case is shrunk to a minimal one and
 * recorded with its reproducer. Only runs up to the first failure are counted in the table (shrinking reruns are not).
 */
async function property<T>(
  contract: Contract,
  phase: string,
  arbitrary: fc.Arbitrary<T>,
  execute: (value: T) => Promise<Run>,
  settings: { numRuns: number; seed: number; timeLimitMs: number },
): Promise<void> {
  let lastFailure: Run | undefined;
  await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      const run = await execute(value);
      if (lastFailure === undefined) contract.recorder.count(run);
      if (!run.failed) return true;
      lastFailure = run;
      return false;
    }),
    {
      numRuns: settings.numRuns,
      seed: settings.seed,
      interruptAfterTimeLimit: settings.timeLimitMs,
      markInterruptAsFailure: false,
    },
  );
  if (lastFailure !== undefined) contract.recorder.fail(phase, lastFailure);
}

const describeInput = (input: RequestInput) => {
  const parts = [
    ...Object.entries(input.pathParams).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
    ...Object.entries(input.query).map(([k, v]) => `?${k}=${JSON.stringify(v)}`),
    ...(input.body === undefined ? [] : [`body ${input.body.raw.slice(0, 200)}`]),
  ];
  return parts.length === 0 ? 'no input' : parts.join(', ');
};

function accepted(exchange: Exchange): CheckResult {
  const { status } = exchange.response;
  return INPUT_REJECTED.has(status)
    ? { check: 'positive_data_accepted', ok: false, message: `valid input refused with ${status}` }
    : { check: 'positive_data_accepted', ok: true };
}

function rejected(exchange: Exchange): CheckResult {
  const { status } = exchange.response;
  return status >= 400 && status < 500
    ? { check: 'negative_data_rejected', ok: true }
    : { check: 'negative_data_rejected', ok: false, message: `invalid input answered ${status}, not a 4xx` };
}

/** After a successful call: what it created is there at once, what it deleted is gone. */
async function statefulFollowUp(contract: Contract, run: Run, exchange: Exchange): Promise<void> {
  const { operation, response } = exchange;
  if (response.status < 200 || response.status > 299) return;
  const location = response.headers.location;
  if (operation.method === 'post' && location !== undefined) {
    const url = new URL(location, exchange.request.url).toString();
    const read = contract.resolveUrl(url, 'GET');
    if (read === undefined) {
      run.add(operation.operationId, [
        { check: 'available_after_create', ok: false, message: `Location ${location} matches no GET operation` },
      ]);
      return;
    }
    const got = await contract.sendAndCheck(run, read.operation, read.request);
    run.add(operation.operationId, [
      got.response.status >= 200 && got.response.status <= 299
        ? { check: 'available_after_create', ok: true }
        : {
            check: 'available_after_create',
            ok: false,
            message: `GET ${location} right after create answered ${got.response.status}`,
          },
    ]);
  }
  if (operation.method === 'delete') {
    const read = contract.spec.operations.find((op) => op.path === operation.path && op.method === 'get');
    if (read === undefined) return;
    const request = { ...exchange.request, method: 'GET', body: undefined, headers: {} as Record<string, string> };
    const input: RequestInput = { pathParams: {}, query: {}, headers: request.headers };
    authenticate(read, contract.credentials, input);
    const got = await contract.sendAndCheck(run, read, request);
    run.add(operation.operationId, [
      got.response.status === 404 || got.response.status === 410
        ? { check: 'use_after_free', ok: true }
        : {
            check: 'use_after_free',
            ok: false,
            message: `GET after a successful DELETE answered ${got.response.status}`,
          },
    ]);
  }
}

export async function runContract(options: ContractOptions): Promise<Report> {
  const started = Date.now();
  const contract = new Contract(options);
  const examples = options.examples ?? 50;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const phases = options.phases ?? PHASES;
  const stateful = options.stateful ?? phases.includes('scenario');
  const timeLimitMs = options.propertyTimeLimitMs ?? 60_000;
  const { spec, requests, links } = contract;
  let tags = 0;
  const tag = () => `ct${started.toString(36)}${(tags++).toString(36)}`;

  try {
    if (phases.includes('scenario')) await runScenarios(contract, seed);
    if (phases.includes('hostile')) await runHostile(contract, seed, tag);

    for (const operation of spec.operations) {
      const settings = (phase: string, numRuns = examples) => ({
        numRuns,
        seed: propertySeed(seed, phase, operation.operationId),
        timeLimitMs,
      });

      if (phases.includes('positive')) {
        const incoming = links.filter((l) => l.link.operationId === operation.operationId && l.from !== operation);
        const sources = incoming.map((l) => requests.positive(l.from, linkFedParameters(links, l.from)));
        const via =
          incoming.length === 0
            ? fc.constant(undefined)
            : fc.option(
                fc
                  .nat({ max: incoming.length - 1 })
                  .chain((index) =>
                    (sources[index] as fc.Arbitrary<RequestInput>).map((source) => ({ index, source })),
                  ),
                { nil: undefined, freq: 2 },
              );
        const arbitrary = fc.record({ input: requests.positive(operation, linkFedParameters(links, operation)), via });
        await property(
          contract,
          'positive',
          arbitrary,
          async ({ input: generated, via: chosen }) => {
            const input = requests.withUniqueValues(operation, structuredClone(generated), tag());
            const run = new Run(`valid ${operation.operationId} request: ${describeInput(input)}`);
            let latest: Exchange | undefined;
            const link = chosen === undefined ? undefined : incoming[chosen.index];
            if (link !== undefined && chosen !== undefined) {
              const sourceInput = requests.withUniqueValues(link.from, structuredClone(chosen.source), tag());
              freshIdempotencyKey(link.from, sourceInput);
              const source = await contract.perform(run, link.from, sourceInput);
              if (statusMatches(link.status, source.response.status)) {
                applyLink(link.link, source, operation, input);
                latest = source;
              }
            }
            applyValidators(operation, input, latest);
            freshIdempotencyKey(operation, input);
            if (latest !== undefined)
              run.input = `valid ${operation.operationId} request through link ${link?.link.name} from ${link?.from.operationId}: ${describeInput(input)}`;
            const exchange = await contract.perform(run, operation, input);
            run.add(operation.operationId, [accepted(exchange)]);
            if (stateful) await statefulFollowUp(contract, run, exchange);
            return run;
          },
          settings('positive'),
        );
      }

      if (phases.includes('negative')) {
        const arbitrary = requests.negative(operation);
        if (arbitrary !== undefined) {
          await property(
            contract,
            'negative',
            arbitrary,
            async (c) => {
              const run = new Run(`invalid ${operation.operationId} request (${c.reason}): ${describeInput(c.input)}`);
              const exchange = await contract.perform(run, operation, structuredClone(c.input));
              run.add(operation.operationId, [rejected(exchange)]);
              return run;
            },
            settings('negative'),
          );
        }
      }

      if (phases.includes('auth') && operation.security.length > 0) {
        const variants = badCredentials(operation, contract.credentials);
        if (options.tokenForScopes !== undefined) {
          for (const { label, scopes } of insufficientScopes(operation)) {
            const token = await options.tokenForScopes(scopes);
            variants.push({ label, credentials: { ...contract.credentials, token } });
          }
        }
        await property(
          contract,
          'auth',
          fc.tuple(requests.positive(operation), fc.constantFrom(...variants)),
          async ([input, variant]) => {
            const run = new Run(`${operation.operationId} with ${variant.label}: ${describeInput(input)}`);
            const exchange = await contract.perform(run, operation, structuredClone(input), variant.credentials);
            const { status } = exchange.response;
            run.add(operation.operationId, [
              status === 401 || status === 403
                ? { check: 'auth_enforced', ok: true }
                : { check: 'auth_enforced', ok: false, message: `${variant.label} answered ${status}, not 401/403` },
            ]);
            return run;
          },
          settings('auth', Math.max(variants.length * 2, Math.ceil(examples / 5))),
        );
      }
    }
  } finally {
    await contract.cleanUp();
  }

  const failures = contract.recorder.failures;
  return {
    baseUrl: contract.baseUrl,
    seed,
    examples,
    phases: [...phases],
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: contract.recorder.requests,
    checks: contract.recorder.checks(),
    failures,
    ok: failures.length === 0,
  };
}
