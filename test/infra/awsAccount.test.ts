// What a real account needs of the synthesized stack, beyond what cdk-nag checks: each property AWS relies on.
import { beforeAll, describe, expect, it } from 'vitest';
import { stages } from '../../config/stages.js';
import { COUNTED_COMMON_RULES, RATE_RETRY_AFTER_SECONDS } from '../../infra/lib/constructs/ApiFirewall.js';
import { BOOTSTRAP_QUALIFIER, MIN_BOOTSTRAP_VERSION } from '../../scripts/preflight/checks.js';
import { ANY_METHOD, type OpenApiDocument } from '../../src/apiGateway/apiGatewaySpec.js';
import { gatewayProblems } from '../../src/apiGateway/gatewayResponses.js';
import {
  type CfnJson,
  logicalId,
  only,
  resourceNamed,
  resourcesOf,
  restApi,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStack,
  stageStack,
  usersFunction,
} from '../helpers/synthStack.js';

let dev: SynthesizedStack;
let prod: SynthesizedStack;
beforeAll(() => {
  dev = stageStack('dev');
  prod = stageStack('prod');
}, SYNTH_TIMEOUT_MS);

describe('alarm notifications', () => {
  it('let CloudWatch alarms of this account publish to the topic, next to the TLS-only deny', () => {
    const topic = logicalId(prod, 'AWS::SNS::Topic');
    const policy = only(resourcesOf(prod.template, 'AWS::SNS::TopicPolicy')).Properties;
    expect(policy.Topics).toEqual([{ Ref: topic }]);
    const statements = policy.PolicyDocument.Statement as CfnJson[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toContainEqual({
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: topic },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '000000000000' },
        ArnLike: {
          'aws:SourceArn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:000000000000:alarm:*']],
          },
        },
      },
    });
  });
});

describe('the canary', () => {
  const alarms = () => resourcesOf(prod.template, 'AWS::CloudWatch::Alarm');
  const alarm = (prefix: string) =>
    Object.entries(alarms()).find(([id]) => id.startsWith(`HandlerNewVersion${prefix}`))?.[1].Properties as CfnJson;
  const newVersion = () => ({ 'Fn::GetAtt': [logicalId(prod, 'AWS::Lambda::Version'), 'Version'] });

  it('rolls back on the new version’s 5xx rate from the handler’s metrics, over two of three minutes', () => {
    const rate = alarm('ServerErrorRate');
    expect(rate).toMatchObject({ Threshold: 0.05, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    const expression = rate.Metrics.find((m: CfnJson) => m.Expression !== undefined);
    expect(expression.Expression).toBe('IF(requests >= 5, errors / requests, 0)');
    const stat = (id: string) => rate.Metrics.find((m: CfnJson) => m.Id === id).MetricStat;
    for (const [id, name] of [
      ['errors', 'ServerErrors'],
      ['requests', 'Requests'],
    ]) {
      expect(stat(id as string)).toEqual({
        Metric: {
          Namespace: 'UsersApi',
          MetricName: name,
          Dimensions: expect.arrayContaining([
            { Name: 'service', Value: 'users-api' },
            { Name: 'version', Value: newVersion() },
          ]),
        },
        Period: 60,
        Stat: 'Sum',
      });
    }
  });

  it('rolls back on the new version’s p99 latency and on its Lambda errors, not the old version’s', () => {
    expect(alarm('LatencyP99')).toMatchObject({
      Namespace: 'UsersApi',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Dimensions: expect.arrayContaining([{ Name: 'version', Value: newVersion() }]),
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
    const errors = alarm('Errors');
    expect(errors).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', DatapointsToAlarm: 2 });
    expect(errors.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'ExecutedVersion', Value: newVersion() },
        {
          Name: 'Resource',
          Value: { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/^HandlerFunction/) }, ':live']] },
        },
      ]),
    );
  });

  it('calls the new version from a pre-traffic hook before any traffic shifts to it', () => {
    const alias = only(resourcesOf(prod.template, 'AWS::Lambda::Alias'));
    const hook = Object.keys(resourcesOf(prod.template, 'AWS::Lambda::Function')).find((id) =>
      id.startsWith('HandlerPreTrafficFunction'),
    );
    expect(alias.UpdatePolicy.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook).toEqual({ Ref: hook });
    const fn = resourceNamed(prod.template, 'AWS::Lambda::Function', 'HandlerPreTrafficFunction').Properties;
    const version = logicalId(prod, 'AWS::Lambda::Version');
    expect(fn.Environment.Variables.TARGET_VERSION_ARN).toEqual({ Ref: version });
    const statements = resourceNamed(prod.template, 'AWS::IAM::Policy', 'HandlerPreTrafficRole').Properties
      .PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: { Ref: version },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'codedeploy:PutLifecycleEventHookExecutionStatus' }),
    );
  });

  it('has the alarms watch the new version before the alias moves to it', () => {
    const alias = only(resourcesOf(prod.template, 'AWS::Lambda::Alias'));
    const canary = Object.keys(alarms()).filter((id) => id.startsWith('HandlerNewVersion'));
    expect(canary).toHaveLength(3);
    expect(alias.DependsOn).toEqual(expect.arrayContaining(canary));
  });
});

describe('methods a path does not define', () => {
  it('reach the Lambda through an unauthenticated ANY method on every path, so it can answer 405', () => {
    const body = restApi(dev).Body as OpenApiDocument;
    const alias = logicalId(dev, 'AWS::Lambda::Alias');
    for (const [path, item] of Object.entries(body.paths)) {
      const any = item[ANY_METHOD] as CfnJson;
      expect(any, path).toBeDefined();
      expect(any.security).toEqual([]);
      expect(any['x-amazon-apigateway-integration']).toMatchObject({ type: 'aws_proxy', httpMethod: 'POST' });
      expect(JSON.stringify(any['x-amazon-apigateway-integration'].uri)).toContain(`{"Ref":"${alias}"}`);
    }
  });
});

describe('HEAD', () => {
  it('is a method wherever GET is, with the GET’s security and validator, proxied to the same alias', () => {
    const body = restApi(dev).Body as OpenApiDocument;
    const paths = Object.entries(body.paths).filter(([, item]) => item.get !== undefined);
    expect(paths.length).toBeGreaterThan(0);
    for (const [path, item] of paths) {
      const [get, head] = [item.get, item.head] as CfnJson[];
      expect(head, path).toBeDefined();
      expect(head.security, path).toEqual(get.security);
      expect(head['x-amazon-apigateway-request-validator'], path).toEqual(get['x-amazon-apigateway-request-validator']);
      expect(head['x-amazon-apigateway-integration'], path).toEqual(get['x-amazon-apigateway-integration']);
    }
  });
});

describe('the import', () => {
  it('fails on warnings, so nothing in the document is silently ignored', () => {
    expect(restApi(dev).FailOnWarnings).toBe(true);
    expect(restApi(prod).FailOnWarnings).toBe(true);
  });

  it('does not try to customise REQUEST_TOO_LARGE, which API Gateway answers with its own body', () => {
    const responses = (restApi(dev).Body as CfnJson)['x-amazon-apigateway-gateway-responses'];
    expect(responses).not.toHaveProperty('REQUEST_TOO_LARGE');
    expect(gatewayProblems).not.toHaveProperty('REQUEST_TOO_LARGE');
  });

  it('sets WWW-Authenticate on the authorizer’s 401s (a Lambda’s own would arrive remapped)', () => {
    const responses = (restApi(dev).Body as CfnJson)['x-amazon-apigateway-gateway-responses'];
    for (const type of ['UNAUTHORIZED', 'EXPIRED_TOKEN']) {
      expect(responses[type].responseParameters['gatewayresponse.header.WWW-Authenticate']).toBe(
        `'Bearer realm="users-api"'`,
      );
    }
  });
});

describe('the firewall', () => {
  const acl = () => only(resourcesOf(prod.template, 'AWS::WAFv2::WebACL')).Properties;

  it('only counts the Common rule set rules that contradict the contract', () => {
    const common = acl().Rules.find((r: CfnJson) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.OverrideAction).toEqual({ None: {} });
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual(
      COUNTED_COMMON_RULES.map((Name) => ({ Name, ActionToUse: { Count: {} } })),
    );
    expect(COUNTED_COMMON_RULES).toEqual(['SizeRestrictions_BODY', 'NoUserAgent_HEADER']);
  });

  it('answers the rate rule with a 429 problem and Retry-After', () => {
    const rate = acl().Rules.find((r: CfnJson) => r.Name === 'RatePerIp');
    const response = rate.Action.Block.CustomResponse;
    expect(response).toMatchObject({
      ResponseCode: 429,
      ResponseHeaders: [{ Name: 'Retry-After', Value: String(RATE_RETRY_AFTER_SECONDS) }],
    });
    const body = acl().CustomResponseBodies[response.CustomResponseBodyKey];
    expect(body.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(body.Content)).toEqual({
      type: '/problems/too-many-requests',
      title: 'Too Many Requests',
      status: 429,
      detail: expect.any(String),
      instance: expect.any(String),
    });
  });

  it('never blocks a client that stays within its usage plan', () => {
    for (const stage of [stages.dev, stages.prod]) {
      const rate = only(
        resourcesOf(stage === stages.dev ? dev.template : prod.template, 'AWS::WAFv2::WebACL'),
      ).Properties.Rules.find((r: CfnJson) => r.Name === 'RatePerIp');
      const limit = rate.Statement.RateBasedStatement.Limit;
      expect(limit).toBe(stage.wafRateLimitPer5Min);
      // The rule counts over 5 minutes by default; the plan allows rateLimit per second, per key.
      expect(rate.Statement.RateBasedStatement.EvaluationWindowSec ?? 300).toBe(300);
      expect(limit).toBeGreaterThan(stage.usagePlan.rateLimit * 300);
    }
  });
});

describe('account-wide settings', () => {
  it('are never a stage’s: no stage stack sets the region’s API Gateway CloudWatch role (UsersApi-account does)', () => {
    for (const s of [dev, prod]) {
      expect(resourcesOf(s.template, 'AWS::ApiGateway::Account')).toEqual({});
      expect(JSON.stringify(s.template.toJSON())).not.toContain('AmazonAPIGatewayPushToCloudWatchLogs');
    }
  });

  it('create API Gateway’s execution log group with the stage retention, before the stage writes to it', () => {
    const groups = resourcesOf(prod.template, 'AWS::Logs::LogGroup');
    const [id, group] = Object.entries(groups).find(([, g]) =>
      JSON.stringify(g.Properties.LogGroupName ?? '').includes('API-Gateway-Execution-Logs_'),
    ) as [string, CfnJson];
    expect(group.Properties.LogGroupName).toEqual({
      'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: logicalId(prod, 'AWS::ApiGateway::RestApi') }, '/prod']],
    });
    expect(group.Properties.RetentionInDays).toBe(stages.prod.logRetentionDays);
    expect(group.DeletionPolicy).toBe('RetainExceptOnCreate');
    const stage = only(resourcesOf(prod.template, 'AWS::ApiGateway::Stage'));
    expect(stage.DependsOn).toContain(id);
  });
});

describe('the cursor secret', () => {
  it('reaches the Lambda as an ARN it may read, never as a value in its configuration', () => {
    const fn = usersFunction(prod).Properties;
    const secret = logicalId(prod, 'AWS::SecretsManager::Secret');
    expect(fn.Environment.Variables.CURSOR_SECRET_ARN).toEqual({ Ref: secret });
    expect(fn.Environment.Variables).not.toHaveProperty('CURSOR_SECRET');
    expect(JSON.stringify(fn)).not.toContain('{{resolve:secretsmanager');
    const statements = resourceNamed(prod.template, 'AWS::IAM::Policy', 'HandlerRoleDefaultPolicy').Properties
      .PolicyDocument.Statement;
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: { Ref: secret },
    });
  });
});

describe('smaller ones', () => {
  it('have no MFA on the machine-client pool', () => {
    const pool = only(resourcesOf(prod.template, 'AWS::Cognito::UserPool')).Properties;
    expect(pool.MfaConfiguration).toBe('OFF');
    expect(pool.EnabledMfas).toBeUndefined();
  });

  it('alarm on throttled DynamoDB transactions too', () => {
    const alarm = Object.values(resourcesOf(prod.template, 'AWS::CloudWatch::Alarm')).find((a) =>
      JSON.stringify(a.Properties.Metrics ?? []).includes('"ThrottledRequests"'),
    );
    const operations = alarm?.Properties.Metrics.flatMap(
      (m: CfnJson) => m.MetricStat?.Metric.Dimensions.find((d: CfnJson) => d.Name === 'Operation')?.Value ?? [],
    );
    expect(operations).toEqual(
      expect.arrayContaining(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'TransactWriteItems']),
    );
  });
});

describe('the CDK bootstrap the templates need', () => {
  // The synthesized template refuses older bootstrap stacks in its CheckBootstrapVersion rule; preflight asks for
  // the same minimum (SSM /cdk-bootstrap/<qualifier>/version).
  // https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html
  it('is the version preflight checks for', () => {
    const rule = dev.template.toJSON().Rules.CheckBootstrapVersion.Assertions[0].Assert;
    const refused: string[] = rule['Fn::Not'][0]['Fn::Contains'][0];
    expect(refused).toEqual(Array.from({ length: MIN_BOOTSTRAP_VERSION - 1 }, (_, i) => String(i + 1)));
    expect(JSON.stringify(dev.template.toJSON().Parameters.BootstrapVersion.Default)).toContain(
      `/cdk-bootstrap/${BOOTSTRAP_QUALIFIER}/version`,
    );
  });
});
