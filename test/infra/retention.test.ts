// What outlives a stack: in prod, the data and nothing else, and never what a failed first create made; in dev,
// nothing at all, so a teardown ends in DELETE_COMPLETE with nothing left to bill.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CfnJson,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStack,
  stageStack,
} from '../helpers/synthStack.js';

let dev: SynthesizedStack;
let prod: SynthesizedStack;
beforeAll(() => {
  dev = stageStack('dev');
  prod = stageStack('prod');
}, SYNTH_TIMEOUT_MS);

const resources = (s: SynthesizedStack): [string, CfnJson][] => Object.entries(s.template.toJSON().Resources);
const refTo = (value: CfnJson): string | undefined => value?.Ref ?? value?.['Fn::GetAtt']?.[0];

describe('a failed first create of prod leaves nothing behind, and a delete keeps the data', () => {
  // RetainExceptOnCreate "behaves like Retain for stack operations, except for the stack operation that initially
  // created the resource": a rolled-back first create deletes it, so a retry does not meet "already exists".
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
  it('keeps nothing with a plain Retain or Snapshot', () => {
    const kept = resources(prod).filter(([, r]) => r.DeletionPolicy !== undefined && r.DeletionPolicy !== 'Delete');
    expect(new Set(kept.map(([, r]) => r.DeletionPolicy))).toEqual(new Set(['RetainExceptOnCreate']));
  });

  it('keeps every store of data: the table, the user pool, the avatars, the access logs and the log groups', () => {
    const kept = (type: string) => Object.values(resourcesOf(prod.template, type)).map((r) => r.DeletionPolicy);
    for (const type of ['AWS::DynamoDB::GlobalTable', 'AWS::Cognito::UserPool', 'AWS::Logs::LogGroup']) {
      expect(kept(type).length, type).toBeGreaterThan(0);
      expect(new Set(kept(type)), type).toEqual(new Set(['RetainExceptOnCreate']));
    }
    // The docs site is rebuilt from the commit by every deploy: not data, it goes with the stack.
    const buckets = Object.entries(resourcesOf(prod.template, 'AWS::S3::Bucket'));
    for (const [id, bucket] of buckets) {
      expect(bucket.DeletionPolicy, id).toBe(id.startsWith('DocsSite') ? 'Delete' : 'RetainExceptOnCreate');
    }
  });

  // CloudFormation cannot delete a table or a user pool with deletion protection on (CDK's own integration test turns
  // it off by hand before destroying: https://github.com/aws/aws-cdk/pull/24581), so the rollback of a failed first
  // create would fail. Prod's data is kept by RetainExceptOnCreate, stack termination protection, and PITR, which
  // also keeps a system backup for 35 days should the table be deleted by hand.
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pointintimerecovery_beforeyoubegin.html
  it('has no deletion protection that the rollback of a failed first create could not get past', () => {
    for (const s of [dev, prod]) {
      for (const table of Object.values(resourcesOf(s.template, 'AWS::DynamoDB::GlobalTable'))) {
        expect(table.Properties.Replicas.map((r: CfnJson) => r.DeletionProtectionEnabled ?? false)).toEqual([false]);
      }
      for (const pool of Object.values(resourcesOf(s.template, 'AWS::Cognito::UserPool'))) {
        expect(pool.Properties.DeletionProtection ?? 'INACTIVE').toBe('INACTIVE');
      }
    }
    const prodTable = Object.values(resourcesOf(prod.template, 'AWS::DynamoDB::GlobalTable'))[0];
    expect(prodTable.Properties.Replicas[0].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
  });
});

describe('a dev teardown deletes all of it and leaves nothing billed', () => {
  it('deletes every resource with the stack', () => {
    const kept = resources(dev).filter(([, r]) => (r.DeletionPolicy ?? 'Delete') !== 'Delete');
    expect(kept.map(([id]) => id)).toEqual([]);
  });

  // S3 deletes a bucket only once every object in it is gone, so CloudFormation's delete of a bucket holding avatars
  // or the docs fails (DELETE_FAILED) unless something empties it first.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html
  it('empties every bucket before deleting it', () => {
    const emptied = Object.values(resourcesOf(dev.template, 'Custom::S3AutoDeleteObjects')).map((r) =>
      refTo(r.Properties.BucketName),
    );
    expect(emptied.sort()).toEqual(Object.keys(resourcesOf(dev.template, 'AWS::S3::Bucket')).sort());
  });

  // A customer managed key bills $1 a month until deleted; KMS waits 7 to 30 days before deleting one and bills
  // nothing while it waits. https://aws.amazon.com/kms/pricing/
  // https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html
  it('schedules its keys for deletion after the shortest wait, in every stage (they encrypt no stored data)', () => {
    for (const s of [dev, prod]) {
      for (const key of Object.values(resourcesOf(s.template, 'AWS::KMS::Key'))) {
        expect(key.DeletionPolicy).toBe('Delete');
        expect(key.Properties.PendingWindowInDays).toBe(7);
      }
    }
  });

  // A function without a log group of its stack's logs to /aws/lambda/<name>, which Lambda creates on the first invoke
  // and nothing deletes. https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html
  it('gives every function, CDK’s handlers included, a log group the stack owns and deletes', () => {
    const groups = resourcesOf(dev.template, 'AWS::Logs::LogGroup');
    const functions = Object.entries(resourcesOf(dev.template, 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const [id, fn] of functions) {
      const group = refTo(fn.Properties.LoggingConfig?.LogGroup) as string;
      expect(groups[group], id).toBeDefined();
      expect(groups[group]?.DeletionPolicy, id).toBe('Delete');
    }
  });
});
