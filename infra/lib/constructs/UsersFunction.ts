// The Lambda behind every operation: bundled locally by esbuild, least-privilege on the table, shipped through a canary.
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { LambdaDeploymentConfig, LambdaDeploymentGroup } from 'aws-cdk-lib/aws-codedeploy';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Alias,
  Architecture,
  type CfnFunction,
  Code,
  Function as LambdaFunction,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { buildLambda, lambdaBuildDir, lambdaHandler, lambdaNodeFlags } from '../../../config/lambdaBundling.js';
import type { StageSettings } from '../../../config/stages.js';
import {
  API_GATEWAY_INTEGRATION_TIMEOUT_MS,
  checkTimeBudget,
  type TimeoutSettings,
} from '../../../config/timeBudget.js';
import { usersTable } from '../../../src/repository/usersTable.js';
import { CanaryAlarms } from './CanaryAlarms.js';
import { PreTrafficHook } from './PreTrafficHook.js';

/**
 * The DynamoDB actions the code sends: src/repository/ (Get, Put, Put/Delete inside transactions; Query on the
 * list index) and Powertools idempotency records in the same table (Get/Put/Update/Delete).
 * test/infra checks this list against the commands both actually use.
 */
export const tableActions = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
export const indexActions = ['dynamodb:Query'];

const SERVICE_NAME = 'users-api';
const METRICS_NAMESPACE = 'UsersApi';

/** How the Lambda checks tokens itself when a request did not come through the Cognito authorizer. */
export interface FunctionAuthSettings {
  readonly issuer: string;
  readonly clientIds: readonly string[];
  /** Cognito scopes are `<resource server>/<scope>`; the spec's are bare. */
  readonly scopePrefix: string;
}

export interface UsersFunctionProps {
  readonly table: ITableV2;
  readonly auth: FunctionAuthSettings;
  readonly corsAllowedOrigins: readonly string[];
  readonly logRetention: RetentionDays;
  /** What happens to the function's and the hook's logs when the stack goes (infra/lib/retention.ts). */
  readonly logRemovalPolicy: RemovalPolicy;
  /** Loads Powertools Tracer for X-Ray subsegments per DynamoDB call (src/tracing.ts); active tracing is always on. */
  readonly traceAwsSdkCalls: boolean;
  readonly memoryMb: number;
  /** On the `live` alias; `min` 0 = none. */
  readonly provisionedConcurrency: StageSettings['provisionedConcurrency'];
  /** What bounds each outbound call; with the Lambda timeout it must pass checkTimeBudget or the synth fails. */
  readonly timeouts: TimeoutSettings;
  readonly lambdaTimeoutSeconds: number;
}

export class UsersFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: LogGroup;
  /** What API Gateway invokes; CodeDeploy shifts it from the old version to the new one. */
  readonly alias: Alias;
  readonly deploymentGroup: LambdaDeploymentGroup;
  readonly cursorSecret: Secret;
  /** The new version's 5xx rate, latency and errors: roll a canary back and page the on-call. */
  readonly canaryAlarms: CanaryAlarms;
  readonly preTrafficHook: PreTrafficHook;

  constructor(scope: Construct, id: string, props: UsersFunctionProps) {
    super(scope, id);
    // A request that can outlast the Lambda would end in API Gateway's own 5xx instead of our 503 with Retry-After.
    checkTimeBudget(props.timeouts, props.lambdaTimeoutSeconds * 1000, API_GATEWAY_INTEGRATION_TIMEOUT_MS);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.logGroup = logGroup;
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    // HMAC key of list cursors: one per stage, shared by every container (src/config.ts requires it in Lambda).
    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'Signs list cursors of the users API',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    logGroup.grantWrite(role);

    // Built at synth time, offline, with the options the benchmarks measure (config/lambdaBundling.ts).
    const artefact = buildLambda(lambdaBuildDir());
    this.function = new LambdaFunction(this, 'Function', {
      code: Code.fromAsset(artefact.dir),
      handler: lambdaHandler,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.lambdaTimeoutSeconds),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment: {
        TABLE_NAME: props.table.tableName,
        CORS_ALLOWED_ORIGINS: props.corsAllowedOrigins.join(','),
        VALIDATE_RESPONSES: 'false',
        // Only the ARN: the Lambda reads the key at init (src/secrets/), so the value is in no configuration or version.
        CURSOR_SECRET_ARN: this.cursorSecret.secretArn,
        AUTH_ISSUER: props.auth.issuer,
        AUTH_CLIENT_IDS: props.auth.clientIds.join(','),
        AUTH_SCOPE_PREFIX: props.auth.scopePrefix,
        DYNAMODB_CONNECT_TIMEOUT_MS: String(props.timeouts.dynamoConnectTimeoutMs),
        DYNAMODB_REQUEST_TIMEOUT_MS: String(props.timeouts.dynamoRequestTimeoutMs),
        DYNAMODB_MAX_ATTEMPTS: String(props.timeouts.dynamoMaxAttempts),
        AUTH_JWKS_TIMEOUT_MS: String(props.timeouts.jwksTimeoutMs),
        IDEMPOTENCY_WAIT_MS: String(props.timeouts.idempotencyWaitMs),
        S3_CONNECT_TIMEOUT_MS: String(props.timeouts.s3ConnectTimeoutMs),
        S3_REQUEST_TIMEOUT_MS: String(props.timeouts.s3RequestTimeoutMs),
        S3_MAX_ATTEMPTS: String(props.timeouts.s3MaxAttempts),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_TRACE_ENABLED: String(props.traceAwsSdkCalls),
        ...(lambdaNodeFlags.length === 0 ? {} : { NODE_OPTIONS: lambdaNodeFlags.join(' ') }),
      },
    });
    this.function.addToRolePolicy(new PolicyStatement({ actions: tableActions, resources: [props.table.tableArn] }));
    // Every version stage (current, pending, previous) of this one secret; it is encrypted with the AWS managed key.
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.cursorSecret.secretArn] }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: indexActions,
        resources: [`${props.table.tableArn}/index/${usersTable.listIndex.name}`],
      }),
    );

    const version = this.function.currentVersion;
    const warm = props.provisionedConcurrency;
    const scaled = warm.min > 0 && warm.max > warm.min;
    // One owner per setting: a fixed amount is the alias's (CloudFormation); a range is Application Auto Scaling's,
    // whose scalable target sets the alias to `min` when registered, so the alias must not also set it (each template
    // update would reset what the scaling policy chose).
    // https://docs.aws.amazon.com/autoscaling/application/userguide/getting-started.html
    this.alias = new Alias(this, 'Live', {
      aliasName: 'live',
      version,
      ...(warm.min > 0 && !scaled ? { provisionedConcurrentExecutions: warm.min } : {}),
    });
    if (scaled) {
      // CodeDeploy shifts the alias between versions; Lambda splits the provisioned executions by the routing weights.
      this.alias
        .addAutoScaling({ minCapacity: warm.min, maxCapacity: warm.max })
        .scaleOnUtilization({ utilizationTarget: warm.utilizationTarget });
    }
    this.canaryAlarms = new CanaryAlarms(this, 'NewVersion', {
      function: this.function,
      alias: this.alias,
      version,
      namespace: METRICS_NAMESPACE,
      service: SERVICE_NAME,
    });
    // The alarms watch the new version before CodeDeploy shifts the alias to it.
    for (const alarm of this.canaryAlarms.all) this.alias.node.addDependency(alarm);
    // Before any traffic: the new version must answer the probes, even in a stage without traffic for the alarms.
    this.preTrafficHook = new PreTrafficHook(this, 'PreTraffic', {
      version,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
    });
    this.deploymentGroup = new LambdaDeploymentGroup(this, 'Canary', {
      alias: this.alias,
      deploymentConfig: LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      alarms: this.canaryAlarms.all,
      preHook: this.preTrafficHook.function,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; DynamoDB access is scoped to the table and index.',
    });
    Validations.of(this.cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The cursor key is rotated by hand in two steps (stage AWSPENDING, promote it after a deploy; docs/operations.md) so that every container accepts both keys; an automatic rotation Lambda could not wait for the containers.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The project pins nodejs24.x (arm64) on purpose: the runtime moves only with the build target and the cold-start benchmark.',
    });
    const stack = Stack.of(this);
    const hookId = stack.resolve(stack.getLogicalId(this.preTrafficHook.function.node.defaultChild as CfnFunction));
    Validations.of(this.deploymentGroup).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
        reason:
          'The AWS-maintained CodeDeploy role for Lambda is already limited to alias updates and invoking hooks named CodeDeployHook_*.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${hookId}.Arn>:*]`,
        reason:
          'CDK grants CodeDeploy invoke on the pre-traffic hook function and its versions (arn:*); it is this one function.',
      },
    );
  }
}
