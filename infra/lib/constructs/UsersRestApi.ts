// The REST API imported from the spec, its stage (logs, tracing, metrics, throttling, cache), API keys and usage plan.
import { Aws, Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiDefinition,
  ApiKey,
  EndpointType,
  LogGroupLogDestination,
  type MethodDeploymentOptions,
  MethodLoggingLevel,
  Period,
  SpecRestApi,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  isCacheable,
  type OpenApiDocument,
  operationsOf,
  toApiGatewaySpec,
} from '../../../apiGateway/apiGatewaySpec.js';
import { gatewayAllowOrigin } from '../../../apiGateway/gatewayResponses.js';
import type { StageSettings } from '../../../config/stages.js';

export interface UsersRestApiProps {
  readonly spec: OpenApiDocument;
  readonly stage: StageSettings;
  /** The Lambda alias every operation is proxied to. */
  readonly handler: IFunction;
  readonly userPoolArn: string;
  readonly scopePrefix: string;
  readonly logRetention: RetentionDays;
  /** What happens to the access and execution logs when the stack goes (infra/lib/retention.ts). */
  readonly logRemovalPolicy: RemovalPolicy;
}

/** One JSON object per request; `status` is a number so metric filters can compare it. */
export const ACCESS_LOG_FORMAT = `{${[
  '"requestId":"$context.requestId"',
  '"ip":"$context.identity.sourceIp"',
  '"method":"$context.httpMethod"',
  '"resourcePath":"$context.resourcePath"',
  '"status":$context.status',
  '"responseLatency":$context.responseLatency',
  '"integrationLatency":"$context.integrationLatency"',
  '"responseLength":"$context.responseLength"',
  '"errorType":"$context.error.responseType"',
  '"apiKeyId":"$context.identity.apiKeyId"',
  '"clientId":"$context.authorizer.claims.client_id"',
  '"wafStatus":"$context.waf.status"',
  '"xrayTraceId":"$context.xrayTraceId"',
].join(',')}}`;

export class UsersRestApi extends Construct {
  readonly api: SpecRestApi;
  readonly accessLogs: LogGroup;
  readonly executionLogs: LogGroup;
  readonly usagePlan: UsagePlan;
  readonly apiKey: ApiKey;
  /** The spec as imported, with tokens (resolved in the template). */
  readonly importedSpec: OpenApiDocument;

  constructor(scope: Construct, id: string, props: UsersRestApiProps) {
    super(scope, id);
    const { stage } = props;
    const cacheable = operationsOf(props.spec).filter((op) => isCacheable(props.spec, op));
    // No cache cluster (billed by the hour) when the contract leaves nothing the gateway may cache.
    const caching = stage.cacheTtlSeconds > 0 && cacheable.length > 0;
    const integrationUri = `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:lambda:path/2015-03-31/functions/${props.handler.functionArn}/invocations`;
    this.importedSpec = toApiGatewaySpec(props.spec, {
      integrationUri,
      userPoolArn: props.userPoolArn,
      scopePrefix: props.scopePrefix,
      gatewayResponses: { allowOrigin: gatewayAllowOrigin(stage.corsAllowedOrigins) },
      caching,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const everyMethod = {
      // Per-method (detailed) metrics are billed as custom metrics and nothing reads them: the alarms and the dashboard
      // use the API-level metrics API Gateway sends anyway.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
      metricsEnabled: false,
      loggingLevel: MethodLoggingLevel.ERROR,
      // Request and response bodies carry personal data: never logged.
      dataTraceEnabled: false,
      throttlingRateLimit: stage.throttle.rateLimit,
      throttlingBurstLimit: stage.throttle.burstLimit,
    } satisfies MethodDeploymentOptions;
    const methodOptions: Record<string, MethodDeploymentOptions> = {};
    if (caching) {
      for (const op of cacheable) {
        // A method's own settings replace the stage's, so it repeats them.
        methodOptions[`${op.path}/${op.method.toUpperCase()}`] = {
          ...everyMethod,
          cachingEnabled: true,
          cacheTtl: Duration.seconds(stage.cacheTtlSeconds),
          cacheDataEncrypted: true,
        };
      }
    }

    this.api = new SpecRestApi(this, 'Api', {
      restApiName: `users-api-${stage.name}`,
      apiDefinition: ApiDefinition.fromInline(this.importedSpec),
      endpointTypes: [EndpointType.REGIONAL],
      // Access and execution logs need the region's API Gateway CloudWatch role, an account setting that
      // UsersApi-account owns (infra/lib/account-stack.ts); `npm run preflight` says when it is missing.
      cloudWatchRole: false,
      // What the import would ignore is stripped from the document, so a warning now means a real mistake.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-errors-warnings.html
      failOnWarnings: true,
      deployOptions: {
        stageName: stage.name,
        tracingEnabled: true,
        ...everyMethod,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
        cacheClusterEnabled: caching,
        ...(caching ? { cacheClusterSize: '0.5' } : {}),
        methodOptions,
      },
    });
    // SpecRestApi does not redeploy on a changed body by itself: the deployment's id follows the imported spec.
    this.api.latestDeployment?.addToLogicalId({ spec: this.importedSpec });

    // API Gateway would create this group itself on the first execution log, kept forever and outliving the stack.
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
    this.executionLogs = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${stage.name}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.api.deploymentStage.node.addDependency(this.executionLogs);

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Request validation (body and parameters) is in the imported definition (x-amazon-apigateway-request-validators on every operation), which cdk-nag cannot see; test/infra asserts it.',
    });

    props.handler.addPermission('ApiGatewayInvoke', {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: this.api.arnForExecuteApi(),
    });

    const { usagePlan } = stage;
    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      name: `users-api-${stage.name}`,
      throttle: { rateLimit: usagePlan.rateLimit, burstLimit: usagePlan.burstLimit },
      quota: { limit: usagePlan.quotaPerDay, period: Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    this.apiKey = new ApiKey(this, 'DefaultKey', { description: `Default client key for users-api-${stage.name}` });
    this.usagePlan.addApiKey(this.apiKey);
  }
}
