// The alarms that roll a canary back: the new version's 5xx rate, p99 latency and errors, each over several minutes.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Alias, IFunction, IVersion } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface CanaryAlarmsProps {
  readonly function: IFunction;
  readonly alias: Alias;
  /** The version being shipped: every alarm watches it alone, so the old version's errors cannot roll it back. */
  readonly version: IVersion;
  /** POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME of the function (src/metrics.ts). */
  readonly namespace: string;
  readonly service: string;
}

const MINUTE = Duration.minutes(1);
/** Two bad minutes out of three: one stray failure does not roll a good version back. */
const evaluation = { evaluationPeriods: 3, datapointsToAlarm: 2 };
/** Below this many requests a minute the rate says nothing (a single 500 of two requests is not 50%). */
export const MIN_REQUESTS_PER_MINUTE = 5;
export const MAX_5XX_RATE = 0.05;
export const MAX_P99_MS = 2000;

export class CanaryAlarms extends Construct {
  readonly serverErrorRate: Alarm;
  readonly latency: Alarm;
  readonly errors: Alarm;

  constructor(scope: Construct, id: string, props: CanaryAlarmsProps) {
    super(scope, id);
    // API Gateway's metrics have no version dimension; the handler's EMF metrics do (src/metrics.ts).
    const byVersion = (metricName: string, statistic: string) =>
      new Metric({
        namespace: props.namespace,
        metricName,
        dimensionsMap: { service: props.service, version: props.version.version },
        statistic,
        period: MINUTE,
      });
    this.serverErrorRate = new Alarm(this, 'ServerErrorRate', {
      alarmDescription: `More than ${MAX_5XX_RATE * 100}% of the new version's answers were 5xx (rolls a canary back).`,
      metric: new MathExpression({
        expression: `IF(requests >= ${MIN_REQUESTS_PER_MINUTE}, errors / requests, 0)`,
        usingMetrics: { errors: byVersion('ServerErrors', 'Sum'), requests: byVersion('Requests', 'Sum') },
        period: MINUTE,
        label: '5xx rate of the new version',
      }),
      threshold: MAX_5XX_RATE,
      ...evaluation,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.latency = new Alarm(this, 'LatencyP99', {
      alarmDescription: `The new version's p99 latency above ${MAX_P99_MS} ms (rolls a canary back).`,
      metric: byVersion('Latency', 'p99'),
      threshold: MAX_P99_MS,
      ...evaluation,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // Crashes and timeouts never reach the handler's metrics; Lambda counts them per version behind an alias.
    // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#dimensions
    this.errors = new Alarm(this, 'Errors', {
      alarmDescription: 'The new version of the users Lambda threw, crashed or timed out (rolls a canary back).',
      metric: new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensionsMap: {
          FunctionName: props.function.functionName,
          Resource: `${props.function.functionName}:${props.alias.aliasName}`,
          ExecutedVersion: props.version.version,
        },
        statistic: 'Sum',
        period: MINUTE,
      }),
      threshold: 1,
      ...evaluation,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  get all(): Alarm[] {
    return [this.serverErrorRate, this.latency, this.errors];
  }
}
