// The once-per-account-and-region stack (`npm run deploy:account`): settings every stage relies on but none may own.
// `npm run preflight` says when it is missing.
import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { dataRemovalPolicy } from './retention.js';

export const ACCOUNT_STACK_NAME = 'UsersApi-account';

/**
 * API Gateway writes a REST API's access and execution logs through one IAM role set on the account, per region;
 * without it, creating a stage with logging fails ("CloudWatch Logs role ARN must be set in account settings").
 * One stack per account and region may own it: a second AWS::ApiGateway::Account overwrites the first.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html
 */
export class AccountSettingsStack extends Stack {
  readonly apiGatewayLogsRole: Role;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.apiGatewayLogsRole = new Role(this, 'ApiGatewayLogsRole', {
      description: 'Lets API Gateway write the access and execution logs of every REST API in this region',
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    const account = new CfnAccount(this, 'ApiGatewayAccount', {
      cloudWatchRoleArn: this.apiGatewayLogsRole.roleArn,
    });
    // Every stage in the region logs through the role: kept if this stack is deleted, gone if its first create fails.
    const removal = dataRemovalPolicy(true);
    this.apiGatewayLogsRole.applyRemovalPolicy(removal);
    account.applyRemovalPolicy(removal);

    Validations.of(this.apiGatewayLogsRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The role API Gateway needs to write REST API logs; the AWS-maintained policy only grants CloudWatch Logs writes.',
    });
  }
}
