// CodeDeploy's pre-traffic hook: a small Lambda that calls the new version before any traffic shifts to it.
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, type IVersion, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildLambda, lambdaBuildDir, lambdaHandler } from '../../../config/lambdaBundling.js';

export interface PreTrafficHookProps {
  /** The version being shipped: the hook invokes it directly (no alias), with src/hooks/preTraffic.ts's probes. */
  readonly version: IVersion;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

export const HOOK_ENTRY = 'src/hooks/preTrafficHandler.ts';

export class PreTrafficHook extends Construct {
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: PreTrafficHookProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    const artefact = buildLambda(lambdaBuildDir(), HOOK_ENTRY);
    this.function = new LambdaFunction(this, 'Function', {
      code: Code.fromAsset(artefact.dir),
      handler: lambdaHandler,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      // Three synchronous invokes of a version that may be cold.
      timeout: Duration.minutes(1),
      role,
      logGroup,
      environment: { TARGET_VERSION_ARN: props.version.functionArn },
    });
    props.version.grantInvoke(this.function);

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The hook runs the same pinned nodejs24.x (arm64) as the function it probes, built by the same bundling.',
    });
  }
}
