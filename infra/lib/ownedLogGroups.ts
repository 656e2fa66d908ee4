// Every function in a stack logs to a log group the stack owns, so its retention and removal follow the stage.
// Without one, Lambda creates /aws/lambda/<name> on the first invoke, kept forever and left behind by a teardown: the
// case of CDK's own handlers (the docs deployment, the provider that empties buckets), which set no log group.
import { CfnResource, type IAspect, type RemovalPolicy } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

export class OwnedLogGroups implements IAspect {
  constructor(
    private readonly retention: RetentionDays,
    private readonly removalPolicy: RemovalPolicy,
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource) || node.cfnResourceType !== 'AWS::Lambda::Function') return;
    // A CfnFunction tells whether it already names a log group; CDK's core providers are plain CfnResources, without.
    if (node instanceof CfnFunction && hasLogGroup(node)) return;
    const scope = node.node.scope;
    if (scope === undefined) return;
    const logs = new LogGroup(scope, `${node.node.id}Logs`, {
      retention: this.retention,
      removalPolicy: this.removalPolicy,
    });
    node.addPropertyOverride('LoggingConfig.LogGroup', logs.logGroupName);
  }
}

function hasLogGroup(fn: CfnFunction): boolean {
  const config = fn.loggingConfig as CfnFunction.LoggingConfigProperty | undefined;
  return config?.logGroup !== undefined;
}
