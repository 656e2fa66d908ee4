// The once-per-account-and-region prerequisites (UsersApi-account): API Gateway's CloudWatch Logs role, which every
// stage's access and execution logs need and which a new account does not have.
import { describe, expect, it } from 'vitest';
import { only, resourcesOf, synthAccountStack } from '../helpers/synthStack.js';

describe('UsersApi-account', () => {
  const { template, nag } = synthAccountStack();

  // "To enable CloudWatch Logs, you must grant API Gateway permission to read and write logs to CloudWatch for your
  // account": an IAM role trusted by apigateway.amazonaws.com with AmazonAPIGatewayPushToCloudWatchLogs, set on the
  // account. https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
  it('sets the region’s API Gateway CloudWatch role: trusted by API Gateway, with the AWS logs-writing policy', () => {
    const account = only(resourcesOf(template, 'AWS::ApiGateway::Account'));
    const [roleId, role] = Object.entries(resourcesOf(template, 'AWS::IAM::Role'))[0] ?? [];
    expect(account.Properties.CloudWatchRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'apigateway.amazonaws.com' } },
    ]);
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain(
      ':iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
    );
  });

  // The setting is shared by every API in the region: a deleted owner must not take the role with it, but a failed
  // first create must not leave one behind. https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html
  it('keeps the role and the setting when the stack is deleted, except when its first create rolls back', () => {
    for (const type of ['AWS::ApiGateway::Account', 'AWS::IAM::Role']) {
      expect(only(resourcesOf(template, type)).DeletionPolicy, type).toBe('RetainExceptOnCreate');
    }
  });

  it('is cdk-nag clean', () => {
    expect(nag.violations).toEqual([]);
    expect(nag.success).toBe(true);
  });
});
