// One stage of the Users API as a CDK stack.
// Table, Lambda (canary), Cognito, REST API from the spec, WAF, alarms and dashboard, cost alarms and the published
// docs.
import { Aspects, CfnOutput, Stack, type StackProps, Tags, Token } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { OpenApiDocument } from '../../apiGateway/apiGatewaySpec.js';
import type { StageSettings } from '../../config/stages.js';
import { checkStageSettings } from './checkStage.js';
import { ApiDocsSite } from './constructs/ApiDocsSite.js';
import { ApiFirewall } from './constructs/ApiFirewall.js';
import { ApiMonitoring } from './constructs/ApiMonitoring.js';
import { AvatarBucket } from './constructs/AvatarBucket.js';
import { CostControls } from './constructs/CostControls.js';
import { SpendEstimate } from './constructs/SpendEstimate.js';
import { UsageWidgets } from './constructs/UsageWidgets.js';
import { RESOURCE_SERVER_ID, UsersAuth } from './constructs/UsersAuth.js';
import { UsersFunction } from './constructs/UsersFunction.js';
import { UsersRestApi } from './constructs/UsersRestApi.js';
import { UsersTable } from './constructs/UsersTable.js';
import { OwnedLogGroups } from './ownedLogGroups.js';
import { dataRemovalPolicy } from './retention.js';
import { accountScopedName, stagePrefix } from './stageNames.js';

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
  /**
   * Publish the docs site on CloudFront (default). Context `docsSite=false` leaves it out, for an account AWS has not
   * yet verified for CloudFront (docs/operations.md "A first deploy in a new account").
   */
  readonly docsSite?: boolean;
}

export class ApiStack extends Stack {
  readonly table: UsersTable;
  readonly lambda: UsersFunction;
  readonly auth: UsersAuth;
  readonly restApi: UsersRestApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    // A stage with real data cannot be deleted by accident: CloudFormation refuses until protection is turned off.
    super(scope, id, { terminationProtection: props.stage.protectData, ...props });
    const { stage } = props;
    checkStageSettings(stage, props.alarmEmail);
    if (Token.isUnresolved(this.region)) {
      throw new Error(
        'The stack needs its region to name what is unique per account: set AWS_REGION (or CDK_DEFAULT_REGION)',
      );
    }
    const name = stagePrefix(stage.name);
    const accountName = accountScopedName(stage.name, this.region);
    // Stage settings hold retention as a plain number of days; CloudWatch accepts exactly those values.
    const logRetention = stage.logRetentionDays as RetentionDays;
    const logRemovalPolicy = dataRemovalPolicy(stage.protectData);
    Tags.of(this).add('project', 'users-api');
    Tags.of(this).add('stage', stage.name);
    Aspects.of(this).add(new OwnedLogGroups(logRetention, logRemovalPolicy));

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
      logRemovalPolicy,
      traceAwsSdkCalls: stage.traceAwsSdkCalls,
      memoryMb: stage.lambdaMemoryMb,
      provisionedConcurrency: stage.provisionedConcurrency,
      timeouts: stage.timeouts,
      lambdaTimeoutSeconds: stage.lambdaTimeoutSeconds,
    });
    const avatars = new AvatarBucket(this, 'Avatars', {
      stageName: stage.name,
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
      logRemovalPolicy,
    });
    const firewall = new ApiFirewall(this, 'Firewall', {
      name,
      stageArn: this.restApi.api.deploymentStage.stageArn,
      rateLimitPer5Min: stage.wafRateLimitPer5Min,
      blockedCountries: props.blockedCountries ?? [],
    });
    const monitoring = new ApiMonitoring(this, 'Monitoring', {
      name,
      dashboardName: accountName,
      api: this.restApi.api,
      accessLogs: this.restApi.accessLogs,
      function: this.lambda.function,
      table: this.table.table,
      existingAlarms: [...this.lambda.canaryAlarms.all, avatars.failedNotificationsAlarm],
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
      name: accountName,
      monthlyBudgetUsd: stage.cost.monthlyBudgetUsd,
      anomalyThresholdUsd: stage.cost.anomalyThresholdUsd,
      topic: monitoring.topic,
    });
    new SpendEstimate(this, 'Spend', {
      api: this.restApi.api,
      webAclName: firewall.webAcl.name ?? name,
      function: this.lambda.function,
      memoryMb: stage.lambdaMemoryMb,
      table: this.table.table,
      logGroups: [this.lambda.logGroup, this.restApi.accessLogs],
      monthlyBudgetUsd: stage.cost.monthlyBudgetUsd,
      topic: monitoring.topic,
      dashboard: monitoring.dashboard,
    });
    // What a client needs (docs/operations.md): where to get a token, the key to send, and where to call.
    new CfnOutput(this, 'ApiUrl', { value: this.restApi.api.url });
    new CfnOutput(this, 'ApiKeyId', { value: this.restApi.apiKey.keyId });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'ClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'TokenUrl', { value: `${this.auth.domain.baseUrl()}/oauth2/token` });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'AvatarBucketName', { value: avatars.bucket.bucketName });
    if (props.docsSite ?? true) {
      const docs = new ApiDocsSite(this, 'Docs', { siteDir: props.docsSiteDir, protectData: stage.protectData });
      new CfnOutput(this, 'DocsUrl', {
        value: docs.url,
        description: 'API reference, openapi.json and CHANGELOG-API.md',
      });
    }
  }
}
