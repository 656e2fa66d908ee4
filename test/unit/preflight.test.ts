// `npm run preflight` at the SDK boundary: each AWS call answers with a response recorded in the shape the API
// reference gives (aws-sdk-client-mock; no AWS account here), and the findings, fixes and exit status follow.
import { readFileSync } from 'node:fs';
import { GetAccountCommand } from '@aws-sdk/client-api-gateway';
import { DescribeBudgetCommand, NotFoundException } from '@aws-sdk/client-budgets';
import { CloudFormationServiceException, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import {
  CostExplorerServiceException,
  GetAnomalyMonitorsCommand,
  ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda';
import { AWSOrganizationsNotInUseException, DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { HeadBucketCommand, NotFound, S3ServiceException } from '@aws-sdk/client-s3';
import { GetParameterCommand, ParameterNotFound } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type StageSettings, stages } from '../../config/stages.js';
import { PREFLIGHT_ACTIONS } from '../../scripts/preflight/actions.js';
import { clientsFor, type Finding, preflight } from '../../scripts/preflight/checks.js';
import { contextArg, report } from '../../scripts/preflight/main.js';

const ACCOUNT = '123456789012';
const clients = clientsFor('eu-west-1');
const mocks = {
  sts: mockClient(clients.sts),
  ssm: mockClient(clients.ssm),
  cloudFormation: mockClient(clients.cloudFormation),
  apiGateway: mockClient(clients.apiGateway),
  cloudFront: mockClient(clients.cloudFront),
  lambda: mockClient(clients.lambda),
  costExplorer: mockClient(clients.costExplorer),
  budgets: mockClient(clients.budgets),
  organizations: mockClient(clients.organizations),
  s3: mockClient(clients.s3),
};
const $metadata = { httpStatusCode: 400, requestId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' };

/** A brand-new account: answers as the API references show them for an account nothing was done in yet. */
function newAccount(): void {
  for (const mock of Object.values(mocks)) mock.reset();
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
  mocks.sts.on(GetCallerIdentityCommand).resolves({
    UserId: 'AIDASAMPLEUSERID',
    Account: ACCOUNT,
    Arn: `arn:aws:iam::${ACCOUNT}:user/deployer`,
  });
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
  mocks.cloudFormation.on(DescribeStacksCommand).rejects(
    new CloudFormationServiceException({
      name: 'ValidationError',
      $fault: 'client',
      $metadata,
      message: 'Stack with id UsersApi-dev does not exist',
    }),
  );
  // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
  mocks.ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ $metadata, message: '' }));
  // https://docs.aws.amazon.com/apigateway/latest/api/API_GetAccount.html: no cloudwatchRoleArn until one is set.
  mocks.apiGateway.on(GetAccountCommand).resolves({
    throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
    features: ['UsagePlans'],
    apiKeyVersion: '4',
  });
  // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ListDistributions.html
  mocks.cloudFront.on(ListDistributionsCommand).resolves({
    DistributionList: { Marker: '', MaxItems: 1, IsTruncated: false, Quantity: 0 },
  });
  // https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html (a new account's quota of 10)
  mocks.lambda.on(GetAccountSettingsCommand).resolves({
    AccountLimit: {
      TotalCodeSize: 80530636800,
      CodeSizeUnzipped: 262144000,
      CodeSizeZipped: 52428800,
      ConcurrentExecutions: 10,
      UnreservedConcurrentExecutions: 10,
    },
    AccountUsage: { TotalCodeSize: 0, FunctionCount: 0 },
  });
  // https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_ListCostAllocationTags.html
  mocks.costExplorer.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [] });
  mocks.costExplorer.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [] });
  // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
  mocks.organizations
    .on(DescribeOrganizationCommand)
    .rejects(new AWSOrganizationsNotInUseException({ $metadata, message: 'not in an organization' }));
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html: 404 for a name nobody has.
  mocks.s3
    .on(HeadBucketCommand)
    .rejects(new NotFound({ $metadata: { ...$metadata, httpStatusCode: 404 }, message: '' }));
  // https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_DescribeBudget.html
  mocks.budgets.on(DescribeBudgetCommand).rejects(new NotFoundException({ $metadata, message: 'not found' }));
}

/** An account that has run the runbook: bootstrapped, the role set, CloudFront used, the quota raised, the tag active. */
function readyAccount(): void {
  newAccount();
  mocks.ssm.on(GetParameterCommand).resolves({
    Parameter: { Name: '/cdk-bootstrap/hnb659fds/version', Type: 'String', Value: '29', Version: 3 },
  });
  mocks.apiGateway.on(GetAccountCommand).resolves({
    cloudwatchRoleArn: `arn:aws:iam::${ACCOUNT}:role/UsersApi-account-ApiGatewayLogsRole`,
    throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
  });
  mocks.cloudFront.on(ListDistributionsCommand).resolves({
    DistributionList: { Marker: '', MaxItems: 1, IsTruncated: true, Quantity: 1, NextMarker: 'E2EXAMPLE' },
  });
  mocks.lambda.on(GetAccountSettingsCommand).resolves({
    AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 },
  });
  mocks.costExplorer.on(ListCostAllocationTagsCommand).resolves({
    CostAllocationTags: [{ TagKey: 'cost-center', Type: 'UserDefined', Status: 'Active' }],
  });
  mocks.cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: 'UsersApi-dev', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date('2026-11-01') }],
  });
}

const byCheck = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.check, f]));
const failed = (findings: Finding[]) => findings.filter((f) => f.status === 'fail').map((f) => f.check);

describe('preflight in a new account', () => {
  beforeEach(newAccount);

  it('fails on what the first deploy would fail on, each with its fix', async () => {
    const findings = await preflight(clients, stages.dev);
    expect(failed(findings)).toEqual(['CDK bootstrap', 'API Gateway CloudWatch role']);
    const f = byCheck(findings);
    expect(f['CDK bootstrap']?.fix).toBe(`npx cdk bootstrap aws://${ACCOUNT}/eu-west-1`);
    expect(f['API Gateway CloudWatch role']?.fix).toMatch(/^npm run deploy:account/);
    expect(f.stack?.message).toBe('UsersApi-dev does not exist yet: a first deploy');
  });

  it('warns about what may fail or lag: CloudFront verification, the concurrency quota, the inactive cost tag', async () => {
    const f = byCheck(await preflight(clients, stages.dev));
    expect(f.CloudFront).toMatchObject({ status: 'warn', fix: expect.stringContaining('-c docsSite=false') });
    expect(f['Lambda concurrency']).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('--quota-code L-B99A9384'),
    });
    expect(f['cost tag']).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('see $0'),
      fix: expect.stringContaining('update-cost-allocation-tags-status'),
    });
  });

  it('checks that the names it will create are free: the avatar bucket and the budget', async () => {
    const f = byCheck(await preflight(clients, stages.dev));
    expect(f['bucket name']).toMatchObject({
      status: 'ok',
      message: `users-api-dev-avatars-${ACCOUNT}-eu-west-1 is free`,
    });
    expect(f['budget name']).toMatchObject({ status: 'ok', message: 'users-api-dev-eu-west-1 is free' });
    expect(mocks.s3.commandCalls(HeadBucketCommand)[0]?.args[0].input).toEqual({
      Bucket: `users-api-dev-avatars-${ACCOUNT}-eu-west-1`,
    });
  });

  it('fails on a leftover bucket of an earlier stack, or one of another account', async () => {
    mocks.s3.on(HeadBucketCommand).resolves({ BucketRegion: 'eu-west-1' });
    expect(byCheck(await preflight(clients, stages.dev))['bucket name']).toMatchObject({
      status: 'fail',
      fix: `empty and delete it if its data is not needed: aws s3 rb s3://users-api-dev-avatars-${ACCOUNT}-eu-west-1 --force`,
    });
    mocks.s3.on(HeadBucketCommand).rejects(
      new S3ServiceException({
        name: 'Forbidden',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: '',
      }),
    );
    expect(byCheck(await preflight(clients, stages.dev))['bucket name']?.status).toBe('fail');
  });

  it('names the management account when this one is a member of an organization', async () => {
    mocks.organizations.on(DescribeOrganizationCommand).resolves({
      Organization: { Id: 'o-exampleorgid', MasterAccountId: '999999999999', FeatureSet: 'ALL' },
    });
    const f = byCheck(await preflight(clients, stages.dev));
    expect(f['cost tag']?.fix).toContain("in the organization's management account 999999999999");
  });

  it('fails when Cost Explorer is not enabled, which the anomaly monitor needs', async () => {
    mocks.costExplorer.on(GetAnomalyMonitorsCommand).rejects(
      new CostExplorerServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata,
        message: 'User not enabled for cost explorer access',
      }),
    );
    expect(failed(await preflight(clients, stages.dev))).toContain('Cost Explorer');
  });

  it('fails a stage whose provisioned concurrency the account cannot give', async () => {
    const warm: StageSettings = { ...stages.prod, provisionedConcurrency: { min: 2, max: 20, utilizationTarget: 0.7 } };
    const f = byCheck(await preflight(clients, warm));
    expect(f['Lambda concurrency']).toMatchObject({
      status: 'fail',
      message:
        'prod provisions up to 20 executions, but only 10 of 10 are unreserved and Lambda keeps 100 of them free',
    });
  });
});

describe('preflight in a ready account', () => {
  beforeEach(readyAccount);

  it('finds nothing to fix and leaves names of an existing stack alone', async () => {
    const findings = await preflight(clients, stages.dev);
    expect(findings.filter((f) => f.status !== 'ok')).toEqual([]);
    expect(mocks.s3.commandCalls(HeadBucketCommand)).toHaveLength(0);
  });

  it('fails on a stack stuck in a failed rollback, with the command that resumes it', async () => {
    mocks.cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'UsersApi-dev', StackStatus: 'UPDATE_ROLLBACK_FAILED', CreationTime: new Date() }],
    });
    expect(byCheck(await preflight(clients, stages.dev)).stack).toMatchObject({
      status: 'fail',
      fix: 'aws cloudformation continue-update-rollback --stack-name UsersApi-dev',
    });
  });
});

describe('preflight without credentials', () => {
  it('stops at the first check and says how to get them', async () => {
    newAccount();
    mocks.sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }));
    const findings = await preflight(clients, stages.dev);
    expect(findings).toEqual([expect.objectContaining({ check: 'credentials', status: 'fail' })]);
    expect(mocks.ssm.calls()).toHaveLength(0);
  });
});

describe('the preflight command', () => {
  it('reads the stage the way the CDK CLI takes context, and prints each finding with its fix', () => {
    expect(contextArg(['-c', 'stage=prod'], 'stage')).toBe('prod');
    expect(contextArg(['--context', 'stage=dev', '-c', 'x=1'], 'stage')).toBe('dev');
    expect(contextArg(['-c', 'alarmEmail=a=b'], 'alarmEmail')).toBe('a=b');
    expect(contextArg([], 'stage')).toBeUndefined();
    expect(report([{ check: 'CDK bootstrap', status: 'fail', message: 'missing', fix: 'npx cdk bootstrap' }])).toBe(
      'FAIL CDK bootstrap: missing\n     fix: npx cdk bootstrap',
    );
  });

  it('is granted exactly the actions of the calls it makes (the pipeline roles carry PREFLIGHT_ACTIONS)', () => {
    const source = readFileSync('scripts/preflight/checks.ts', 'utf8');
    const commands = [...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1] as string);
    const action: Record<string, string> = {
      GetCallerIdentity: 'sts:GetCallerIdentity',
      GetParameter: 'ssm:GetParameter',
      DescribeStacks: 'cloudformation:DescribeStacks',
      GetAccount: 'apigateway:GET',
      ListDistributions: 'cloudfront:ListDistributions',
      GetAccountSettings: 'lambda:GetAccountSettings',
      ListCostAllocationTags: 'ce:ListCostAllocationTags',
      GetAnomalyMonitors: 'ce:GetAnomalyMonitors',
      DescribeBudget: 'budgets:ViewBudget',
      DescribeOrganization: 'organizations:DescribeOrganization',
      HeadBucket: 's3:ListBucket',
    };
    expect(commands.map((c) => action[c] ?? `unmapped ${c}`).sort()).toEqual([...PREFLIGHT_ACTIONS].sort());
  });
});
