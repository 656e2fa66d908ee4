// One stage of the Users API as a CDK stack.
// Table, Lambda (canary), Cognito, REST API from the spec, WAF, alarms and dashboard, cost alarms and the published
// docs.
import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { OpenApiDocument } from '../../apiGateway/apiGatewaySpec.js';
import type { StageSettings } from '../../config/stages.js';
import { ApiDocsSite } from './constructs/ApiDocsSite.js';
import { ApiFirewall } from './constructs/ApiFirewall.js';
import { ApiMonitoring } from './constructs/ApiMonitoring.js';
import { AvatarBucket } from './constructs/AvatarBucket.js';
import { CostControls } from './constructs/CostControls.js';
import { UsageWidgets } from './constructs/UsageWidgets.js';
import { RESOURCE_SERVER_ID, UsersAuth } from './constructs/UsersAuth.js';
import { UsersFunction } from './constructs/UsersFunction.js';
import { UsersRestApi } from './constructs/UsersRestApi.js';
import { UsersTable } from './constructs/UsersTable.js';

export interface ApiStackProps extends StackProps {
  readonly stage: StageSettings;
  /** The bundled contract, generated/openapi.json. */
  readonly spec: OpenApiDocument;
  /** Context `geoBlock`: country codes the WAF blocks. */
  readonly blockedCountries?: readonly string[];
  /** Context `alarmEmail`. */
  readonly alarmEmail?: string;
  /** The docs site built by `npm run docs` from the same spec: generated/docs. */
  readonly docsSiteDir: string;
  /** Context `apiGatewayAccount=true`: this stack owns the region's API Gateway CloudWatch role (docs/operations.md). */
  readonly apiGatewayAccount?: boolean;
}

export class ApiStack extends Stack {
  readonly table: UsersTable;
  readonly lambda: UsersFunction;
  readonly auth: UsersAuth;
  readonly restApi: UsersRestApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const name = `users-api-${stage.name}`;
    // Stage settings hold retention as a plain number of days; CloudWatch accepts exactly those values.
    const logRetention = stage.logRetentionDays as RetentionDays;
    Tags.of(this).add('project', 'users-api');
    Tags.of(this).add('stage', stage.name);

    this.table = new UsersTable(this, 'Users', { protectData: stage.protectData });
    this.auth = new UsersAuth(this, 'Auth', {
      stageName: stage.name,
      protectData: stage.protectData,
      spec: props.spec,
    });
    this.lambda = new UsersFunction(this, 'Handler', {
      table: this.table.table,
      auth: {
        // The iss claim of Cognito tokens (the CloudFormation ProviderURL attribute lacks the scheme).
        issuer: `https://cognito-idp.${this.region}.amazonaws.com/${this.auth.userPool.userPoolId}`,
        clientIds: [this.auth.client.userPoolClientId],
        scopePrefix: `${RESOURCE_SERVER_ID}/`,
      },
      corsAllowedOrigins: stage.corsAllowedOrigins,
      logRetention,
      traceAwsSdkCalls: stage.traceAwsSdkCalls,
      memoryMb: stage.lambdaMemoryMb,
      provisionedConcurrency: stage.provisionedConcurrency,
      timeouts: stage.timeouts,
      lambdaTimeoutSeconds: stage.lambdaTimeoutSeconds,
    });
    const avatars = new AvatarBucket(this, 'Avatars', {
      name,
      settings: stage.avatars,
      corsAllowedOrigins: stage.corsAllowedOrigins,
      protectData: stage.protectData,
      logRetentionDays: stage.logRetentionDays,
      function: this.lambda.function,
      alias: this.lambda.alias,
    });
    this.restApi = new UsersRestApi(this, 'Rest', {
      spec: props.spec,
      stage,
      handler: this.lambda.alias,
      userPoolArn: this.auth.userPool.userPoolArn,
      scopePrefix: RESOURCE_SERVER_ID,
      logRetention,
      manageAccountLogRole: props.apiGatewayAccount ?? false,
    });
    new ApiFirewall(this, 'Firewall', {
      name,
      stageArn: this.restApi.api.deploymentStage.stageArn,
      rateLimitPer5Min: stage.wafRateLimitPer5Min,
      blockedCountries: props.blockedCountries ?? [],
    });
    const monitoring = new ApiMonitoring(this, 'Monitoring', {
      name,
      api: this.restApi.api,
      accessLogs: this.restApi.accessLogs,
      function: this.lambda.function,
      table: this.table.table,
      existingAlarms: this.lambda.canaryAlarms.all,
      alarmEmail: props.alarmEmail,
    });
    new UsageWidgets(this, 'Usage', {
      dashboard: monitoring.dashboard,
      api: this.restApi.api,
      function: this.lambda.function,
      memoryMb: stage.lambdaMemoryMb,
      table: this.table.table,
    });
    new CostControls(this, 'Cost', {
      name,
      monthlyBudgetUsd: stage.cost.monthlyBudgetUsd,
      anomalyThresholdUsd: stage.cost.anomalyThresholdUsd,
      topic: monitoring.topic,
    });
    const docs = new ApiDocsSite(this, 'Docs', { siteDir: props.docsSiteDir, protectData: stage.protectData });
    // What a client needs (docs/operations.md): where to get a token, the key to send, and where to call.
    new CfnOutput(this, 'ApiUrl', { value: this.restApi.api.url });
    new CfnOutput(this, 'ApiKeyId', { value: this.restApi.apiKey.keyId });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'ClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'TokenUrl', { value: `${this.auth.domain.baseUrl()}/oauth2/token` });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'DocsUrl', {
      value: docs.url,
      description: 'API reference, openapi.json and CHANGELOG-API.md',
    });
    new CfnOutput(this, 'AvatarBucketName', { value: avatars.bucket.bucketName });
  }
}
