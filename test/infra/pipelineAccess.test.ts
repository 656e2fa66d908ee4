// The one-time pipeline stack: GitHub's OIDC provider and per-environment roles trusted only by this repository.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PipelineAccessStack } from '../../infra/lib/pipeline-access-stack.js';
import { PREFLIGHT_ACTIONS } from '../../scripts/preflight/actions.js';
import { type CfnJson, only, resourcesOf } from '../helpers/synthStack.js';

function synth(existingProviderArn?: string) {
  const app = new App();
  const stack = new PipelineAccessStack(app, 'UsersApi-github', {
    repository: 'octo-org/users-api',
    environments: ['dev', 'prod'],
    ...(existingProviderArn === undefined ? {} : { existingProviderArn }),
    env: { account: '000000000000', region: 'us-east-1' },
  });
  return { template: Template.fromStack(stack), nag: new AwsSolutionsChecks(app).validateScope(app) };
}

const roles = (template: Template) =>
  Object.values(resourcesOf(template, 'AWS::IAM::Role')).map((r) => r.Properties as CfnJson);
const role = (template: Template, environment: string) =>
  roles(template).find((r) => r.RoleName === `users-api-github-${environment}-us-east-1`);

describe('the pipeline access stack', () => {
  const { template, nag } = synth();

  it('registers GitHub’s OIDC issuer for STS', () => {
    const provider = only(resourcesOf(template, 'AWS::IAM::OIDCProvider')).Properties;
    expect(provider).toMatchObject({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it.each(['dev', 'prod'])('lets only this repository’s jobs in the %s environment assume its role', (environment) => {
    const trust = role(template, environment)?.AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: { Ref: expect.stringMatching(/^GitHub/) } },
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': `repo:octo-org/users-api:environment:${environment}`,
          },
        },
      },
    ]);
    expect(role(template, environment)?.MaxSessionDuration).toBe(3600);
  });

  it('lets the roles only step into the CDK bootstrap roles and run preflight, and dev read the key and secret', () => {
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).map((p) => ({
      roles: JSON.stringify(p.Properties.Roles),
      actions: p.Properties.PolicyDocument.Statement.map((s: CfnJson) => s.Action),
      statements: p.Properties.PolicyDocument.Statement as CfnJson[],
    }));
    const of = (environment: string) => policies.find((p) => p.roles.includes(`Deploy${environment}`));
    const preflight = { Effect: 'Allow', Action: [...PREFLIGHT_ACTIONS], Resource: '*' };
    expect(of('prod')?.actions).toEqual(['sts:AssumeRole', [...PREFLIGHT_ACTIONS]]);
    expect(of('dev')?.actions).toEqual([
      'sts:AssumeRole',
      [...PREFLIGHT_ACTIONS],
      'apigateway:GET',
      'cognito-idp:DescribeUserPoolClient',
    ]);
    for (const kind of ['deploy', 'file-publishing', 'image-publishing', 'lookup']) {
      expect(JSON.stringify(of('prod')?.statements[0])).toContain(
        `:role/cdk-hnb659fds-${kind}-role-000000000000-us-east-1`,
      );
    }
    // Nothing but the read-only preflight calls on *.
    expect(of('prod')?.statements[1]).toEqual(preflight);
    expect(JSON.stringify(of('prod')?.statements[0])).not.toContain('*');
    expect(PREFLIGHT_ACTIONS.every((a) => /:(Get|Describe|List|View)\w*$|^apigateway:GET$/.test(a))).toBe(true);
  });

  it('reuses an existing provider when given its ARN', () => {
    const arn = 'arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com';
    const reused = synth(arn).template;
    expect(resourcesOf(reused, 'AWS::IAM::OIDCProvider')).toEqual({});
    expect(role(reused, 'dev')?.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Federated: arn });
  });

  it('has a role for each environment the workflow deploys from, and is cdk-nag clean', () => {
    const workflow = parse(readFileSync(resolve(import.meta.dirname, '../../.github/workflows/delivery.yml'), 'utf8'));
    const environments = new Set(
      Object.values(workflow.jobs as Record<string, { environment?: string }>).flatMap((j) => j.environment ?? []),
    );
    expect([...environments].sort()).toEqual(['dev', 'prod']);
    for (const environment of environments) expect(role(template, environment)).toBeDefined();
    expect(nag.violations).toEqual([]);
  });

  it('refuses a repository that is not owner/name', () => {
    expect(() => new PipelineAccessStack(new App(), 'Bad', { repository: 'users-api', environments: ['dev'] })).toThrow(
      /owner\/name/,
    );
  });
});
