// .github/workflows/delivery.yml run here up to the AWS call: validated against GitHub's workflow schema
// (@action-validator/cli, offline), then every step that needs no AWS run in a fresh clone, in order; the steps after
// the credentials step must stop at the missing credentials, never in synth. A second clone at another path builds
// the same assets, so a deploy from any machine ships what the commit holds.
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const WORKFLOW = '.github/workflows/delivery.yml';
const STEP_TIMEOUT_MS = 240_000;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

interface Outcome {
  job: string;
  run: string;
  /** Whether the job had AWS credentials configured by this point on GitHub. */
  afterCredentials: boolean;
  code: number;
  output: string;
  /** The stacks' asset manifests in cdk.out right after the step. */
  assets: Record<string, string>;
}

const scratch = mkdtempSync(join(tmpdir(), 'users-api-pipeline-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh clone of this commit; `npm ci` becomes a link to this checkout's node_modules (installed already). */
function freshClone(path: string): string {
  mkdirSync(resolve(path, '..'), { recursive: true });
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, path]);
  symlinkSync(join(root, 'node_modules'), join(path, 'node_modules'));
  return path;
}

/** GitHub leaves an unset repository or environment variable empty; `${{ env.X }}` is the workflow's env. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{\{\s*(vars|env)\.(\w+)\s*\}\}/g, (_, scope, name) =>
    scope === 'env' ? (env[name] ?? '') : '',
  );
}

/** The environment of a runner with no AWS credentials at all: no keys, no profile, no instance metadata. */
function runnerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CDK_|VITEST|NODE_ENV)/.test(name)),
  );
  return {
    ...clean,
    ...extra,
    CI: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    // What aws-actions/configure-aws-credentials would export besides the (missing) credentials.
    AWS_REGION: 'us-east-1',
  };
}

function assetManifests(dir: string): Record<string, string> {
  const out = join(dir, 'cdk.out');
  if (!existsSync(out)) return {};
  return Object.fromEntries(
    readdirSync(out)
      .filter((f) => f.endsWith('.assets.json'))
      .map((f) => [f, readFileSync(join(out, f), 'utf8')]),
  );
}

/** The jobs in the order GitHub runs them: each after the jobs it needs. */
function jobOrder(jobs: Record<string, Job>): string[] {
  const done: string[] = [];
  const visit = (name: string) => {
    if (done.includes(name)) return;
    for (const need of [jobs[name]?.needs ?? []].flat()) visit(need);
    done.push(name);
  };
  for (const name of Object.keys(jobs)) visit(name);
  return done;
}

/** Runs a job's `run` steps; stops the job at the first step that needs what AWS gave an earlier step. */
async function runJob(
  dir: string,
  name: string,
  workflow: Workflow,
): Promise<{ outcomes: Outcome[]; notRun: string[] }> {
  const job = workflow.jobs[name] as Job;
  const outcomes: Outcome[] = [];
  const notRun: string[] = [];
  let afterCredentials = false;
  let stopped = false;
  for (const step of job.steps) {
    if (step.uses?.startsWith('aws-actions/configure-aws-credentials@')) afterCredentials = true;
    if (step.run === undefined) continue;
    const command = step.run.trim();
    // The test tiers are what run this test: running them again here would recurse.
    const skip = ['npm ci', 'npm test', 'npm run test:e2e'].includes(command);
    // A step reading what a deploy produced (outputs, keys, tokens) cannot run without AWS; nor can what follows.
    stopped ||= afterCredentials && !/^npm run (preflight|deploy:ci|diff)\b/.test(command);
    if (skip) continue;
    if (stopped) {
      notRun.push(command);
      continue;
    }
    const env = { ...(workflow.env ?? {}), ...(job.env ?? {}) };
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, env)]));
    const result = await run('bash', ['-e', '-c', command], {
      cwd: dir,
      env: runnerEnv({ ...env, ...stepEnv }),
      timeout: STEP_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof error.code === 'number' ? error.code : 1,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    outcomes.push({ job: name, run: command, afterCredentials, ...result, assets: assetManifests(dir) });
  }
  return { outcomes, notRun };
}

let workflow: Workflow;
const outcomes: Outcome[] = [];
const notRun: string[] = [];
let otherCheckoutAssets: Record<string, string> = {};

beforeAll(async () => {
  workflow = parse(readFileSync(join(root, WORKFLOW), 'utf8')) as Workflow;
  const clone = freshClone(join(scratch, 'a', 'users-api'));
  for (const name of jobOrder(workflow.jobs)) {
    const job = await runJob(clone, name, workflow);
    outcomes.push(...job.outcomes);
    notRun.push(...job.notRun);
  }
  // The same commit checked out at a deeper, longer path, synthesized the way the pipeline does.
  const other = freshClone(join(scratch, 'b', 'a-much-longer-checkout-path', 'of', 'users-api'));
  await run('npm', ['run', 'synth'], { cwd: other, env: runnerEnv({}), timeout: STEP_TIMEOUT_MS });
  otherCheckoutAssets = assetManifests(other);
}, 1_500_000);

const step = (job: string, pattern: RegExp) => outcomes.find((o) => o.job === job && pattern.test(o.run));

describe('.github/workflows/delivery.yml', () => {
  it('is a valid GitHub Actions workflow, as the schema check sees it (and that check refuses a broken one)', async () => {
    await expect(run('npx', ['action-validator', WORKFLOW], { cwd: root })).resolves.toBeDefined();
    const broken = join(scratch, 'broken.yml');
    writeFileSync(broken, 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: true\n');
    await expect(run('npx', ['action-validator', broken], { cwd: root })).rejects.toMatchObject({ code: 1 });
  });

  it('synthesizes both stages in a fresh clone, cdk-nag included, on the pull-request path', () => {
    for (const pattern of [/^npm run synth$/, /^npm run synth -- -c stage=prod$/]) {
      const outcome = step('synth', pattern);
      expect(outcome?.code, `${pattern}\n${outcome?.output.slice(-2000)}`).toBe(0);
    }
  });

  it.each([
    ['deploy-dev', 'dev'],
    ['deploy-prod', 'prod'],
  ])('%s: preflight stops at the missing credentials and says how to get them', (job, stage) => {
    const outcome = step(job, new RegExp(`^npm run preflight -- -c stage=${stage}$`));
    expect(outcome?.afterCredentials).toBe(true);
    expect(outcome?.code).toBe(1);
    expect(outcome?.output).toContain('FAIL credentials: no usable AWS credentials');
  });

  it.each([
    ['deploy-dev', 'dev'],
    ['deploy-prod', 'prod'],
  ])('%s: the deploy builds the docs, synthesizes and stops only to ask for credentials', (job, stage) => {
    const outcome = step(job, new RegExp(`^npm run deploy:ci -- -c stage=${stage}\\b`));
    expect(outcome?.code).not.toBe(0);
    // Synthesis finished (docs built by cdk.json's build step, cdk-nag passed) before CDK looked for an account.
    expect(outcome?.output).toContain('built ');
    expect(outcome?.output).toMatch(/Synthesis time/);
    expect(outcome?.output).toMatch(/Unable to resolve AWS account to use|credentials/i);
    expect(outcome?.output).not.toMatch(/lacks index\.html|StageSettingsError|AwsSolutions-|finished with errors/);
  });

  it('runs no step that needs a deployed stack, and skips none it could run', () => {
    expect(notRun.length).toBeGreaterThan(0);
    expect(notRun.every((command) => /cdk-outputs\.json|aws |npm run test:contract/.test(command))).toBe(true);
    expect(step('deploy-prod', /^npm run diff\b/)?.output).toMatch(/Unable to resolve AWS account to use/);
    const ran = outcomes.map((o) => o.run);
    expect(ran).toEqual(expect.arrayContaining(['npm run synth', 'npm run synth -- -c stage=prod']));
  });

  it('builds the same assets in two checkouts at different paths (the Lambda, the hook, the docs site)', () => {
    const first = step('synth', /^npm run synth$/)?.assets['UsersApi-dev.assets.json'];
    const second = otherCheckoutAssets['UsersApi-dev.assets.json'];
    const hashes = (manifest: string | undefined) => Object.keys(JSON.parse(manifest ?? '{"files":{}}').files).sort();
    expect(hashes(first).length).toBeGreaterThanOrEqual(4);
    expect(hashes(second)).toEqual(hashes(first));
  });
});
