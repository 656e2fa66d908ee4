// Cost alarms (budget, anomaly detection), the usage dashboard, Lambda memory and provisioned concurrency per stage.
import { beforeAll, describe, expect, it } from 'vitest';
import { type StageSettings, stages } from '../../config/stages.js';
import { BUDGET_ALERT_PERCENTAGES, COST_TAG_KEY } from '../../infra/lib/constructs/CostControls.js';
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
const warmStage: StageSettings = {
  ...stages.prod,
  lambdaMemoryMb: 1024,
  provisionedConcurrency: { min: 2, max: 10, utilizationTarget: 0.6 },
};
beforeAll(() => {
  dev = stageStack('dev');
  prod = stageStack('prod');
  warm = synthStack('prod', { stage: warmStage });
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
        CostFilters: { TagKeyValue: [`user:${COST_TAG_KEY}$users-api-${settings.name}`] },
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
      expect(fn.Tags).toContainEqual({ Key: COST_TAG_KEY, Value: `users-api-${settings.name}` });
    },
  );
});

describe('cost anomaly detection', () => {
  it('monitors the stage’s cost tag and alerts the topic at once above the stage threshold', () => {
    const monitor = only(resourcesOf(prod.template, 'AWS::CE::AnomalyMonitor')).Properties;
    expect(monitor.MonitorType).toBe('CUSTOM');
    expect(JSON.parse(monitor.MonitorSpecification)).toEqual({
      Tags: { Key: COST_TAG_KEY, Values: ['users-api-prod'] },
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

  it('when on, provisions the live alias and scales it between min and max on utilisation', () => {
    const alias = only(resourcesOf(warm.template, 'AWS::Lambda::Alias'));
    expect(alias.Properties).toMatchObject({
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
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
