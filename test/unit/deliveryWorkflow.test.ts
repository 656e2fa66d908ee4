// The GitHub Actions workflow, read as GitHub reads it: its job graph, its permissions and the scripts it calls.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import packageJson from '../../package.json' with { type: 'json' };

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { pull_request?: unknown; push?: { branches: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const root = resolve(import.meta.dirname, '../..');
const workflow = parse(readFileSync(resolve(root, '.github/workflows/delivery.yml'), 'utf8')) as Workflow;
const { jobs } = workflow;
const job = (name: string): Job => {
  const found = jobs[name];
  if (found === undefined) throw new Error(`no job ${name}`);
  return found;
};
const needs = (name: string): string[] => [job(name).needs ?? []].flat();
/** Every job that must finish before this one, directly or not. */
const upstream = (name: string): Set<string> => new Set(needs(name).flatMap((n) => [n, ...upstream(n)]));
const runs = (name: string) => job(name).steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
/** A GitHub `${{ }}` expression (joined, so it is not a template placeholder). */
const githubExpression = (body: string) => ['$', '{{ ', body, ' }}'].join('');
const usesAws = (j: Job) => j.steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));

describe('.github/workflows/delivery.yml', () => {
  it('runs on pull requests and on pushes to main', () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.on.push).toEqual({ branches: ['main'] });
  });

  it('tests and synthesizes first: on pull requests nothing else runs', () => {
    expect(runs('test')).toEqual(['npm ci', 'npm run audit:runtime', 'npm test', 'npm run test:e2e']);
    expect(job('test').steps.find((s) => s.run === 'npm run audit:runtime')?.env).toEqual({ AUDIT_REQUIRED: 'true' });
    expect(runs('synth')).toEqual(expect.arrayContaining(['npm ci', 'npm run synth']));
    for (const first of ['test', 'synth']) expect(needs(first)).toEqual([]);
    for (const [name, j] of Object.entries(jobs)) {
      if (name === 'test' || name === 'synth') continue;
      expect([...upstream(name)], name).toEqual(expect.arrayContaining(['test', 'synth']));
      // A job downstream of deploy-dev is skipped with it; deploy-dev itself runs only for main.
      if (!upstream(name).has('deploy-dev')) {
        expect(j.if, name).toContain("github.event_name == 'push'");
        expect(j.if, name).toContain("github.ref == 'refs/heads/main'");
      }
    }
  });

  it('deploys dev, runs the contract tests against it, and only then offers prod behind the prod environment', () => {
    expect(needs('deploy-dev')).toEqual(['test', 'synth']);
    expect(needs('contract-dev')).toEqual(['deploy-dev']);
    expect(needs('deploy-prod')).toEqual(['contract-dev']);
    expect(job('deploy-dev').environment).toBe('dev');
    expect(job('contract-dev').environment).toBe('dev');
    // Required reviewers on the GitHub environment are the manual approval (docs/operations.md "Delivery pipeline").
    expect(job('deploy-prod').environment).toBe('prod');
    expect(runs('deploy-dev')).toContainEqual(expect.stringMatching(/^npm run deploy:ci -- -c stage=dev\b/));
    expect(runs('deploy-prod')).toContainEqual(expect.stringMatching(/^npm run deploy:ci -- -c stage=prod\b/));
    // Preflight first, once the job has credentials: a missing account prerequisite stops the job with its fix.
    for (const [name, stage] of [
      ['deploy-dev', 'dev'],
      ['deploy-prod', 'prod'],
    ] as const) {
      const steps = runs(name);
      const preflight = steps.indexOf(`npm run preflight -- -c stage=${stage}`);
      expect(preflight, name).toBeGreaterThan(-1);
      expect(preflight, name).toBeLessThan(steps.findIndex((r) => /deploy:ci|npm run diff/.test(r)));
    }
    const deploys = Object.entries(jobs).filter(([, j]) => j.steps.some((s) => /deploy:ci/.test(s.run ?? '')));
    expect(deploys.map(([name]) => name).sort()).toEqual(['deploy-dev', 'deploy-prod']);
  });

  it('points the contract tests at the deployed dev stage with its API key and a client-credentials token', () => {
    const contract = job('contract-dev');
    expect(contract.env?.BASE_URL).toBe(githubExpression('needs.deploy-dev.outputs.api-url'));
    expect(runs('contract-dev')).toContain('npm run test:contract');
    const credentials = contract.steps.find((s) => s.run?.includes('grant_type=client_credentials'))?.run ?? '';
    expect(credentials).toContain('aws apigateway get-api-key');
    expect(credentials).toMatch(/echo "API_KEY=\$key"; echo "TOKEN=\$token"; } >> "\$GITHUB_ENV"/);
    for (const secret of ['key', 'secret', 'token']) expect(credentials).toContain(`echo "::add-mask::$${secret}"`);
    // The names the contract tool reads (test/contract/main.ts).
    const tool = readFileSync(resolve(root, 'test/contract/main.ts'), 'utf8');
    for (const name of ['BASE_URL', 'TOKEN', 'API_KEY']) expect(tool).toContain(`process.env.${name}`);
  });

  it('grants read-only contents by default and id-token: write only to the jobs that assume an AWS role', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [name, j] of Object.entries(jobs)) {
      if (usesAws(j)) expect(j.permissions, name).toEqual({ contents: 'read', 'id-token': 'write' });
      else expect(j.permissions, name).toBeUndefined();
    }
    expect(
      Object.entries(jobs)
        .filter(([, j]) => usesAws(j))
        .map(([name]) => name),
    ).toEqual(['deploy-dev', 'contract-dev', 'deploy-prod']);
  });

  it('assumes the role of its GitHub environment through OIDC, with no long-lived keys', () => {
    const text = readFileSync(resolve(root, '.github/workflows/delivery.yml'), 'utf8');
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\./i);
    for (const j of Object.values(jobs).filter(usesAws)) {
      const step = j.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(step?.with).toEqual({
        'role-to-assume': githubExpression('vars.AWS_ROLE_ARN'),
        'aws-region': githubExpression('vars.AWS_REGION'),
      });
      expect(j.environment).toMatch(/^(dev|prod)$/);
    }
  });

  it('calls only npm scripts that package.json has, and actions pinned to a release', () => {
    const scripts = Object.keys(packageJson.scripts);
    const called = Object.keys(jobs)
      .flatMap(runs)
      .flatMap((run) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string));
    expect(new Set(called)).toEqual(
      new Set(['audit:runtime', 'test:e2e', 'synth', 'preflight', 'deploy:ci', 'diff', 'test:contract']),
    );
    for (const script of called) expect(scripts, script).toContain(script);
    for (const { uses } of Object.values(jobs).flatMap((j) => j.steps)) {
      if (uses !== undefined) expect(uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    }
  });
});
