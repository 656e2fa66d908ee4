// Every physical name the stacks set is unique where AWS requires it, so the same stage deploys to a second region or
// account, dev and prod share an account, and a retry never meets a name of its own.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PipelineAccessStack } from '../../infra/lib/pipeline-access-stack.js';
import { accountScopedName, avatarBucketName, cognitoDomainPrefix } from '../../infra/lib/stageNames.js';
import {
  type CfnJson,
  checkedSettings,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStack,
  stageStack,
  synthStack,
} from '../helpers/synthStack.js';

/** Where AWS requires a name to be unique. */
type Scope = 'global' | 'account' | 'account-region' | 'region' | 'within-parent';

/**
 * The name each resource type takes, and where AWS keeps it unique:
 * S3 bucket names are global (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html);
 * Cognito domain prefixes are unique per region across accounts (the domain is <prefix>.auth.<region>.amazoncognito.com);
 * "All dashboards in your account are global, not region-specific"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-dashboard.html);
 * budget names "must be unique within an account" (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html);
 * IAM role names are unique per account; a web ACL's per account, region and scope; a log group's per account and region.
 */
const NAMES: Record<string, { path: string; scope: Scope }[]> = {
  'AWS::S3::Bucket': [{ path: 'BucketName', scope: 'global' }],
  'AWS::Cognito::UserPoolDomain': [{ path: 'Domain', scope: 'region' }],
  'AWS::CloudWatch::Dashboard': [{ path: 'DashboardName', scope: 'account' }],
  'AWS::Budgets::Budget': [{ path: 'Budget.BudgetName', scope: 'account' }],
  'AWS::CE::AnomalyMonitor': [{ path: 'MonitorName', scope: 'account' }],
  'AWS::CE::AnomalySubscription': [{ path: 'SubscriptionName', scope: 'account' }],
  'AWS::IAM::Role': [{ path: 'RoleName', scope: 'account' }],
  'AWS::WAFv2::WebACL': [{ path: 'Name', scope: 'account-region' }],
  'AWS::Logs::LogGroup': [{ path: 'LogGroupName', scope: 'account-region' }],
  // Unique only inside the API, pool, role or function they belong to, or not unique at all.
  'AWS::ApiGateway::RestApi': [{ path: 'Name', scope: 'within-parent' }],
  'AWS::ApiGateway::UsagePlan': [{ path: 'UsagePlanName', scope: 'within-parent' }],
  'AWS::ApiGateway::Stage': [{ path: 'StageName', scope: 'within-parent' }],
  'AWS::ApiGateway::Deployment': [{ path: 'StageName', scope: 'within-parent' }],
  'AWS::Lambda::Alias': [{ path: 'Name', scope: 'within-parent' }],
  'AWS::Cognito::UserPoolResourceServer': [{ path: 'Name', scope: 'within-parent' }],
  'AWS::IAM::Policy': [{ path: 'PolicyName', scope: 'within-parent' }],
};

/** Top-level properties that name another resource (or a metric, a config, a label), not the resource itself. */
const REFERENCES = new Set([
  'FunctionName@AWS::Lambda::Alias',
  'FunctionName@AWS::Lambda::Permission',
  'FunctionName@AWS::Lambda::Version',
  'FunctionName@AWS::Lambda::EventInvokeConfig',
  'MetricName@AWS::CloudWatch::Alarm',
  'ApplicationName@AWS::CodeDeploy::DeploymentGroup',
  'DeploymentConfigName@AWS::CodeDeploy::DeploymentGroup',
  'DisplayName@AWS::SNS::Topic',
  'LogGroupName@AWS::Logs::MetricFilter',
  'DestinationBucketName@Custom::CDKBucketDeployment',
  'BucketName@Custom::S3AutoDeleteObjects',
]);

const at = (properties: CfnJson, path: string): CfnJson =>
  path.split('.').reduce((value, key) => value?.[key], properties);

/** A name as CloudFormation would resolve it, with the template's pseudo parameters filled in. */
function resolved(value: CfnJson, account: string, region: string): string {
  if (typeof value === 'string') return value;
  if (value?.Ref === 'AWS::Region') return region;
  if (value?.Ref === 'AWS::AccountId') return account;
  if (value?.['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map((p: CfnJson) => resolved(p, account, region)).join(separator);
  }
  // A reference to a generated id (the REST API's, in the execution log group's name) is unique by construction.
  return `<${JSON.stringify(value)}>`;
}

interface Deployed {
  label: string;
  account: string;
  region: string;
  template: Template;
}

const names = (d: Deployed, scopes: Scope[]) =>
  Object.entries(d.template.toJSON().Resources as Record<string, CfnJson>).flatMap(([id, r]) =>
    (NAMES[r.Type] ?? [])
      .filter(({ scope, path }) => scopes.includes(scope) && at(r.Properties, path) !== undefined)
      .map(({ scope, path }) => ({
        id,
        key: `${r.Type} ${resolved(at(r.Properties, path), d.account, d.region)}`,
        scope,
        where: d,
      })),
  );

let stacks: Deployed[];
beforeAll(() => {
  const deployed = (label: string, s: SynthesizedStack, account: string, region: string): Deployed => ({
    label,
    account,
    region,
    template: s.template,
  });
  const at = (stage: 'dev' | 'prod', account: string, region: string) =>
    synthStack(stage, { stage: checkedSettings(stage), env: { account, region } });
  const pipeline = (account: string, region: string) => {
    const app = new App();
    const stack = new PipelineAccessStack(app, 'UsersApi-github', {
      repository: 'octo-org/users-api',
      environments: ['dev', 'prod'],
      env: { account, region },
    });
    return { label: `pipeline ${account} ${region}`, account, region, template: Template.fromStack(stack) };
  };
  stacks = [
    deployed('dev 000000000000 us-east-1', stageStack('dev'), '000000000000', 'us-east-1'),
    deployed('prod 000000000000 us-east-1', stageStack('prod'), '000000000000', 'us-east-1'),
    deployed('dev 000000000000 eu-west-1', at('dev', '000000000000', 'eu-west-1'), '000000000000', 'eu-west-1'),
    deployed('dev 111111111111 us-east-1', at('dev', '111111111111', 'us-east-1'), '111111111111', 'us-east-1'),
    pipeline('000000000000', 'us-east-1'),
    pipeline('000000000000', 'eu-west-1'),
  ];
}, SYNTH_TIMEOUT_MS);

/** Each name must differ between any two stacks that live in the same scope. */
function collisions(scopes: Scope[], sameScope: (a: Deployed, b: Deployed) => boolean): string[] {
  const seen = new Map<string, Deployed>();
  const clashes: string[] = [];
  for (const stack of stacks) {
    for (const { key } of names(stack, scopes)) {
      for (const [other, where] of seen) {
        if (other === key && where !== stack && sameScope(where, stack))
          clashes.push(`${key}: ${where.label} / ${stack.label}`);
      }
    }
    for (const { key } of names(stack, scopes)) seen.set(key, stack);
  }
  return clashes;
}

describe('physical names', () => {
  it('are each classified by where AWS keeps them unique (a new named resource must be added here)', () => {
    for (const { template } of stacks) {
      for (const [id, r] of Object.entries(template.toJSON().Resources as Record<string, CfnJson>)) {
        const named = Object.keys(r.Properties ?? {}).filter((k) => /Name$|^Name$|^Domain$/.test(k));
        for (const key of named) {
          if (REFERENCES.has(`${key}@${r.Type}`)) continue;
          expect(
            NAMES[r.Type]?.map((n) => n.path.split('.')[0]),
            `${id} ${r.Type}.${key}`,
          ).toContain(key);
        }
      }
    }
  });

  it('never repeat within a stack', () => {
    for (const stack of stacks) {
      const keys = names(stack, ['global', 'region', 'account', 'account-region']).map((n) => n.key);
      expect(keys.length, stack.label).toBe(new Set(keys).size);
    }
  });

  it('differ worldwide where S3 requires it', () => {
    expect(collisions(['global'], () => true)).toEqual([]);
  });

  it('differ per region across accounts where Cognito requires it', () => {
    expect(collisions(['region'], (a, b) => a.region === b.region)).toEqual([]);
  });

  it('differ within an account for dashboards, budgets and roles, so a stage deploys to a second region', () => {
    expect(collisions(['account'], (a, b) => a.account === b.account)).toEqual([]);
  });

  it('differ within an account and region for web ACLs and log groups', () => {
    expect(collisions(['account-region'], (a, b) => a.account === b.account && a.region === b.region)).toEqual([]);
  });

  it('fit AWS’s length limits with a 12-digit account and the longest region names', () => {
    const region = 'ap-southeast-5';
    for (const stage of ['dev', 'prod']) {
      // S3: 3-63 characters; Cognito domain prefix: up to 63; budget names: up to 100.
      expect(avatarBucketName(stage, '123456789012', region).length).toBeLessThanOrEqual(63);
      expect(cognitoDomainPrefix(stage, '123456789012').length).toBeLessThanOrEqual(63);
      expect(accountScopedName(stage, region).length).toBeLessThanOrEqual(100);
    }
    // IAM role names: up to 64.
    expect(`users-api-github-prod-${region}`.length).toBeLessThanOrEqual(64);
  });
});
