// Dashboard row for what the stage uses and pays for: requests, Lambda GB-seconds and DynamoDB consumed capacity.
import { Duration } from 'aws-cdk-lib';
import type { SpecRestApi } from 'aws-cdk-lib/aws-apigateway';
import { type Dashboard, GraphWidget, MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface UsageWidgetsProps {
  readonly dashboard: Dashboard;
  readonly api: SpecRestApi;
  readonly function: IFunction;
  /** The function's configured memory: Lambda bills duration × memory, and CloudWatch has no GB-seconds metric. */
  readonly memoryMb: number;
  readonly table: TableV2;
}

const PERIOD = Duration.hours(1);

export class UsageWidgets extends Construct {
  readonly gbSeconds: MathExpression;

  constructor(scope: Construct, id: string, props: UsageWidgetsProps) {
    super(scope, id);
    this.gbSeconds = new MathExpression({
      // Duration is in milliseconds; memory in MB.
      expression: `duration * ${props.memoryMb} / 1024 / 1000`,
      usingMetrics: { duration: props.function.metricDuration({ statistic: 'Sum', period: PERIOD }) },
      label: 'Lambda GB-seconds',
      period: PERIOD,
    });
    props.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests',
        left: [props.api.metricCount({ statistic: 'Sum', period: PERIOD, label: 'requests' })],
        width: 8,
      }),
      new GraphWidget({ title: 'Lambda GB-seconds', left: [this.gbSeconds], width: 8 }),
      new GraphWidget({
        title: 'DynamoDB consumed capacity',
        left: [
          props.table.metricConsumedReadCapacityUnits({ statistic: 'Sum', period: PERIOD, label: 'read units' }),
          props.table.metricConsumedWriteCapacityUnits({ statistic: 'Sum', period: PERIOD, label: 'write units' }),
        ],
        width: 8,
      }),
    );
  }
}
