// The avatar bucket: private, encrypted, TLS only, logged (prod), CORS for browser uploads; the Lambda signs for its prefix.
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type Alias, CfnPermission, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AvatarSettings } from '../../../config/stages.js';
import { AVATAR_PREFIX } from '../../../src/storage/avatarKeys.js';
import { bucketRemoval } from '../retention.js';
import { avatarBucketName } from '../stageNames.js';

/** What the Lambda does in the bucket: sign uploads (Put) and downloads (Get, also HeadObject), delete with its user. */
export const avatarActions = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'];

export interface AvatarBucketProps {
  /** The bucket is `users-api-<stage>-avatars-<account>-<region>`. */
  readonly stageName: string;
  readonly settings: AvatarSettings;
  readonly corsAllowedOrigins: readonly string[];
  /** Kept (RetainExceptOnCreate) and its access logged in prod; emptied and deleted with the stack in dev. */
  readonly protectData: boolean;
  readonly logRetentionDays: number;
  /** The function that presigns, and the alias S3 notifies of each upload. */
  readonly function: LambdaFunction;
  readonly alias: Alias;
}

export class AvatarBucket extends Construct {
  readonly bucket: Bucket;
  /** Server access logs of the bucket, in a stage that protects its data. */
  readonly accessLogs: Bucket | undefined;
  /** Upload notifications the function still failed to record after Lambda's retries (the dead-letter queue). */
  readonly failedNotifications: Queue;
  /** In alarm while a failed notification waits in the queue. */
  readonly failedNotificationsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: AvatarBucketProps) {
    super(scope, id);
    const removal = bucketRemoval(props.protectData);
    const stack = Stack.of(this);
    // Log delivery is granted by a bucket policy, not by the LogDeliveryWrite ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    // Named, not generated: the Lambda reads the name and S3 notifies the Lambda, and a Ref each way would be a cycle.
    const bucketName = avatarBucketName(props.stageName, stack.account, stack.region);
    const bucketArn = `arn:${stack.partition}:s3:::${bucketName}`;
    // Who read or wrote a user's avatar: recorded where the data is real; a dev stage's is test data.
    this.accessLogs = props.protectData
      ? new Bucket(this, 'AccessLogs', {
          blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
          // S3 server access logging delivers only to SSE-S3 buckets.
          encryption: BucketEncryption.S3_MANAGED,
          enforceSSL: true,
          objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
          lifecycleRules: [{ id: 'ExpireLogs', expiration: Duration.days(props.logRetentionDays) }],
          ...removal,
        })
      : undefined;
    this.bucket = new Bucket(this, 'Bucket', {
      bucketName,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      ...(this.accessLogs === undefined
        ? {}
        : { serverAccessLogsBucket: this.accessLogs, serverAccessLogsPrefix: 'avatars-bucket/' }),
      // Browsers POST the presigned upload and GET the presigned download from the app's origins (none: no browser).
      cors:
        props.corsAllowedOrigins.length === 0
          ? undefined
          : [
              {
                allowedMethods: [HttpMethods.POST, HttpMethods.GET],
                allowedOrigins: [...props.corsAllowedOrigins],
                allowedHeaders: ['*'],
                maxAge: 3000,
              },
            ],
      lifecycleRules: [
        // A presigned POST is one request; multipart uploads are not granted, but one left behind would cost forever.
        { id: 'AbandonedUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      ...removal,
    });

    const fn = props.function;
    const { settings } = props;
    fn.addEnvironment('AVATAR_BUCKET', bucketName);
    fn.addEnvironment('AVATAR_MAX_BYTES', String(settings.maxBytes));
    fn.addEnvironment('AVATAR_CONTENT_TYPES', settings.contentTypes.join(','));
    fn.addEnvironment('AVATAR_UPLOAD_TTL_SECONDS', String(settings.uploadTtlSeconds));
    fn.addEnvironment('AVATAR_DOWNLOAD_TTL_SECONDS', String(settings.downloadTtlSeconds));
    // S3_* timeouts: set by UsersFunction with the others, so the time budget checks them all.
    fn.addToRolePolicy(new PolicyStatement({ actions: avatarActions, resources: [`${bucketArn}/${AVATAR_PREFIX}*`] }));
    // S3 tells the live alias about each upload, which records the avatar on its user. Native notification
    // configuration: no custom resource Lambda, and S3 checks the permission exists when the bucket is configured.
    const permission = new CfnPermission(this, 'UploadNotifications', {
      action: 'lambda:InvokeFunction',
      functionName: props.alias.functionArn,
      principal: 's3.amazonaws.com',
      sourceAccount: stack.account,
      sourceArn: bucketArn,
    });
    const cfnBucket = this.bucket.node.defaultChild as CfnBucket;
    cfnBucket.notificationConfiguration = {
      lambdaConfigurations: [
        {
          event: 's3:ObjectCreated:*',
          filter: { s3Key: { rules: [{ name: 'prefix', value: AVATAR_PREFIX }] } },
          function: props.alias.functionArn,
        },
      ],
    };
    this.bucket.node.addDependency(permission);

    // S3 invokes asynchronously: Lambda retries a failed notification (twice, with backoff) and then sends the event
    // to this queue instead of dropping it; an alarm says one waits. The event names the object: replay it to the
    // alias once DynamoDB or S3 is back, and the upload is recorded (the handler reads the object back).
    // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
    this.failedNotifications = new Queue(this, 'FailedUploadNotifications', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    props.alias.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.failedNotifications),
    });
    this.failedNotificationsAlarm = new Alarm(this, 'FailedUploadNotificationsAlarm', {
      alarmDescription:
        'An avatar upload notification failed after Lambda retried it: the upload is not on its user. Replay the event from the queue.',
      metric: this.failedNotifications.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    Validations.of(this.failedNotifications).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter destination of the upload notifications: it needs no queue of its own.',
    });

    if (this.accessLogs === undefined) {
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'A stage that does not protect its data (dev) holds test avatars only and is deleted whole: no access log to keep.',
      });
    } else {
      Validations.of(this.accessLogs).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This is the access log bucket of the avatar bucket; logging it into itself would log without end.',
      });
    }
    const shown = (value: string, token: string) => (Token.isUnresolved(value) ? `<${token}>` : value);
    const nagBucket = avatarBucketName(
      props.stageName,
      shown(stack.account, 'AWS::AccountId'),
      shown(stack.region, 'AWS::Region'),
    );
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${nagBucket}/${AVATAR_PREFIX}*]`,
      reason:
        'One object per user under the avatars/ prefix: the wildcard is the user id, and only Put/Get/Delete are allowed.',
    });
  }
}
