// What an account lacks before a stage's deploy: read-only AWS calls, each finding with the command that fixes it.
// `npm run preflight -- -c stage=NAME` (scripts/preflight/main.ts) prints them and exits 1 when a deploy would fail.
import { APIGatewayClient, GetAccountCommand } from '@aws-sdk/client-api-gateway';
import { BudgetsClient, DescribeBudgetCommand } from '@aws-sdk/client-budgets';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import {
  CostExplorerClient,
  GetAnomalyMonitorsCommand,
  ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { StageSettings } from '../../config/stages.js';
import { ACCOUNT_STACK_NAME } from '../../infra/lib/account-stack.js';
import { COST_TAG_KEY } from '../../infra/lib/constructs/CostControls.js';
import { accountScopedName, avatarBucketName, stackName } from '../../infra/lib/stageNames.js';

export type Status = 'ok' | 'warn' | 'fail';

export interface Finding {
  readonly check: string;
  readonly status: Status;
  readonly message: string;
  /** The command (or step) that fixes it. */
  readonly fix?: string;
}

/** The clients preflight calls, one per service; tests hand in clients whose calls are recorded responses. */
export interface Clients {
  readonly sts: STSClient;
  readonly ssm: SSMClient;
  readonly cloudFormation: CloudFormationClient;
  readonly apiGateway: APIGatewayClient;
  readonly cloudFront: CloudFrontClient;
  readonly lambda: LambdaClient;
  readonly costExplorer: CostExplorerClient;
  readonly budgets: BudgetsClient;
  readonly organizations: OrganizationsClient;
  readonly s3: S3Client;
}

export function clientsFor(region: string | undefined): Clients {
  const config = region === undefined ? {} : { region };
  return {
    sts: new STSClient(config),
    ssm: new SSMClient(config),
    cloudFormation: new CloudFormationClient(config),
    apiGateway: new APIGatewayClient(config),
    // Cost Explorer, Budgets, Organizations and CloudFront are global services with one endpoint each.
    cloudFront: new CloudFrontClient({ region: 'us-east-1' }),
    lambda: new LambdaClient(config),
    costExplorer: new CostExplorerClient({ region: 'us-east-1' }),
    budgets: new BudgetsClient({ region: 'us-east-1' }),
    organizations: new OrganizationsClient({ region: 'us-east-1' }),
    s3: new S3Client(config),
  };
}

/** The CDK bootstrap stack's default qualifier, and the oldest bootstrap version the synthesized templates accept. */
export const BOOTSTRAP_QUALIFIER = 'hnb659fds';
export const MIN_BOOTSTRAP_VERSION = 6;

/** Lambda keeps this much of an account's concurrency unreserved; reservations and provisioning may not go below it. */
export const UNRESERVED_MINIMUM = 100;

const errorName = (error: unknown) => (error as { name?: string }).name ?? '';
const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isAccessDenied = (error: unknown) =>
  /AccessDenied|UnauthorizedOperation|not authorized/i.test(`${errorName(error)} ${errorMessage(error)}`);

interface Context {
  readonly stage: StageSettings;
  readonly account: string;
  readonly region: string;
}

/** Runs every check; the first, who the caller is, decides whether the others can run at all. */
export async function preflight(clients: Clients, stage: StageSettings): Promise<Finding[]> {
  let account: string;
  let region: string;
  try {
    region = await clients.sts.config.region();
  } catch {
    return [
      {
        check: 'region',
        status: 'fail',
        message: 'no AWS region is configured',
        fix: 'export AWS_REGION=<region> (or set region in the profile)',
      },
    ];
  }
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    account = identity.Account ?? '';
  } catch (error) {
    return [
      {
        check: 'credentials',
        status: 'fail',
        message: `no usable AWS credentials (${errorName(error) || 'error'})`,
        fix: 'configure credentials for the target account, e.g. export AWS_PROFILE=<profile> or aws sso login',
      },
    ];
  }
  const context: Context = { stage, account, region };
  const findings: Finding[] = [{ check: 'credentials', status: 'ok', message: `account ${account}, region ${region}` }];
  const stack = await stackState(clients, context);
  findings.push(stack.finding);
  for (const check of [
    bootstrap,
    apiGatewayLogsRole,
    cloudFront,
    lambdaConcurrency,
    costTag,
    anomalyDetection,
    ...(stack.exists ? [] : [freeNames]),
  ]) {
    findings.push(...(await check(clients, context)));
  }
  return findings;
}

const FAILED_STATES = new Set(['ROLLBACK_FAILED', 'DELETE_FAILED', 'UPDATE_ROLLBACK_FAILED', 'IMPORT_ROLLBACK_FAILED']);

async function stackState(clients: Clients, { stage }: Context): Promise<{ exists: boolean; finding: Finding }> {
  const name = stackName(stage.name);
  try {
    const { Stacks } = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
    const status = Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
    if (FAILED_STATES.has(status)) {
      return {
        exists: true,
        finding: {
          check: 'stack',
          status: 'fail',
          message: `${name} is ${status}: CloudFormation updates it only once that is resolved`,
          fix:
            status === 'UPDATE_ROLLBACK_FAILED'
              ? `aws cloudformation continue-update-rollback --stack-name ${name}`
              : `aws cloudformation delete-stack --stack-name ${name} (a dev stage), or resolve the failed resources it names`,
        },
      };
    }
    if (status.endsWith('_IN_PROGRESS')) {
      return {
        exists: true,
        finding: { check: 'stack', status: 'fail', message: `${name} is ${status}`, fix: 'wait for it to finish' },
      };
    }
    // cdk deploy deletes a stack whose first create rolled back (ROLLBACK_COMPLETE) and creates it anew.
    return {
      exists: status !== 'ROLLBACK_COMPLETE',
      finding: { check: 'stack', status: 'ok', message: `${name} is ${status}` },
    };
  } catch (error) {
    if (/does not exist/.test(errorMessage(error))) {
      return {
        exists: false,
        finding: { check: 'stack', status: 'ok', message: `${name} does not exist yet: a first deploy` },
      };
    }
    throw error;
  }
}

async function bootstrap(clients: Clients, { account, region }: Context): Promise<Finding[]> {
  const fix = `npx cdk bootstrap aws://${account}/${region}`;
  try {
    const { Parameter } = await clients.ssm.send(
      new GetParameterCommand({ Name: `/cdk-bootstrap/${BOOTSTRAP_QUALIFIER}/version` }),
    );
    const version = Number(Parameter?.Value);
    return version >= MIN_BOOTSTRAP_VERSION
      ? [{ check: 'CDK bootstrap', status: 'ok', message: `version ${version}` }]
      : [
          {
            check: 'CDK bootstrap',
            status: 'fail',
            message: `version ${Parameter?.Value}, the templates need ${MIN_BOOTSTRAP_VERSION} or later`,
            fix,
          },
        ];
  } catch (error) {
    if (errorName(error) !== 'ParameterNotFound') throw error;
    return [{ check: 'CDK bootstrap', status: 'fail', message: `${region} of ${account} is not bootstrapped`, fix }];
  }
}

async function apiGatewayLogsRole(clients: Clients): Promise<Finding[]> {
  const { cloudwatchRoleArn } = await clients.apiGateway.send(new GetAccountCommand({}));
  return cloudwatchRoleArn
    ? [{ check: 'API Gateway CloudWatch role', status: 'ok', message: cloudwatchRoleArn }]
    : [
        {
          check: 'API Gateway CloudWatch role',
          status: 'fail',
          message:
            'not set: creating a stage with access or execution logs fails ("CloudWatch Logs role ARN must be set in account settings to enable logging")',
          fix: `npm run deploy:account (stack ${ACCOUNT_STACK_NAME}; once per account and region)`,
        },
      ];
}

async function cloudFront(clients: Clients): Promise<Finding[]> {
  const { DistributionList } = await clients.cloudFront.send(new ListDistributionsCommand({ MaxItems: 1 }));
  if ((DistributionList?.Quantity ?? 0) > 0) {
    return [{ check: 'CloudFront', status: 'ok', message: 'the account already has distributions' }];
  }
  return [
    {
      check: 'CloudFront',
      status: 'warn',
      message:
        'no distribution yet: a new account may not create one until AWS verifies it ("Your account must be verified before you can add new CloudFront resources")',
      fix: 'if the deploy fails so, open an AWS Support case to verify the account, and meanwhile deploy with -c docsSite=false',
    },
  ];
}

async function lambdaConcurrency(clients: Clients, { stage }: Context): Promise<Finding[]> {
  const { AccountLimit } = await clients.lambda.send(new GetAccountSettingsCommand({}));
  const limit = AccountLimit?.ConcurrentExecutions ?? 0;
  const unreserved = AccountLimit?.UnreservedConcurrentExecutions ?? 0;
  const warm = stage.provisionedConcurrency;
  // The alias may be scaled up to max; a fixed amount is min.
  const provisioned = warm.min === 0 ? 0 : Math.max(warm.min, warm.max);
  const increase =
    'aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000';
  const findings: Finding[] = [];
  if (provisioned > 0 && unreserved - provisioned < UNRESERVED_MINIMUM) {
    findings.push({
      check: 'Lambda concurrency',
      status: 'fail',
      message: `${stage.name} provisions up to ${provisioned} executions, but only ${unreserved} of ${limit} are unreserved and Lambda keeps ${UNRESERVED_MINIMUM} of them free`,
      fix: increase,
    });
  } else if (limit < 1000) {
    findings.push({
      check: 'Lambda concurrency',
      status: 'warn',
      message: `the account runs at most ${limit} executions at once (new accounts start low): ${stage.name} throttles at ${stage.throttle.rateLimit} requests/s`,
      fix: increase,
    });
  } else {
    findings.push({
      check: 'Lambda concurrency',
      status: 'ok',
      message: `${unreserved} of ${limit} unreserved; ${stage.name} reserves none and provisions ${provisioned}`,
    });
  }
  return findings;
}

async function costTag(clients: Clients, { account }: Context): Promise<Finding[]> {
  const activate = `aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=${COST_TAG_KEY},Status=Active`;
  const management = await managementAccount(clients);
  const where =
    management !== undefined && management !== account
      ? ` in the organization's management account ${management} (a member account cannot)`
      : '';
  try {
    const { CostAllocationTags } = await clients.costExplorer.send(
      new ListCostAllocationTagsCommand({ TagKeys: [COST_TAG_KEY], Type: 'UserDefined' }),
    );
    const status = CostAllocationTags?.[0]?.Status;
    if (status === 'Active') return [{ check: 'cost tag', status: 'ok', message: `${COST_TAG_KEY} is active` }];
    return [
      {
        check: 'cost tag',
        status: 'warn',
        message:
          status === undefined
            ? `${COST_TAG_KEY} is not known to billing yet (it appears up to 24 hours after a deploy tags resources): until it is active the budget and the anomaly monitor see $0`
            : `${COST_TAG_KEY} is ${status}: the budget and the anomaly monitor see $0 until it is active`,
        fix: `once it is listed, run${where}: ${activate}`,
      },
    ];
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
    return [
      {
        check: 'cost tag',
        status: 'warn',
        message: `cannot read cost allocation tags here (${errorName(error)})`,
        fix: `ask the billing administrator${where} to run: ${activate}`,
      },
    ];
  }
}

async function managementAccount(clients: Clients): Promise<string | undefined> {
  try {
    const { Organization } = await clients.organizations.send(new DescribeOrganizationCommand({}));
    return Organization?.MasterAccountId;
  } catch (error) {
    if (errorName(error) === 'AWSOrganizationsNotInUseException' || isAccessDenied(error)) return undefined;
    throw error;
  }
}

async function anomalyDetection(clients: Clients): Promise<Finding[]> {
  try {
    await clients.costExplorer.send(new GetAnomalyMonitorsCommand({ MaxResults: 1 }));
    return [{ check: 'Cost Explorer', status: 'ok', message: 'enabled: the anomaly monitor can be created' }];
  } catch (error) {
    if (/not enabled/i.test(errorMessage(error))) {
      return [
        {
          check: 'Cost Explorer',
          status: 'fail',
          message: 'not enabled for this account: the stack’s anomaly monitor cannot be created',
          fix: 'open Cost Explorer once in the Billing and Cost Management console (enabling takes up to 24 hours)',
        },
      ];
    }
    if (!isAccessDenied(error)) throw error;
    return [
      {
        check: 'Cost Explorer',
        status: 'warn',
        message: `cannot tell whether it is enabled (${errorName(error)}); the deploy's own role creates the monitor`,
      },
    ];
  }
}

/** On a first deploy, the names the stack sets must be free: a leftover of another stack or account blocks the create. */
async function freeNames(clients: Clients, { stage, account, region }: Context): Promise<Finding[]> {
  const findings: Finding[] = [];
  const bucket = avatarBucketName(stage.name, account, region);
  try {
    await clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    findings.push({
      check: 'bucket name',
      status: 'fail',
      message: `${bucket} already exists, left by an earlier ${stackName(stage.name)}`,
      fix: `empty and delete it if its data is not needed: aws s3 rb s3://${bucket} --force`,
    });
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) findings.push({ check: 'bucket name', status: 'ok', message: `${bucket} is free` });
    else if (status === 403) {
      findings.push({
        check: 'bucket name',
        status: 'fail',
        message: `${bucket} belongs to another account`,
        fix: 'S3 names are global: deploy from the account whose id the name carries',
      });
    } else throw error;
  }
  const budget = accountScopedName(stage.name, region);
  try {
    await clients.budgets.send(new DescribeBudgetCommand({ AccountId: account, BudgetName: budget }));
    findings.push({
      check: 'budget name',
      status: 'fail',
      message: `a budget named ${budget} exists outside the stack`,
      fix: `aws budgets delete-budget --account-id ${account} --budget-name ${budget}`,
    });
  } catch (error) {
    if (errorName(error) === 'NotFoundException') {
      findings.push({ check: 'budget name', status: 'ok', message: `${budget} is free` });
    } else if (isAccessDenied(error)) {
      findings.push({ check: 'budget name', status: 'warn', message: `cannot read budgets (${errorName(error)})` });
    } else throw error;
  }
  return findings;
}
