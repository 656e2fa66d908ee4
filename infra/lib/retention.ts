// What a stage keeps when its stack goes: prod's data outlives it, a disposable stage's goes with it.
// Production data survives every delete except a failed first create; a disposable stage deletes all of it, emptied
// buckets and scheduled keys included, and leaves nothing billed.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';

/**
 * RETAIN_ON_UPDATE_OR_DELETE is CloudFormation's RetainExceptOnCreate: kept on a stack delete or update, deleted
 * when the create that made it rolls back, so a retry finds no leftover (a fixed bucket name would say "already exists").
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
 */
export function dataRemovalPolicy(protectData: boolean): RemovalPolicy {
  return protectData ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY;
}

/** A bucket's removal: a disposable stage empties it first, since S3 deletes only empty buckets. */
export function bucketRemoval(protectData: boolean): { removalPolicy: RemovalPolicy; autoDeleteObjects: boolean } {
  return { removalPolicy: dataRemovalPolicy(protectData), autoDeleteObjects: !protectData };
}

/** KMS keeps a deleted key 7 to 30 days and bills nothing while it waits: the shortest wait. */
export const KEY_PENDING_WINDOW = Duration.days(7);
