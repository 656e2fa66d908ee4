// `npm run test:contract`: the contract suite as a command against any BASE_URL (default: a local gateway it starts).
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Credentials, TokenForScopes } from './credentials.js';
import { type LocalTarget, startLocalTarget } from './localTarget.js';
import { formatReport, writeReport } from './report.js';
import { PHASES, type Phase, runContract } from './runContract.js';

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function phases(): Phase[] {
  const raw = process.env.CONTRACT_PHASES;
  if (raw === undefined || raw === '') return [...PHASES];
  const list = raw.split(',').map((p) => p.trim());
  const unknown = list.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`CONTRACT_PHASES: unknown ${unknown.join(', ')}; use ${PHASES.join(',')}`);
  return list as Phase[];
}

function credentials(): Credentials {
  let token = process.env.TOKEN || undefined;
  const command = process.env.TOKEN_COMMAND;
  if (token === undefined && command !== undefined && command !== '') {
    token = execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  }
  return { ...(token === undefined ? {} : { token }), ...(process.env.API_KEY ? { apiKey: process.env.API_KEY } : {}) };
}

/** TOKEN_SCOPES_COMMAND, e.g. `npm run -s token -- --scope "{scopes}"`: `{scopes}` becomes a comma-separated list. */
function tokenForScopes(): TokenForScopes | undefined {
  const template = process.env.TOKEN_SCOPES_COMMAND;
  if (template === undefined || template === '') return undefined;
  const cache = new Map<string, string>();
  return async (scopes) => {
    const key = scopes.join(',');
    let token = cache.get(key);
    if (token === undefined) {
      token = execSync(template.replaceAll('{scopes}', key), {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }).trim();
      cache.set(key, token);
    }
    return token;
  };
}

async function main(): Promise<number> {
  let local: LocalTarget | undefined;
  let baseUrl = process.env.BASE_URL;
  if (baseUrl === undefined || baseUrl === '') {
    local = await startLocalTarget();
    baseUrl = local.baseUrl;
    console.log(`No BASE_URL: started the local gateway on ${baseUrl}, with development credentials`);
  }
  const scopedTokens = tokenForScopes() ?? local?.tokenForScopes;
  const configured = credentials();
  try {
    const report = await runContract({
      baseUrl,
      credentials: { ...local?.credentials, ...configured },
      ...(scopedTokens === undefined ? {} : { tokenForScopes: scopedTokens }),
      examples: positiveInteger('CONTRACT_EXAMPLES', 100),
      ...(process.env.SEED ? { seed: positiveInteger('SEED', 0) } : {}),
      phases: phases(),
      requestTimeoutMs: positiveInteger('CONTRACT_REQUEST_TIMEOUT_MS', 10_000),
    });
    const path = resolve(process.env.CONTRACT_REPORT ?? 'reports/contract.json');
    writeReport(report, path);
    console.log(formatReport(report));
    console.log(`Report: ${path}`);
    return report.ok ? 0 : 1;
  } finally {
    await local?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
