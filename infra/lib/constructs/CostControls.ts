// Cost alarms of one stage: an AWS Budgets budget and a Cost Anomaly Detection monitor, both alerting the alarm topic.
import { Stack, Tags } from 'aws-cdk-lib';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import { CfnAnomalyMonitor, CfnAnomalySubscription } from 'aws-cdk-lib/aws-ce';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The cost allocation tag that tells this stage's spend apart (activated once per account: docs/operations.md "Cost and warmth"). */
export const COST_TAG_KEY = 'cost-center';

/** Percentages of the monthly limit at which the budget alerts (actual spend). */
export const BUDGET_ALERT_PERCENTAGES = [80, 100] as const;

export interface CostControlsProps {
  /**
   * `users-api-<stage>-<region>` (infra/lib/stageNames.ts): the budget's and the monitor's name, unique in the account
   * as budget names must be, and the value of the cost tag, so each stage in each region is counted apart.
   */
  readonly name: string;
  readonly monthlyBudgetUsd: number;
  readonly anomalyThresholdUsd: number;
  /** The alarm topic (encrypted with a customer managed key). */
  readonly topic: Topic;
}

export class CostControls extends Construct {
  readonly budget: CfnBudget;
  readonly anomalyMonitor: CfnAnomalyMonitor;
  readonly anomalySubscription: CfnAnomalySubscription;

  constructor(scope: Construct, id: string, props: CostControlsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    Tags.of(stack).add(COST_TAG_KEY, props.name);
    this.allowPublish(
      props.topic,
      'Budgets',
      'budgets.amazonaws.com',
      `arn:${stack.partition}:budgets::${stack.account}:*`,
    );
    this.allowPublish(
      props.topic,
      'CostAnomalyDetection',
      'costalerts.amazonaws.com',
      `arn:${stack.partition}:ce::${stack.account}:*`,
    );

    this.budget = new CfnBudget(this, 'Budget', {
      budget: {
        budgetName: props.name,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyBudgetUsd, unit: 'USD' },
        costFilters: { TagKeyValue: [`user:${COST_TAG_KEY}$${props.name}`] },
      },
      notificationsWithSubscribers: BUDGET_ALERT_PERCENTAGES.map((threshold) => ({
        notification: {
          notificationType: 'ACTUAL',
          comparisonOperator: 'GREATER_THAN',
          threshold,
          thresholdType: 'PERCENTAGE',
        },
        subscribers: [{ subscriptionType: 'SNS', address: props.topic.topicArn }],
      })),
    });
    // Budgets checks that it may publish when the budget is created, so the topic policy must exist first.
    this.budget.node.addDependency(props.topic);

    this.anomalyMonitor = new CfnAnomalyMonitor(this, 'AnomalyMonitor', {
      monitorName: props.name,
      monitorType: 'CUSTOM',
      monitorSpecification: JSON.stringify({ Tags: { Key: COST_TAG_KEY, Values: [props.name] } }),
    });
    this.anomalySubscription = new CfnAnomalySubscription(this, 'AnomalySubscription', {
      subscriptionName: props.name,
      monitorArnList: [this.anomalyMonitor.attrMonitorArn],
      // SNS subscribers only take IMMEDIATE (one message per anomaly); DAILY/WEEKLY digests are e-mail only.
      frequency: 'IMMEDIATE',
      subscribers: [{ type: 'SNS', address: props.topic.topicArn }],
      thresholdExpression: JSON.stringify({
        Dimensions: {
          Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
          MatchOptions: ['GREATER_THAN_OR_EQUAL'],
          Values: [String(props.anomalyThresholdUsd)],
        },
      }),
    });
    this.anomalySubscription.node.addDependency(props.topic);
  }

  /** Lets a billing service publish to the topic for this account only, through the topic's KMS key. */
  private allowPublish(topic: Topic, sid: string, service: string, sourceArn: string): void {
    const principal = new ServicePrincipal(service);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      ArnLike: { 'aws:SourceArn': sourceArn },
    };
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: `${sid}Publish`,
        principals: [principal],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions,
      }),
    );
    topic.masterKey?.addToResourcePolicy(
      new PolicyStatement({
        principals: [principal],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions,
      }),
    );
  }
}
