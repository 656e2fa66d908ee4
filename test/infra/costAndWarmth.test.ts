// Cost alarms (budget, anomaly detection), the usage dashboard, Lambda memory and provisioned concurrency per stage.
import { beforeAll, describe, expect, it } from 'vitest';
import { type StageSettings, stages } from '../../config/stages.js';
import { BUDGET_ALERT_PERCENTAGES, COST_TAG_KEY } from '../../infra/lib/constructs/CostControls.js';
import { prices } from '../../scripts/cost/prices.js';
import {
  type CfnJson,
  logicalId,
  only,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStack,
  stageStack,
  synthStack,
  usersFunction,
} from '../helpers/synthStack.js';

let dev: SynthesizedStack;
let prod: SynthesizedStack;
let warm: SynthesizedStack;
let fixed: SynthesizedStack;
const warmStage: StageSettings = {
  ...stages.prod,
  lambdaMemoryMb: 1024,
  provisionedConcurrency: { min: 2, max: 10, utilizationTarget: 0.6 },
};
const fixedStage: StageSettings = {
  ...stages.prod,
  provisionedConcurrency: { min: 3, max: 3, utilizationTarget: 0.7 },
};
beforeAll(() => {
  dev = stageStack('dev');
  prod = stageStack('prod');
  warm = synthStack('prod', { stage: warmStage });
  fixed = synthStack('prod', { stage: fixedStage });
}, SYNTH_TIMEOUT_MS);

const statements = (s: SynthesizedStack, type: string): CfnJson[] =>
  Object.values(resourcesOf(s.template, type)).flatMap(
    (r) => (r.Properties.PolicyDocument ?? r.Properties.KeyPolicy).Statement,
  );

describe('the budget', () => {
  it.each([
    ['dev', () => dev, stages.dev],
    ['prod', () => prod, stages.prod],
  ])(
    'in %s has the monthly limit of its stage, on its own cost tag, alerting the topic at 80% and 100%',
    (_s, stack, settings) => {
      const s = stack();
      const { Budget, NotificationsWithSubscribers } = only(resourcesOf(s.template, 'AWS::Budgets::Budget')).Properties;
      expect(Budget).toMatchObject({
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: settings.cost.monthlyBudgetUsd, Unit: 'USD' },
        BudgetName: `users-api-${settings.name}-us-east-1`,
        CostFilters: { TagKeyValue: [`user:${COST_TAG_KEY}$users-api-${settings.name}-us-east-1`] },
      });
      expect(BUDGET_ALERT_PERCENTAGES).toEqual([80, 100]);
      expect(NotificationsWithSubscribers).toEqual(
        [80, 100].map((threshold) => ({
          Notification: {
            NotificationType: 'ACTUAL',
            ComparisonOperator: 'GREATER_THAN',
            Threshold: threshold,
            ThresholdType: 'PERCENTAGE',
          },
          Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: logicalId(s, 'AWS::SNS::Topic') } }],
        })),
      );
      // What the budget filters on is on the stack's resources.
      const fn = usersFunction(s).Properties;
      expect(fn.Tags).toContainEqual({ Key: COST_TAG_KEY, Value: `users-api-${settings.name}-us-east-1` });
    },
  );
});

describe('cost anomaly detection', () => {
  it('monitors the stage’s cost tag and alerts the topic at once above the stage threshold', () => {
    const monitor = only(resourcesOf(prod.template, 'AWS::CE::AnomalyMonitor')).Properties;
    expect(monitor.MonitorType).toBe('CUSTOM');
    expect(JSON.parse(monitor.MonitorSpecification)).toEqual({
      Tags: { Key: COST_TAG_KEY, Values: ['users-api-prod-us-east-1'] },
    });
    const subscription = only(resourcesOf(prod.template, 'AWS::CE::AnomalySubscription')).Properties;
    expect(subscription).toMatchObject({
      Frequency: 'IMMEDIATE',
      MonitorArnList: [{ 'Fn::GetAtt': [logicalId(prod, 'AWS::CE::AnomalyMonitor'), 'MonitorArn'] }],
      Subscribers: [{ Type: 'SNS', Address: { Ref: logicalId(prod, 'AWS::SNS::Topic') } }],
    });
    expect(JSON.parse(subscription.ThresholdExpression)).toEqual({
      Dimensions: {
        Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
        MatchOptions: ['GREATER_THAN_OR_EQUAL'],
        Values: [String(stages.prod.cost.anomalyThresholdUsd)],
      },
    });
  });
});

describe('the alarm topic', () => {
  it.each([
    ['budgets.amazonaws.com', 'budgets'],
    ['costalerts.amazonaws.com', 'ce'],
  ])('lets %s publish, for this account only, and use the topic key', (service, arnService) => {
    const condition = {
      StringEquals: { 'aws:SourceAccount': '000000000000' },
      ArnLike: {
        'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${arnService}::000000000000:*`]] },
      },
    };
    const topicStatement = statements(prod, 'AWS::SNS::TopicPolicy').find((s) => s.Principal?.Service === service);
    expect(topicStatement).toMatchObject({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: { Ref: logicalId(prod, 'AWS::SNS::Topic') },
      Condition: condition,
    });
    const keyStatement = statements(prod, 'AWS::KMS::Key').find((s) => s.Principal?.Service === service);
    expect(keyStatement).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: condition,
    });
  });

  it('exists before the budget and the subscription that check they may publish to it', () => {
    const policy = logicalId(prod, 'AWS::SNS::TopicPolicy');
    for (const type of ['AWS::Budgets::Budget', 'AWS::CE::AnomalySubscription']) {
      expect(only(resourcesOf(prod.template, type)).DependsOn).toEqual(expect.arrayContaining([policy]));
    }
  });
});

describe('the dashboard', () => {
  it('shows requests, Lambda GB-seconds (duration × the configured memory) and DynamoDB consumed capacity', () => {
    for (const [stack, memory] of [
      [prod, stages.prod.lambdaMemoryMb],
      [warm, 1024],
    ] as const) {
      const body = JSON.stringify(only(resourcesOf(stack.template, 'AWS::CloudWatch::Dashboard')).Properties);
      expect(body).toContain('\\"AWS/ApiGateway\\",\\"Count\\"');
      expect(body).toContain(`\\"expression\\":\\"duration * ${memory} / 1024 / 1000\\"`);
      expect(body).toMatch(/\\"AWS\/Lambda\\",\\"Duration\\".*\\"id\\":\\"duration\\"/);
      expect(body).toContain('\\"AWS/DynamoDB\\",\\"ConsumedReadCapacityUnits\\"');
      expect(body).toContain('\\"AWS/DynamoDB\\",\\"ConsumedWriteCapacityUnits\\"');
    }
  });
});

describe('Lambda memory and provisioned concurrency', () => {
  it('gives the Lambda the memory its stage sets', () => {
    for (const [stack, memory] of [
      [dev, stages.dev.lambdaMemoryMb],
      [prod, stages.prod.lambdaMemoryMb],
      [warm, 1024],
    ] as const) {
      expect(usersFunction(stack).Properties.MemorySize).toBe(memory);
    }
  });

  it('is off by default: no provisioned executions, no scaling', () => {
    for (const settings of [stages.local, stages.dev, stages.prod]) expect(settings.provisionedConcurrency.min).toBe(0);
    for (const stack of [dev, prod]) {
      expect(only(resourcesOf(stack.template, 'AWS::Lambda::Alias')).Properties.ProvisionedConcurrencyConfig).toBe(
        undefined,
      );
      expect(resourcesOf(stack.template, 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual({});
    }
  });

  // One owner per scaled setting: registering the scalable target sets the alias to MinCapacity ("anytime ... the
  // RegisterScalableTarget API is called, Application Auto Scaling ... compares it to the minimum and maximum
  // capacity"), so the alias itself sets nothing that a template update would put back over the policy's choice.
  // https://docs.aws.amazon.com/autoscaling/application/userguide/getting-started.html
  it('when a range, leaves provisioned concurrency to Application Auto Scaling alone, scaling on utilisation', () => {
    const alias = only(resourcesOf(warm.template, 'AWS::Lambda::Alias'));
    expect(alias.Properties.Name).toBe('live');
    expect(alias.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
    const target = only(resourcesOf(warm.template, 'AWS::ApplicationAutoScaling::ScalableTarget')).Properties;
    expect(target).toMatchObject({
      MinCapacity: 2,
      MaxCapacity: 10,
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      ServiceNamespace: 'lambda',
    });
    expect(JSON.stringify(target.ResourceId)).toContain(':live');
    const policy = only(resourcesOf(warm.template, 'AWS::ApplicationAutoScaling::ScalingPolicy')).Properties;
    expect(policy.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: 0.6,
      PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
    });
  });

  it('when a fixed amount, sets it on the alias alone, with no scalable target', () => {
    const alias = only(resourcesOf(fixed.template, 'AWS::Lambda::Alias'));
    expect(alias.Properties.ProvisionedConcurrencyConfig).toEqual({ ProvisionedConcurrentExecutions: 3 });
    expect(resourcesOf(fixed.template, 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual({});
  });

  it('when on, still ships through the canary that rolls back on the errors alarm, and stays cdk-nag clean', () => {
    const alias = only(resourcesOf(warm.template, 'AWS::Lambda::Alias'));
    const group = logicalId(warm, 'AWS::CodeDeploy::DeploymentGroup');
    expect(alias.UpdatePolicy).toMatchObject({
      CodeDeployLambdaAliasUpdate: {
        ApplicationName: { Ref: logicalId(warm, 'AWS::CodeDeploy::Application') },
        DeploymentGroupName: { Ref: group },
      },
    });
    const deployment = only(resourcesOf(warm.template, 'AWS::CodeDeploy::DeploymentGroup')).Properties;
    expect(deployment.DeploymentConfigName).toBe('CodeDeployDefault.LambdaCanary10Percent5Minutes');
    expect(deployment.AutoRollbackConfiguration.Events).toContain('DEPLOYMENT_STOP_ON_ALARM');
    expect(warm.nag.violations).toEqual([]);
    expect(warm.nag.success).toBe(true);
  });
});

describe('what the cost alarms see on day one', () => {
  // The budget and the anomaly monitor filter on a user-defined cost allocation tag, which billing counts only once it
  // is activated: the key shows up for activation up to 24 hours after first use, and in an AWS Organizations member
  // account only the management account can activate it. Until then both see $0.
  // https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/cost-alloc-tags.html
  // https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html
  const spendAlarm = (s: SynthesizedStack) =>
    Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties)
      .find((a) => JSON.stringify(a.Metrics ?? []).includes('FILL(requests, 0)'));

  it.each([
    ['dev', () => dev, stages.dev],
    ['prod', () => prod, stages.prod],
  ])(
    '%s alarms on its estimated spend per day, from metrics of its own resources that need no tag',
    (_s, stack, settings) => {
      const s = stack();
      const alarm = spendAlarm(s);
      expect(alarm).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        Threshold: Math.round((settings.cost.monthlyBudgetUsd / 30) * 100) / 100,
        AlarmActions: [{ Ref: logicalId(s, 'AWS::SNS::Topic') }],
      });
      const stats = alarm.Metrics.filter((m: CfnJson) => m.MetricStat).map((m: CfnJson) => m.MetricStat);
      expect(new Set(stats.map((m: CfnJson) => m.Metric.Namespace))).toEqual(
        new Set(['AWS/ApiGateway', 'AWS/WAFV2', 'AWS/Lambda', 'AWS/DynamoDB', 'AWS/Logs']),
      );
      // Every dimension names a resource of this stack (by reference, or the web ACL's own name and region).
      const ids = new Set(Object.keys(s.template.toJSON().Resources));
      const acl = only(resourcesOf(s.template, 'AWS::WAFv2::WebACL')).Properties.Name;
      for (const { Metric } of stats) {
        for (const { Name, Value } of Metric.Dimensions) {
          const refs = [...JSON.stringify(Value).matchAll(/"(?:Ref|Fn::GetAtt)":\[?"(\w+)"/g)].map((m) => m[1]);
          const ownName = [acl, 'us-east-1', 'ALL', `users-api-${settings.name}`].includes(Value);
          expect(ownName || (refs.length > 0 && refs.every((r) => ids.has(r as string))), `${Name}`).toBe(true);
        }
      }
      expect(stats.every((m: CfnJson) => m.Period === 86_400 && m.Stat === 'Sum')).toBe(true);
    },
  );

  it('prices a day of requests with the price table', () => {
    const alarm = spendAlarm(prod);
    const expression = alarm.Metrics.find((m: CfnJson) => m.Expression).Expression as string;
    const day = {
      requests: 1e6,
      wafAllowed: 9e5,
      wafBlocked: 1e5,
      invocations: 1e6,
      durationMs: 50e6,
      reads: 2e6,
      writes: 5e5,
      logs0: 1024 ** 3,
      logs1: 0.5 * 1024 ** 3,
    };
    const names = Object.keys(day);
    const evaluate = new Function(...names, `const FILL = (v) => v; return ${expression};`);
    const gb = stages.prod.lambdaMemoryMb / 1024;
    const expected =
      3.5 +
      1 * prices.wafRequests.usd +
      prices.lambdaRequests.usd +
      50e3 * gb * prices.lambdaArmGbSecond.usd +
      2 * prices.dynamoReadRequestUnits.usd +
      0.5 * prices.dynamoWriteRequestUnits.usd +
      1.5 * prices.logsIngested.usd;
    expect(evaluate(...Object.values(day))).toBeCloseTo(expected, 6);
    expect(prices.restApiRequests.usd).toBe(3.5);
    expect(names).toEqual(alarm.Metrics.filter((m: CfnJson) => m.MetricStat).map((m: CfnJson) => m.Id));
  });

  it('shows the estimate on the dashboard too', () => {
    const body = JSON.stringify(only(resourcesOf(prod.template, 'AWS::CloudWatch::Dashboard')).Properties);
    expect(body).toContain('Estimated variable spend (USD/day)');
  });
});
