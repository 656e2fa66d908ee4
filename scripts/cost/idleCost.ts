// What a stage costs a month while nobody calls it, read from its synthesized template and priced with prices.ts.
// `npm run cost:idle` prints each stage's figure; `-- --docs` writes the table into docs/operations.md between the
// idle-cost markers, where test/infra/idleCost.test.ts checks it still matches the templates.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type StageName, stages } from '../../config/stages.js';
import { BUDGET_ALERT_PERCENTAGES } from '../../infra/lib/constructs/CostControls.js';
import { sectionOf, withSection } from './docSection.js';
import { HOURS_PER_MONTH, type PriceName, priceSources, prices } from './prices.js';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON has no static type.
type CfnJson = any;
export interface CfnTemplate {
  readonly Resources: Record<string, CfnJson>;
}

export interface IdleLine {
  /** What is billed, e.g. "WAF rules". */
  readonly kind: string;
  /** How many of it the stage has (rules, metrics, keys...). */
  readonly quantity: number;
  readonly monthlyUsd: number;
  readonly prices: readonly PriceName[];
}

export interface IdleCost {
  /** One line per kind, the most expensive first. */
  readonly lines: readonly IdleLine[];
  readonly totalUsd: number;
}

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/**
 * Resource types billed only by use (requests, GB stored or moved, invocations), so nothing while idle and empty.
 * A type missing from here and from idleLines() stops the script: a new billed resource cannot go uncounted.
 */
export const USAGE_PRICED: Readonly<Record<string, string>> = {
  'AWS::ApiGateway::RestApi': 'per request',
  'AWS::ApiGateway::Deployment': 'no charge',
  'AWS::ApiGateway::ApiKey': 'no charge',
  'AWS::ApiGateway::UsagePlan': 'no charge',
  'AWS::ApiGateway::UsagePlanKey': 'no charge',
  'AWS::ApplicationAutoScaling::ScalingPolicy': 'no charge (its alarms are Application Auto Scaling’s)',
  'AWS::CE::AnomalyMonitor': 'no charge',
  'AWS::CE::AnomalySubscription': 'no charge',
  'AWS::CloudFront::Distribution': 'per request and GB out',
  'AWS::CloudFront::OriginAccessControl': 'no charge',
  'AWS::CloudFront::ResponseHeadersPolicy': 'no charge',
  'AWS::CodeDeploy::Application': 'no charge for Lambda deployments',
  'AWS::CodeDeploy::DeploymentGroup': 'no charge for Lambda deployments',
  'AWS::Cognito::UserPool': 'per monthly active user',
  'AWS::Cognito::UserPoolDomain': 'no charge',
  'AWS::Cognito::UserPoolResourceServer': 'no charge',
  'AWS::DynamoDB::GlobalTable': 'on demand: per request unit, and per GB stored (and backed up)',
  'AWS::IAM::Policy': 'no charge',
  'AWS::IAM::Role': 'no charge',
  'AWS::Lambda::EventInvokeConfig': 'no charge',
  'AWS::Lambda::Function': 'per request and GB-second',
  'AWS::Lambda::LayerVersion': 'no charge',
  'AWS::Lambda::Permission': 'no charge',
  'AWS::Lambda::Version': 'no charge',
  'AWS::Logs::LogGroup': 'per GB ingested and stored',
  'AWS::Logs::MetricFilter': 'per custom metric-month, only in hours it receives data',
  'AWS::S3::Bucket': 'per GB stored and per request',
  'AWS::S3::BucketPolicy': 'no charge',
  'AWS::SNS::Subscription': 'per notification',
  'AWS::SNS::Topic': 'per notification',
  'AWS::SNS::TopicPolicy': 'no charge',
  'AWS::SQS::Queue': 'per request (an empty queue bills nothing)',
  'AWS::SQS::QueuePolicy': 'no charge',
  'AWS::WAFv2::WebACLAssociation': 'no charge',
  'Custom::CDKBucketDeployment': 'a Lambda run per deploy',
  'Custom::S3AutoDeleteObjects': 'a Lambda run per delete',
};

const line = (kind: string, quantity: number, name: PriceName, unitUsd = prices[name].usd): IdleLine => ({
  kind,
  quantity,
  monthlyUsd: quantity * unitUsd,
  prices: [name],
});

/** Standard-resolution metrics an alarm watches: one, or each metric (not expression) of its math. */
function alarmMetrics(alarm: CfnJson): number {
  const metrics: CfnJson[] | undefined = alarm.Metrics;
  return metrics === undefined ? 1 : metrics.filter((m) => m.MetricStat !== undefined).length;
}

function functionMemoryGb(template: CfnTemplate, functionId: string | undefined): number {
  const memory = functionId === undefined ? undefined : template.Resources[functionId]?.Properties?.MemorySize;
  if (typeof memory !== 'number') throw new Error(`cannot find the memory of function ${functionId}`);
  return memory / 1024;
}

/** Provisioned executions are billed per GB-second configured, used or not. */
const provisioned = (template: CfnTemplate, executions: number, functionId: string | undefined): IdleLine =>
  line(
    'Lambda provisioned concurrency (executions)',
    executions,
    'lambdaArmProvisionedGbSecond',
    functionMemoryGb(template, functionId) * SECONDS_PER_MONTH * prices.lambdaArmProvisionedGbSecond.usd,
  );

/** The lines a resource adds to the idle bill (none for a usage-priced type). */
function idleLines(template: CfnTemplate, resource: CfnJson): IdleLine[] {
  const p = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::WAFv2::WebACL':
      // A managed rule group counts as one rule.
      return [line('WAF web ACLs', 1, 'wafWebAcl'), line('WAF rules', (p.Rules ?? []).length, 'wafRule')];
    case 'AWS::Cognito::UserPoolClient':
      return (p.AllowedOAuthFlows ?? []).includes('client_credentials')
        ? [line('Cognito client-credentials app clients', 1, 'cognitoM2mAppClient')]
        : [];
    case 'AWS::KMS::Key':
      return [line('KMS customer managed keys', 1, 'kmsKey')];
    case 'AWS::SecretsManager::Secret':
      return [line('Secrets Manager secrets', 1, 'secret')];
    case 'AWS::CloudWatch::Alarm':
      if ((p.Period ?? 60) < 60) throw new Error('high-resolution alarms are not in the price table');
      return [line('CloudWatch alarm metrics', alarmMetrics(p), 'alarmMetric')];
    case 'AWS::CloudWatch::Dashboard':
      return [line('CloudWatch dashboards', 1, 'dashboard')];
    case 'AWS::ApiGateway::Stage':
      if (p.CacheClusterEnabled !== true) return [];
      if (p.CacheClusterSize !== '0.5') throw new Error(`cache size ${p.CacheClusterSize} is not in the price table`);
      return [line('API Gateway cache (0.5 GB)', 1, 'restApiCache05Gb', HOURS_PER_MONTH * prices.restApiCache05Gb.usd)];
    case 'AWS::Lambda::Alias': {
      const executions = p.ProvisionedConcurrencyConfig?.ProvisionedConcurrentExecutions;
      return executions === undefined ? [] : [provisioned(template, executions, p.FunctionName?.Ref)];
    }
    case 'AWS::ApplicationAutoScaling::ScalableTarget': {
      if (p.ScalableDimension !== 'lambda:function:ProvisionedConcurrency') {
        throw new Error(`scalable dimension ${p.ScalableDimension} is not in the price table`);
      }
      // The resource id is function:<name>:<alias>, the name a Ref to the function.
      return [provisioned(template, p.MinCapacity, JSON.stringify(p.ResourceId).match(/\{"Ref":"(\w+)"\}/)?.[1])];
    }
    case 'AWS::Budgets::Budget':
      // One per stage, and an account's first two are free (each further one $0.02 a day).
      // https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/budgets-managing-costs.html
      return [];
    default:
      if (resource.Type in USAGE_PRICED) return [];
      throw new Error(`${resource.Type} has no idle price: add it to scripts/cost/idleCost.ts`);
  }
}

/** The monthly bill of a stage that receives no request, by kind. */
export function idleCost(template: CfnTemplate): IdleCost {
  const byKind = new Map<string, IdleLine>();
  for (const resource of Object.values(template.Resources)) {
    for (const l of idleLines(template, resource)) {
      const seen = byKind.get(l.kind);
      byKind.set(
        l.kind,
        seen === undefined
          ? l
          : { ...seen, quantity: seen.quantity + l.quantity, monthlyUsd: seen.monthlyUsd + l.monthlyUsd },
      );
    }
  }
  const lines = [...byKind.values()].sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.kind.localeCompare(b.kind));
  const totalUsd = Math.round(lines.reduce((sum, l) => sum + l.monthlyUsd, 0) * 100) / 100;
  return { lines, totalUsd };
}

export interface StageIdleCost {
  readonly cost: IdleCost;
  readonly budgetUsd: number;
  readonly firstAlertUsd: number;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** The markdown docs/operations.md carries between the idle-cost markers. */
export function renderIdleCost(stages: Readonly<Record<string, StageIdleCost>>): string {
  const entries = Object.entries(stages);
  const kinds = [...new Set(entries.flatMap(([, s]) => s.cost.lines.map((l) => l.kind)))];
  const cell = (s: StageIdleCost, kind: string) => {
    const found = s.cost.lines.find((l) => l.kind === kind);
    return found === undefined ? '–' : `${usd(found.monthlyUsd)} (${found.quantity})`;
  };
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const table = [
    row(['Billed while idle (quantity)', ...entries.map(([name]) => name)]),
    row(['---', ...entries.map(() => '---')]),
    ...kinds.map((kind) => row([kind, ...entries.map(([, s]) => cell(s, kind))])),
    row(['**Idle total per month**', ...entries.map(([, s]) => `**${usd(s.cost.totalUsd)}**`)]),
    row(['Budget / its first alert', ...entries.map(([, s]) => `${usd(s.budgetUsd)} / ${usd(s.firstAlertUsd)}`)]),
  ];
  const used = [...new Set(entries.flatMap(([, s]) => s.cost.lines.flatMap((l) => l.prices)))];
  return [
    table.join('\n'),
    '',
    `List prices in ${prices.kmsKey.region}, before free tiers, of the templates as shipped (no geo block: each`,
    '`-c geoBlock` adds one WAF rule). From `npm run cost:idle`; prices in `scripts/cost/prices.ts`:',
    '',
    ...priceSources(used),
  ].join('\n');
}

/** Replaces what stands between the idle-cost markers of a document. */
export const withIdleCost = (doc: string, table: string): string => withSection(doc, 'idle-cost', table);

/** The table currently between the markers. */
export const idleCostInDoc = (doc: string): string => sectionOf(doc, 'idle-cost');

/** A stage's idle cost beside its budget and the budget's first alert. */
export function stageIdleCost(stage: StageName, template: CfnTemplate): StageIdleCost {
  const budgetUsd = stages[stage].cost.monthlyBudgetUsd;
  return { cost: idleCost(template), budgetUsd, firstAlertUsd: (budgetUsd * BUDGET_ALERT_PERCENTAGES[0]) / 100 };
}

export const DOC_PATH = resolve(import.meta.dirname, '../../docs/operations.md');

async function main(): Promise<void> {
  const { stageTemplate } = await import('./stageTemplates.js');
  const { buildDocs } = await import('../docs.js');
  const docsDir = mkdtempSync(join(tmpdir(), 'users-api-idle-cost-'));
  buildDocs(join(docsDir, 'index.html'));
  const table = renderIdleCost({
    dev: stageIdleCost('dev', stageTemplate('dev', docsDir)),
    prod: stageIdleCost('prod', stageTemplate('prod', docsDir)),
  });
  console.log(table);
  if (process.argv.includes('--docs')) {
    writeFileSync(DOC_PATH, withIdleCost(readFileSync(DOC_PATH, 'utf8'), table));
    console.log('docs/operations.md updated');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
