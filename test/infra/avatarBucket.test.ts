// The avatar bucket in the synthesized stack: private, encrypted, TLS only, CORS, lifecycle, logs, retention,
// the Lambda's least-privilege access to its prefix, its settings, and the notification of each upload.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { stages } from '../../config/stages.js';
import { avatarActions } from '../../infra/lib/constructs/AvatarBucket.js';
import {
  type CfnJson,
  checkedSettings,
  only,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStack,
  stageStack,
  synthStack,
  usersFunction,
} from '../helpers/synthStack.js';

const BUCKET_NAME = 'users-api-prod-avatars-000000000000-us-east-1';
let dev: SynthesizedStack;
let prod: SynthesizedStack;
beforeAll(() => {
  dev = stageStack('dev');
  prod = stageStack('prod');
}, SYNTH_TIMEOUT_MS);

const buckets = (s: SynthesizedStack) => resourcesOf(s.template, 'AWS::S3::Bucket');
const idOf = (s: SynthesizedStack, prefix: string) =>
  Object.keys(buckets(s)).find((id) => id.startsWith(prefix)) as string;
const avatarBucket = (s: SynthesizedStack) => buckets(s)[idOf(s, 'AvatarsBucket')];
const lambdaStatements = (s: SynthesizedStack): CfnJson[] =>
  Object.values(resourcesOf(s.template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes('HandlerRole'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);

describe('the avatar bucket', () => {
  it('blocks public access, encrypts, refuses plain HTTP and logs access to its own log bucket', () => {
    const { Properties } = avatarBucket(prod);
    expect(Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    expect(Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: idOf(prod, 'AvatarsAccessLogs') });
    // Log delivery may write by bucket policy (no ACLs: the log bucket enforces bucket-owner ownership).
    const logPolicy = Object.values(resourcesOf(prod.template, 'AWS::S3::BucketPolicy')).find((p) =>
      JSON.stringify(p.Properties.Bucket).includes(idOf(prod, 'AvatarsAccessLogs')),
    );
    expect(JSON.stringify(logPolicy?.Properties.PolicyDocument)).toContain('logging.s3.amazonaws.com');
    const policies = Object.values(resourcesOf(prod.template, 'AWS::S3::BucketPolicy'));
    const tlsOnly = policies.find((p) => JSON.stringify(p.Properties.Bucket).includes(idOf(prod, 'AvatarsBucket')));
    expect(tlsOnly?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it.each([
    ['dev', () => dev],
    ['prod', () => prod],
  ])('lets browsers of the %s origins upload (POST) and download (GET)', (name, stack) => {
    const settings = checkedSettings(name as 'dev' | 'prod');
    expect(avatarBucket(stack()).Properties.CorsConfiguration.CorsRules).toEqual([
      {
        AllowedMethods: ['POST', 'GET'],
        AllowedOrigins: [...settings.corsAllowedOrigins],
        AllowedHeaders: ['*'],
        MaxAge: 3000,
      },
    ]);
  });

  it('aborts abandoned multipart uploads after a day and expires its access logs with the stage retention', () => {
    expect(avatarBucket(prod).Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'AbandonedUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
    ]);
    const logs = buckets(prod)[idOf(prod, 'AvatarsAccessLogs')];
    expect(logs.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'ExpireLogs', Status: 'Enabled', ExpirationInDays: stages.prod.logRetentionDays },
    ]);
  });

  it('allows no browser origin where the stage names none (prod until its frontend is set)', () => {
    const closed = synthStack('prod', { alarmEmail: 'oncall@users-api.internal' });
    expect(avatarBucket(closed).Properties.CorsConfiguration).toBeUndefined();
    expect(usersFunction(closed).Properties.Environment.Variables.CORS_ALLOWED_ORIGINS).toBe('');
  }, 60_000);

  it('is retained with its logs in prod (except on a failed first create), emptied and removed in dev', () => {
    for (const prefix of ['AvatarsBucket', 'AvatarsAccessLogs']) {
      expect(buckets(prod)[idOf(prod, prefix)].DeletionPolicy, prefix).toBe('RetainExceptOnCreate');
    }
    expect(buckets(dev)[idOf(dev, 'AvatarsBucket')].DeletionPolicy).toBe('Delete');
    // A dev stage keeps no access log of its test avatars.
    expect(idOf(dev, 'AvatarsAccessLogs')).toBeUndefined();
    expect(avatarBucket(dev).Properties.LoggingConfiguration).toBeUndefined();
  });
});

describe('the Lambda and the avatar bucket', () => {
  it('may only put, get and delete objects under avatars/, and nothing else in S3', () => {
    const s3 = lambdaStatements(prod).filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${BUCKET_NAME}/avatars/*`]],
        },
      },
    ]);
  });

  it('lists exactly the S3 actions the adapter sends (presigning a POST and a GET signs Put and Get)', () => {
    const adapter = readFileSync('src/storage/S3AvatarStore.ts', 'utf8');
    const action: Record<string, string> = { HeadObject: 'GetObject', GetObject: 'GetObject' };
    const commands = [...adapter.matchAll(/new (\w+)Command\(/g)].map((m) => `s3:${action[m[1] as string] ?? m[1]}`);
    const presignedPost = adapter.includes('createPresignedPost(') ? ['s3:PutObject'] : [];
    expect([...new Set([...commands, ...presignedPost])].sort()).toEqual([...avatarActions].sort());
  });

  it('gets the bucket and the stage’s limits in its environment', () => {
    const fn = usersFunction(prod).Properties;
    const { avatars } = stages.prod;
    expect(fn.Environment.Variables).toMatchObject({
      AVATAR_BUCKET: BUCKET_NAME,
      AVATAR_MAX_BYTES: String(avatars.maxBytes),
      AVATAR_CONTENT_TYPES: avatars.contentTypes.join(','),
      AVATAR_UPLOAD_TTL_SECONDS: String(avatars.uploadTtlSeconds),
      AVATAR_DOWNLOAD_TTL_SECONDS: String(avatars.downloadTtlSeconds),
      S3_CONNECT_TIMEOUT_MS: String(stages.prod.timeouts.s3ConnectTimeoutMs),
      S3_REQUEST_TIMEOUT_MS: String(stages.prod.timeouts.s3RequestTimeoutMs),
      S3_MAX_ATTEMPTS: String(stages.prod.timeouts.s3MaxAttempts),
    });
  });

  it('is notified of each upload under avatars/ through its live alias, by this bucket only', () => {
    const aliasId = Object.keys(resourcesOf(prod.template, 'AWS::Lambda::Alias'))[0];
    const bucket = avatarBucket(prod);
    expect(bucket.Properties.BucketName).toBe(BUCKET_NAME);
    expect(bucket.Properties.NotificationConfiguration.LambdaConfigurations).toEqual([
      {
        Event: 's3:ObjectCreated:*',
        Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'avatars/' }] } },
        Function: { Ref: aliasId },
      },
    ]);
    const permission = Object.entries(resourcesOf(prod.template, 'AWS::Lambda::Permission')).find(
      ([, p]) => p.Properties.Principal === 's3.amazonaws.com',
    );
    expect(permission?.[1].Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: aliasId },
      Principal: 's3.amazonaws.com',
      SourceAccount: '000000000000',
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${BUCKET_NAME}`]] },
    });
    // S3 checks that it may invoke the function when the notification is configured.
    expect(bucket.DependsOn).toContain(permission?.[0]);
    // Native configuration: no custom resource (and no Lambda of its own) applies the notification.
    expect(resourcesOf(prod.template, 'Custom::S3BucketNotifications')).toEqual({});
  });
});

// Issue 32, item 6: a notification that failed (DynamoDB or S3 down while S3's event was handled) was lost: the
// asynchronous invocation had no retry policy, no on-failure destination and no dead-letter queue.
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html (destinations, retry attempts,
// maximum event age), https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html
// (S3 invokes Lambda asynchronously).
describe('a failed upload notification', () => {
  const queueId = (s: SynthesizedStack) =>
    Object.keys(resourcesOf(s.template, 'AWS::SQS::Queue')).find((id) =>
      id.startsWith('AvatarsFailedUploadNotifications'),
    ) as string;

  it.each(['dev', 'prod'] as const)(
    'is retried twice by Lambda, then sent to an encrypted, TLS-only queue (%s)',
    (stage) => {
      const s = stage === 'dev' ? dev : prod;
      const queue = queueId(s);
      expect(queue).toBeDefined();
      expect(resourcesOf(s.template, 'AWS::SQS::Queue')[queue]?.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      const config = only(resourcesOf(s.template, 'AWS::Lambda::EventInvokeConfig'));
      // On the alias S3 notifies: the qualifier is that alias's name, taken from its ARN.
      const notified = avatarBucket(s).Properties.NotificationConfiguration.LambdaConfigurations[0].Function;
      expect(JSON.stringify(config.Properties.Qualifier)).toContain(JSON.stringify(notified));
      expect(config.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
      });
      const policy = Object.values(resourcesOf(s.template, 'AWS::SQS::QueuePolicy')).find((p) =>
        JSON.stringify(p.Properties.Queues).includes(queue),
      );
      expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
      const send = lambdaStatements(s).find((st) => JSON.stringify(st.Resource).includes(queue));
      expect(send?.Action).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    },
  );

  it('puts an alarm on the queue that notifies the alarm topic', () => {
    const queue = queueId(prod);
    const alarm = Object.values(resourcesOf(prod.template, 'AWS::CloudWatch::Alarm')).find(
      (a) => a.Properties.Namespace === 'AWS/SQS' && JSON.stringify(a.Properties.Dimensions).includes(queue),
    );
    expect(alarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(JSON.stringify(alarm?.Properties.AlarmActions)).toContain('MonitoringTopic');
  });
});
