// The stage's variable spend per day, estimated from its own metrics and the price table, with an alarm and a widget.
// It is what the cost alarms see from the first request, while the budget and the anomaly monitor wait for the cost
// tag to be active in billing.
import { Duration, Stack } from 'aws-cdk-lib';
import type { SpecRestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  type Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { prices } from '../../../scripts/cost/prices.js';

export interface SpendEstimateProps {
  readonly api: SpecRestApi;
  /** The web ACL's name: WAF bills every request it inspects. */
  readonly webAclName: string;
  readonly function: IFunction;
  readonly memoryMb: number;
  readonly table: TableV2;
  /** The log groups that grow with each request (Lambda, access log): ingestion is billed per GB. */
  readonly logGroups: readonly ILogGroup[];
  readonly monthlyBudgetUsd: number;
  readonly topic: ITopic;
  readonly dashboard: Dashboard;
}

const DAY = Duration.days(1);
const perMillion = (usd: number) => usd / 1_000_000;
/** Plain decimals: metric math takes no exponent notation such as 3.5e-6. */
const decimal = (n: number) => n.toFixed(15).replace(/\.?0+$/, '');
const BYTES_PER_GB = 1024 ** 3;

export class SpendEstimate extends Construct {
  readonly usdPerDay: MathExpression;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: SpendEstimateProps) {
    super(scope, id);
    const sum = { statistic: 'Sum', period: DAY };
    const waf = (metricName: string) =>
      new Metric({
        namespace: 'AWS/WAFV2',
        metricName,
        dimensionsMap: { WebACL: props.webAclName, Region: Stack.of(this).region, Rule: 'ALL' },
        ...sum,
      });
    const logs = Object.fromEntries(
      props.logGroups.map((group, i) => [
        `logs${i}`,
        new Metric({
          namespace: 'AWS/Logs',
          metricName: 'IncomingBytes',
          dimensionsMap: { LogGroupName: group.logGroupName },
          ...sum,
        }),
      ]),
    );
    const usingMetrics = {
      requests: props.api.metricCount(sum),
      wafAllowed: waf('AllowedRequests'),
      wafBlocked: waf('BlockedRequests'),
      invocations: props.function.metricInvocations(sum),
      durationMs: props.function.metricDuration(sum),
      reads: props.table.metricConsumedReadCapacityUnits(sum),
      writes: props.table.metricConsumedWriteCapacityUnits(sum),
      ...logs,
    };
    const gb = props.memoryMb / 1024;
    const terms = [
      `FILL(requests, 0) * ${decimal(perMillion(prices.restApiRequests.usd))}`,
      `(FILL(wafAllowed, 0) + FILL(wafBlocked, 0)) * ${decimal(perMillion(prices.wafRequests.usd))}`,
      `FILL(invocations, 0) * ${decimal(perMillion(prices.lambdaRequests.usd))}`,
      `FILL(durationMs, 0) / 1000 * ${decimal(gb * prices.lambdaArmGbSecond.usd)}`,
      `FILL(reads, 0) * ${decimal(perMillion(prices.dynamoReadRequestUnits.usd))}`,
      `FILL(writes, 0) * ${decimal(perMillion(prices.dynamoWriteRequestUnits.usd))}`,
      ...Object.keys(logs).map((name) => `FILL(${name}, 0) * ${decimal(prices.logsIngested.usd / BYTES_PER_GB)}`),
    ];
    this.usdPerDay = new MathExpression({
      expression: terms.join(' + '),
      usingMetrics,
      period: DAY,
      label: 'Estimated variable spend (USD per day)',
    });
    // A day above 1/30 of the monthly budget spends the budget on requests alone, before the fixed cost.
    const threshold = Math.round((props.monthlyBudgetUsd / 30) * 100) / 100;
    this.alarm = new Alarm(this, 'Alarm', {
      alarmDescription: `The stage's requests cost more than $${threshold} in a day (estimated from its metrics at list prices: scripts/cost/prices.ts).`,
      metric: this.usdPerDay,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(props.topic));
    props.dashboard.addWidgets(
      new GraphWidget({ title: 'Estimated variable spend (USD/day)', left: [this.usdPerDay], width: 8 }),
    );
  }
}
