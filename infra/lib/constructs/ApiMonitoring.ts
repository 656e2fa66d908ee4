// Alarms that page through one SNS topic, and a dashboard showing the same signals.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { SpecRestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { KEY_PENDING_WINDOW } from '../retention.js';

export interface ApiMonitoringProps {
  readonly name: string;
  /** Dashboards are global to an account: the name carries the region (infra/lib/stageNames.ts). */
  readonly dashboardName: string;
  readonly api: SpecRestApi;
  readonly accessLogs: ILogGroup;
  readonly function: IFunction;
  readonly table: TableV2;
  /** Alarms that already exist (the canary's rollback alarms) and should page too. */
  readonly existingAlarms: readonly Alarm[];
  /** Context `alarmEmail`: subscribed to the topic when set. */
  readonly alarmEmail: string | undefined;
}

const FIVE_MINUTES = Duration.minutes(5);

export class ApiMonitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ApiMonitoringProps) {
    super(scope, id);
    // CloudWatch can publish to an encrypted topic only with a customer managed key that lets it.
    // The key encrypts only messages on their way through the topic, so it goes with the stack in every stage: a
    // retained key would bill $1 a month for nothing. KMS bills nothing while the deletion waits.
    // https://aws.amazon.com/kms/pricing/
    const key = new Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: `${props.name} alarm topic`,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: KEY_PENDING_WINDOW,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: `${props.name} alarms`, masterKey: key, enforceSSL: true });
    // enforceSSL's policy replaces SNS's default one, which is what let CloudWatch publish: allow this account's alarms.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html#source-account-versus-source-owner
    const { account, region, partition } = Stack.of(this);
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const throttled = new MetricFilter(this, 'ApiThrottled', {
      logGroup: props.accessLogs,
      filterPattern: FilterPattern.numberValue('$.status', '=', 429),
      metricNamespace: 'UsersApi',
      metricName: 'ApiThrottledRequests',
      metricValue: '1',
      defaultValue: 0,
    });

    const alarm = (name: string, description: string, metric: IMetric, threshold: number, evaluationPeriods = 1) =>
      new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });

    this.alarms = [
      alarm(
        'Api5xxRate',
        'More than 1% of API requests failed with 5XX.',
        props.api.metricServerError({ statistic: 'Average', period: FIVE_MINUTES }),
        0.01,
      ),
      alarm(
        'ApiLatencyP99',
        'API p99 latency above 2 s.',
        props.api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES }),
        2000,
        2,
      ),
      alarm(
        'Api4xxSpike',
        'More than 25% of API requests rejected with 4XX for 15 minutes (broken client or attack).',
        props.api.metricClientError({ statistic: 'Average', period: FIVE_MINUTES }),
        0.25,
        3,
      ),
      alarm(
        'ApiThrottles',
        'API Gateway throttled requests (429) beyond the usage plan or stage limits.',
        throttled.metric({ statistic: 'Sum', period: FIVE_MINUTES }),
        10,
      ),
      alarm(
        'LambdaThrottles',
        'The users Lambda was throttled.',
        props.function.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
        0,
      ),
      alarm(
        'DynamoThrottles',
        'DynamoDB throttled requests to the users table.',
        props.table.metricThrottledRequestsForOperations({
          operations: [
            Operation.GET_ITEM,
            Operation.PUT_ITEM,
            Operation.UPDATE_ITEM,
            Operation.DELETE_ITEM,
            Operation.QUERY,
            // Every create, email change and delete is one transaction.
            Operation.TRANSACT_WRITE_ITEMS,
          ],
          period: FIVE_MINUTES,
        }),
        0,
      ),
    ];
    const all = [...props.existingAlarms, ...this.alarms];
    for (const a of all) a.addAlarmAction(new SnsAction(this.topic));

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(...all.map((a) => new AlarmWidget({ alarm: a, title: a.node.id, width: 8 })));
  }
}
