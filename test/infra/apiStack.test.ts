// The synthesized stack per stage: what each resource is configured to do, cdk-nag clean, and the imported spec.
import { readdirSync, readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type OpenApiDocument, operationsOf } from '../../apiGateway/apiGatewaySpec.js';
import { stages } from '../../config/stages.js';
import { checkTimeBudget, TimeBudgetError } from '../../config/timeBudget.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { indexActions, tableActions } from '../../infra/lib/constructs/UsersFunction.js';
import { loadConfig, timeoutsOf } from '../../src/config.js';
import { lintForApiGateway } from '../helpers/apiGatewayLint.js';
import { allScopes } from '../helpers/specFacts.js';
import {
  type CfnJson,
  checkedSettings,
  importedBody,
  logicalId,
  only,
  resourceNamed,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStack,
  securedStack,
  stageStack,
  synthStack,
  usersFunction,
} from '../helpers/synthStack.js';

let dev: SynthesizedStack;
let prod: SynthesizedStack;
beforeAll(() => {
  dev = stageStack('dev');
  prod = stageStack('prod');
}, SYNTH_TIMEOUT_MS);

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['dev', () => dev],
    ['prod', () => prod],
  ])('finds nothing unacknowledged in %s', (_stage, stack) => {
    const { nag } = stack();
    const findings = nag.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
    expect(findings).toEqual([]);
    expect(nag.success).toBe(true);
  });

  it('carries a reason with every acknowledgement', () => {
    const acknowledgements = prod.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(id).toMatch(/^(annotation::)?AwsSolutions-/i);
      expect(reason.length, id).toBeGreaterThan(40);
    }
  });
});

describe('the REST API imported from the spec', () => {
  it('has the paths, methods and operationIds of generated/openapi.json, and a HEAD per GET', () => {
    const ids = (doc: OpenApiDocument) =>
      operationsOf(doc).map((o) => `${o.method} ${o.path} ${o.operation.operationId}`);
    const withHeads = (doc: OpenApiDocument) =>
      operationsOf(doc).flatMap((o) => {
        const id = `${o.method} ${o.path} ${o.operation.operationId}`;
        return o.method === 'get' ? [id, `head ${o.path} ${o.operation.operationId}Head`] : [id];
      });
    expect(ids(importedBody(dev)).sort()).toEqual(withHeads(spec as unknown as OpenApiDocument).sort());
  });

  it('proxies every operation and preflight to the live alias, validated, with its security', () => {
    const body = importedBody(dev);
    const aliasId = logicalId(dev, 'AWS::Lambda::Alias');
    for (const [path, item] of Object.entries(body.paths)) {
      for (const method of [
        ...operationsOf(body)
          .filter((o) => o.path === path)
          .map((o) => o.method),
        'options',
      ]) {
        const operation = item[method] as Record<string, unknown>;
        expect(JSON.stringify(operation['x-amazon-apigateway-integration'])).toContain(`{"Ref":"${aliasId}"}`);
        expect(operation['x-amazon-apigateway-integration']).toMatchObject({ type: 'aws_proxy', httpMethod: 'POST' });
        expect(operation.security).toBeInstanceOf(Array);
        if (method !== 'options') expect(operation['x-amazon-apigateway-request-validator']).toBe('body-and-params');
      }
    }
    expect(body['x-amazon-apigateway-gateway-responses']).toHaveProperty('THROTTLED');
  });

  it('imports a body that passes the API Gateway compatibility lint', async () => {
    const { errors, output } = await lintForApiGateway(importedBody(prod));
    expect(errors, output).toBe(0);
  });

  it('lets API Gateway invoke only the alias, from this API', () => {
    const permissions = Object.values(resourcesOf(dev.template, 'AWS::Lambda::Permission')).map((p) => p.Properties);
    // The other one is the avatar bucket's notification (test/infra/avatarBucket.test.ts).
    expect(permissions.map((p) => p.Principal).sort()).toEqual(['apigateway.amazonaws.com', 's3.amazonaws.com']);
    const permission = permissions.find((p) => p.Principal === 'apigateway.amazonaws.com');
    expect(permission).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { Ref: logicalId(dev, 'AWS::Lambda::Alias') },
    });
    expect(JSON.stringify(permission?.SourceArn)).toContain(logicalId(dev, 'AWS::ApiGateway::RestApi'));
  });

  it('redeploys when the spec changes', () => {
    const changed = structuredClone(spec) as unknown as OpenApiDocument;
    (changed.info as { version: string }).version = '9.9.9';
    const other = synthStack('dev', { spec: changed });
    expect(logicalId(other, 'AWS::ApiGateway::Deployment')).not.toBe(logicalId(dev, 'AWS::ApiGateway::Deployment'));
  }, 60_000);

  it('wires a spec with security to this stack’s Cognito user pool and API keys', () => {
    const withSecurity = securedStack('dev');
    const body = importedBody(withSecurity);
    const pool = logicalId(withSecurity, 'AWS::Cognito::UserPool');
    expect(body.components?.securitySchemes?.cognito).toMatchObject({
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [{ 'Fn::GetAtt': [pool, 'Arn'] }] },
    });
    expect((body.paths['/items']?.post as { security: unknown } | undefined)?.security).toEqual([
      { cognito: ['users-api/users:write'], api_key: [] },
    ]);
    expect(body['x-amazon-apigateway-api-key-source']).toBe('HEADER');
  }, 60_000);
});

describe('the API stage', () => {
  it('logs access as JSON, traces and throttles per stage, without billed per-method metrics', () => {
    for (const [s, settings] of [
      [dev, stages.dev],
      [prod, stages.prod],
    ] as const) {
      const stage = only(resourcesOf(s.template, 'AWS::ApiGateway::Stage')).Properties;
      expect(stage.StageName).toBe(settings.name);
      expect(stage.TracingEnabled).toBe(true);
      const accessLogs = Object.keys(resourcesOf(s.template, 'AWS::Logs::LogGroup')).find((id) =>
        id.startsWith('RestAccessLogs'),
      );
      expect(stage.AccessLogSetting.DestinationArn).toEqual({ 'Fn::GetAtt': [accessLogs, 'Arn'] });
      const format = JSON.parse(stage.AccessLogSetting.Format.replace(/\$context\.[\w.]+/g, '0'));
      expect(Object.keys(format)).toEqual(expect.arrayContaining(['requestId', 'status', 'ip', 'resourcePath']));
      expect(stage.MethodSettings).toContainEqual({
        HttpMethod: '*',
        ResourcePath: '/*',
        MetricsEnabled: false,
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
        ThrottlingRateLimit: settings.throttle.rateLimit,
        ThrottlingBurstLimit: settings.throttle.burstLimit,
      });
    }
  });

  // Per-method metrics (ApiName, Method, Resource, Stage) are sent only with detailed metrics on, and billed as
  // custom metrics; nothing here reads them. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
  it('reads only the API-level metrics API Gateway always sends, in every alarm and widget', () => {
    for (const s of [dev, prod]) {
      const alarms = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
      const apiMetrics = alarms.flatMap((a: CfnJson) =>
        [a, ...(a.Metrics ?? []).map((m: CfnJson) => m.MetricStat?.Metric ?? {})].filter(
          (m: CfnJson) => m.Namespace === 'AWS/ApiGateway',
        ),
      );
      expect(apiMetrics.length).toBeGreaterThan(0);
      for (const m of apiMetrics) {
        for (const d of m.Dimensions) expect(['ApiName', 'Stage']).toContain(d.Name);
      }
      const dashboard = JSON.stringify(only(resourcesOf(s.template, 'AWS::CloudWatch::Dashboard')).Properties);
      const apiWidgets = [...dashboard.matchAll(/\\"AWS\/ApiGateway\\",[^\]]*/g)].map((m) => m[0]);
      expect(apiWidgets.length).toBeGreaterThan(0);
      for (const widget of apiWidgets) expect(widget).not.toMatch(/Method|Resource/);
    }
  });

  it('runs no cache cluster while the contract leaves nothing cacheable (users reads are private)', () => {
    for (const s of [dev, prod]) {
      const stage = only(resourcesOf(s.template, 'AWS::ApiGateway::Stage')).Properties;
      expect(stage.CacheClusterEnabled).toBe(false);
      expect(stage.MethodSettings.filter((m: { CachingEnabled?: boolean }) => m.CachingEnabled)).toEqual([]);
    }
  });

  it('caches cacheable GETs encrypted, with the stage TTL, in a stage that has a TTL', () => {
    const cached = securedStack('prod');
    const stage = only(resourcesOf(cached.template, 'AWS::ApiGateway::Stage')).Properties;
    expect(stage.CacheClusterEnabled).toBe(true);
    expect(stage.CacheClusterSize).toBe('0.5');
    expect(stage.MethodSettings).toContainEqual(
      expect.objectContaining({
        HttpMethod: 'GET',
        ResourcePath: '/~1items~1{itemId}',
        CachingEnabled: true,
        CacheDataEncrypted: true,
        CacheTtlInSeconds: stages.prod.cacheTtlSeconds,
        ThrottlingRateLimit: stages.prod.throttle.rateLimit,
      }),
    );
    const getItem = importedBody(cached).paths['/items/{itemId}']?.get as Record<string, CfnJson>;
    expect(getItem['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual([
      'method.request.path.itemId',
      'method.request.header.Authorization',
    ]);
    // HEAD is never cached: a bodiless answer kept for the GET's key would be served to a GET.
    const headItem = importedBody(cached).paths['/items/{itemId}']?.head as Record<string, CfnJson>;
    expect(headItem['x-amazon-apigateway-integration'].cacheKeyParameters).toBeUndefined();
    expect(stage.MethodSettings.filter((m: { HttpMethod: string }) => m.HttpMethod === 'HEAD')).toEqual([]);
    const devCached = securedStack('dev');
    expect(only(resourcesOf(devCached.template, 'AWS::ApiGateway::Stage')).Properties.CacheClusterEnabled).toBe(false);
  }, 60_000);

  it('has a usage plan with the stage limits and a key in it', () => {
    const plan = only(resourcesOf(prod.template, 'AWS::ApiGateway::UsagePlan')).Properties;
    expect(plan.Throttle).toEqual({
      RateLimit: stages.prod.usagePlan.rateLimit,
      BurstLimit: stages.prod.usagePlan.burstLimit,
    });
    expect(plan.Quota).toEqual({ Limit: stages.prod.usagePlan.quotaPerDay, Period: 'DAY' });
    expect(plan.ApiStages).toEqual([
      expect.objectContaining({ ApiId: { Ref: logicalId(prod, 'AWS::ApiGateway::RestApi') } }),
    ]);
    prod.template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
      KeyId: { Ref: logicalId(prod, 'AWS::ApiGateway::ApiKey') },
      KeyType: 'API_KEY',
    });
  });

  it('is behind a WAF with a per-IP rate rule, the managed rule sets and the optional geo block', () => {
    const acl = only(resourcesOf(prod.template, 'AWS::WAFv2::WebACL')).Properties;
    expect(acl.Scope).toBe('REGIONAL');
    expect(acl.Rules).toContainEqual(
      expect.objectContaining({
        Name: 'RatePerIp',
        Action: { Block: expect.objectContaining({ CustomResponse: expect.objectContaining({ ResponseCode: 429 }) }) },
        Statement: { RateBasedStatement: { Limit: stages.prod.wafRateLimitPer5Min, AggregateKeyType: 'IP' } },
      }),
    );
    const managed = acl.Rules.map((r: CfnJson) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean);
    expect(managed).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesSQLiRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(acl.Rules).toContainEqual(
      expect.objectContaining({ Statement: { GeoMatchStatement: { CountryCodes: ['KP'] } } }),
    );
    const devAcl = only(resourcesOf(dev.template, 'AWS::WAFv2::WebACL')).Properties;
    expect(JSON.stringify(devAcl.Rules)).not.toContain('GeoMatch');
    const association = only(resourcesOf(prod.template, 'AWS::WAFv2::WebACLAssociation')).Properties;
    expect(JSON.stringify(association.ResourceArn)).toContain(logicalId(prod, 'AWS::ApiGateway::Stage'));
  });
});

describe('the table', () => {
  it('is on demand with the repository key shape, PITR, streams and TTL', () => {
    const table = only(resourcesOf(dev.template, 'AWS::DynamoDB::GlobalTable'));
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'users-by-created',
          KeySchema: [
            { AttributeName: 'entity', KeyType: 'HASH' },
            { AttributeName: 'listKey', KeyType: 'RANGE' },
          ],
        },
      ],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    const prodTable = only(resourcesOf(prod.template, 'AWS::DynamoDB::GlobalTable'));
    expect(prodTable.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
    });
    // Test data needs no continuous backup.
    expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: false,
    });
    expect(table.Properties.Replicas[0].Tags).toEqual(
      expect.arrayContaining([
        { Key: 'project', Value: 'users-api' },
        { Key: 'stage', Value: 'dev' },
      ]),
    );
  });

  it('is retained in prod except when its first create rolls back, disposable in dev', () => {
    const prodTable = only(resourcesOf(prod.template, 'AWS::DynamoDB::GlobalTable'));
    expect(prodTable.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(prodTable.UpdateReplacePolicy).toBe('Retain');
    const devTable = only(resourcesOf(dev.template, 'AWS::DynamoDB::GlobalTable'));
    expect(devTable.DeletionPolicy).toBe('Delete');
    // Neither carries deletion protection, which CloudFormation's rollback could not get past (test/infra/retention.test.ts).
    for (const table of [prodTable, devTable])
      expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBeUndefined();
  });
});

describe('the Lambda', () => {
  it('runs every Node.js function of the stack on nodejs24.x: the API, the pre-traffic hook and CDK’s own', () => {
    for (const { template } of [dev, prod]) {
      const runtimes = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).map(
        ([id, fn]) => `${id} ${fn.Properties.Runtime}`,
      );
      expect(runtimes.filter((r) => r.includes(' nodejs'))).toEqual(runtimes.filter((r) => r.endsWith(' nodejs24.x')));
      expect(runtimes).toContainEqual(expect.stringMatching(/^HandlerFunction.* nodejs24\.x$/));
      expect(runtimes).toContainEqual(expect.stringMatching(/PreTraffic.* nodejs24\.x$/));
    }
  });

  it('runs nodejs24.x on arm64, traced, inside API Gateway’s timeout, with its environment', () => {
    const fn = usersFunction(prod).Properties;
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
    });
    expect(fn.Timeout).toBeLessThan(29);
    expect(fn.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: logicalId(prod, 'AWS::DynamoDB::GlobalTable') },
      CORS_ALLOWED_ORIGINS: checkedSettings('prod').corsAllowedOrigins.join(','),
      VALIDATE_RESPONSES: 'false',
      CURSOR_SECRET_ARN: { Ref: expect.stringMatching(/^HandlerCursorSecret/) },
      POWERTOOLS_SERVICE_NAME: 'users-api',
      POWERTOOLS_METRICS_NAMESPACE: 'UsersApi',
      // The Lambda checks tokens that did not come through the authorizer against this pool and client,
      // and strips Cognito's resource-server prefix from scopes before comparing them with the spec's.
      AUTH_SCOPE_PREFIX: 'users-api/',
      AUTH_CLIENT_IDS: { Ref: expect.stringMatching(/^AuthPoolMachineClient/) },
      AUTH_ISSUER: {
        'Fn::Join': [
          '',
          [
            expect.stringMatching(/^https:\/\/cognito-idp\..+\.amazonaws\.com\/$/),
            { Ref: expect.stringMatching(/^AuthPool/) },
          ],
        ],
      },
    });
  });

  it('loads the X-Ray SDK tracer only in the stages that ask for DynamoDB subsegments', () => {
    for (const [stack, settings] of [
      [dev, stages.dev],
      [prod, stages.prod],
    ] as const) {
      const fn = usersFunction(stack).Properties;
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe(String(settings.traceAwsSdkCalls));
    }
    expect([stages.dev.traceAwsSdkCalls, stages.prod.traceAwsSdkCalls]).toEqual([true, false]);
  });

  it('may call only the DynamoDB actions the repository sends, on this table and its list index', () => {
    const tableId = logicalId(prod, 'AWS::DynamoDB::GlobalTable');
    const statements = resourceNamed(prod.template, 'AWS::IAM::Policy', 'HandlerRoleDefaultPolicy').Properties
      .PolicyDocument.Statement;
    const dynamo = statements.filter((s: { Action: string | string[] }) => String(s.Action).includes('dynamodb:'));
    expect(dynamo).toEqual([
      { Effect: 'Allow', Action: tableActions, Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } },
      {
        Effect: 'Allow',
        Action: indexActions[0],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/users-by-created']] },
      },
    ]);
  });

  it('lists exactly the actions the code sends (so a new command cannot ship without its permission)', () => {
    // IAM authorises a transaction by the action of each item in it, not by TransactWriteItems.
    const repository = readdirSync('src/repository')
      .map((name) => readFileSync(`src/repository/${name}`, 'utf8'))
      .join('\n');
    const persistence = readFileSync(
      'node_modules/@aws-lambda-powertools/idempotency/lib/esm/persistence/DynamoDBPersistenceLayer.js',
      'utf8',
    );
    const action: Record<string, string> = {
      Get: 'GetItem',
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      ConditionCheck: 'ConditionCheckItem',
      Query: 'Query',
    };
    const commands = [...repository.matchAll(/new (\w+)Command\(/g)].map((m) => m[1] as string);
    const transactionItems = [...repository.matchAll(/\b(Put|Update|Delete|ConditionCheck): /g)].map(
      (m) => m[1] as string,
    );
    const idempotency = [...persistence.matchAll(/new (\w+)ItemCommand\(/g)].map((m) => m[1] as string);
    const used = new Set(
      [...commands.filter((c) => c !== 'TransactWrite'), ...transactionItems, ...idempotency].map(
        (c) => `dynamodb:${action[c] ?? c}`,
      ),
    );
    expect(commands).toContain('TransactWrite');
    expect([...used].sort()).toEqual([...tableActions, ...indexActions].sort());
  });

  it('keeps its logs for the stage retention', () => {
    const retentions = Object.values(resourcesOf(prod.template, 'AWS::Logs::LogGroup')).map(
      (g) => g.Properties.RetentionInDays,
    );
    // The Lambda's, the pre-traffic hook's, the access logs, API Gateway's execution logs, and CDK's two handlers'
    // (the docs deployment and the provider that empties the site bucket).
    expect(retentions).toEqual([1, 2, 3, 4, 5, 6].map(() => stages.prod.logRetentionDays));
  });

  it('ships through a live alias with a 10% / 5 minute canary that rolls back on the new version’s alarms', () => {
    prod.template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live' });
    const group = only(resourcesOf(prod.template, 'AWS::CodeDeploy::DeploymentGroup')).Properties;
    expect(group.DeploymentConfigName).toBe('CodeDeployDefault.LambdaCanary10Percent5Minutes');
    expect(group.AlarmConfiguration).toEqual({
      Enabled: true,
      Alarms: ['ServerErrorRate', 'LatencyP99', 'Errors'].map((name) => ({
        Name: { Ref: expect.stringMatching(new RegExp(`^HandlerNewVersion${name}`)) },
      })),
    });
    expect(group.AutoRollbackConfiguration).toEqual({
      Enabled: true,
      Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
    });
  });
});

describe('Cognito', () => {
  it('has a resource server with the scopes the spec declares and a client-credentials client with a secret', () => {
    prod.template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'users-api',
      Scopes: allScopes.map((ScopeName) => Match.objectLike({ ScopeName })),
    });
    const client = only(resourcesOf(prod.template, 'AWS::Cognito::UserPoolClient')).Properties;
    expect(client).toMatchObject({ AllowedOAuthFlows: ['client_credentials'], GenerateSecret: true });
    for (const scope of allScopes) expect(JSON.stringify(client.AllowedOAuthScopes)).toContain(`/${scope}`);
    prod.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'users-api-prod-000000000000' });
  });

  it('outputs what a client needs to get a token and call the API', () => {
    const outputs = Object.keys(prod.template.findOutputs('*'));
    expect(outputs).toEqual(expect.arrayContaining(['UserPoolId', 'ClientId', 'TokenUrl', 'ApiKeyId', 'ApiUrl']));
    prod.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'users-api-prod-000000000000' });
    expect(JSON.stringify(prod.template.findOutputs('TokenUrl').TokenUrl?.Value)).toMatch(
      /"https:\/\/",\{"Ref":"AuthPoolDomain\w+"\},".auth.us-east-1.amazoncognito.com\/oauth2\/token"/,
    );
  });
});

describe('alarms and dashboard', () => {
  it('alarm on Lambda errors, 5XX rate, p99 latency, 4XX spike and throttles, all to the encrypted topic', () => {
    const alarms = Object.values(resourcesOf(prod.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const topic = logicalId(prod, 'AWS::SNS::Topic');
    const signal = (a: CfnJson) =>
      a.MetricName ?? a.Metrics?.map((m: CfnJson) => m.MetricStat?.Metric.MetricName).find(Boolean);
    expect(alarms.map(signal).sort()).toEqual(
      [
        '4XXError',
        '5XXError',
        'ApiThrottledRequests',
        'Errors',
        'Latency',
        'Latency',
        'ServerErrors',
        'ThrottledRequests',
        'Throttles',
        // A failed avatar upload notification waits in its dead-letter queue (avatarBucket.test.ts).
        'ApproximateNumberOfMessagesVisible',
        // The estimated-spend alarm (test/infra/costAndWarmth.test.ts), whose first metric is the request count.
        'Count',
      ].sort(),
    );
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
    expect(alarms.find((a) => a.MetricName === 'Latency')?.ExtendedStatistic).toBe('p99');
    prod.template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: '{ $.status = 429 }' });
    prod.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    prod.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@users-api.internal',
    });
  });

  it('has a dashboard with one widget per alarm', () => {
    const dashboard = only(resourcesOf(prod.template, 'AWS::CloudWatch::Dashboard')).Properties;
    const body = JSON.stringify(dashboard.DashboardBody);
    expect(body.match(/\\"alarms\\"/g)).toHaveLength(10);
  });
});

describe('the time budget', () => {
  it.each([
    ['dev', () => dev],
    ['prod', () => prod],
  ])(
    'of the deployed %s Lambda (its environment) fits its timeout, which fits every integration timeout',
    (_s, stack) => {
      const s = stack();
      const fn = usersFunction(s).Properties;
      const variables = fn.Environment.Variables as Record<string, unknown>;
      const timeoutVariables = Object.fromEntries(
        Object.entries(variables).filter(([name]) => /TIMEOUT_MS$|MAX_ATTEMPTS$|WAIT_MS$/.test(name)),
      ) as Record<string, string>;
      expect(Object.keys(timeoutVariables).sort()).toEqual([
        'AUTH_JWKS_TIMEOUT_MS',
        'DYNAMODB_CONNECT_TIMEOUT_MS',
        'DYNAMODB_MAX_ATTEMPTS',
        'DYNAMODB_REQUEST_TIMEOUT_MS',
        'IDEMPOTENCY_WAIT_MS',
        'S3_CONNECT_TIMEOUT_MS',
        'S3_MAX_ATTEMPTS',
        'S3_REQUEST_TIMEOUT_MS',
      ]);
      const integrationTimeouts = Object.values(importedBody(s).paths).flatMap((item) =>
        Object.values(item as Record<string, CfnJson>)
          .map((op) => op?.['x-amazon-apigateway-integration']?.timeoutInMillis)
          .filter((ms) => ms !== undefined),
      );
      expect(integrationTimeouts.length).toBeGreaterThan(0);
      expect(() =>
        checkTimeBudget(timeoutsOf(loadConfig(timeoutVariables)), fn.Timeout * 1000, Math.min(...integrationTimeouts)),
      ).not.toThrow();
    },
  );

  it('fails the synth when a timeout is raised past what the Lambda timeout allows', () => {
    const raised = { ...stages.dev, timeouts: { ...stages.dev.timeouts, dynamoRequestTimeoutMs: 3000 } };
    expect(() => synthStack('dev', { stage: raised })).toThrow(TimeBudgetError);
    const longLambda = { ...stages.dev, lambdaTimeoutSeconds: 29 };
    expect(() => synthStack('dev', { stage: longLambda })).toThrow(/below the integration timeout/);
  });
});
