// One-time stack for the GitHub Actions pipeline: the GitHub OIDC provider and one role per GitHub environment.
import { CfnOutput, Duration, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import {
  type IOidcProvider,
  OidcProviderNative,
  OpenIdConnectPrincipal,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { PREFLIGHT_ACTIONS } from '../../scripts/preflight/actions.js';

export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface PipelineAccessStackProps extends StackProps {
  /** `owner/name` of the GitHub repository whose workflows may assume the roles. */
  readonly repository: string;
  /** GitHub environments of .github/workflows/delivery.yml, one role each (the role's trust names the environment). */
  readonly environments: readonly ('dev' | 'prod')[];
  /** An account has one provider per URL: pass the existing one's ARN instead of creating it. */
  readonly existingProviderArn?: string;
  /** The CDK bootstrap qualifier (`cdk bootstrap --qualifier`). */
  readonly bootstrapQualifier?: string;
}

export class PipelineAccessStack extends Stack {
  readonly roles: Record<string, Role> = {};

  constructor(scope: Construct, id: string, props: PipelineAccessStackProps) {
    super(scope, id, props);
    if (!/^[\w.-]+\/[\w.-]+$/.test(props.repository)) {
      throw new Error(`githubRepo must be owner/name, got "${props.repository}"`);
    }
    const provider: IOidcProvider = props.existingProviderArn
      ? OidcProviderNative.fromOidcProviderArn(this, 'GitHub', props.existingProviderArn)
      : new OidcProviderNative(this, 'GitHub', { url: GITHUB_OIDC_URL, clientIds: ['sts.amazonaws.com'] });
    const qualifier = props.bootstrapQualifier ?? 'hnb659fds';

    for (const environment of props.environments) {
      const role = new Role(this, `Deploy-${environment}`, {
        // IAM role names are unique per account: the region lets the pipeline deploy to a second region too.
        roleName: `users-api-github-${environment}-${this.region}`,
        description: `GitHub Actions of ${props.repository}, environment ${environment}: deploys UsersApi-${environment}`,
        maxSessionDuration: Duration.hours(1),
        assumedBy: new OpenIdConnectPrincipal(provider, {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
            // Only jobs of this repository that run in this GitHub environment (prod's needs a reviewer's approval).
            [`${GITHUB_OIDC_HOST}:sub`]: `repo:${props.repository}:environment:${environment}`,
          },
        }),
      });
      // CloudFormation does the deploying through the bootstrap roles; this role may only step into them.
      role.addToPolicy(
        new PolicyStatement({
          actions: ['sts:AssumeRole'],
          resources: ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map(
            (kind) =>
              `arn:${this.partition}:iam::${this.account}:role/cdk-${qualifier}-${kind}-role-${this.account}-${this.region}`,
          ),
        }),
      );
      // `npm run preflight` before each deploy: read-only calls, most of which take no resource-level permission.
      role.addToPolicy(new PolicyStatement({ actions: [...PREFLIGHT_ACTIONS], resources: ['*'] }));
      Validations.of(role).acknowledge(
        ...[...PREFLIGHT_ACTIONS.map((a) => `Action::${a}`), 'Resource::*'].map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason:
            'Preflight only reads account settings (bootstrap version, API Gateway account, Lambda limits, cost tags, budgets) that have no narrower resource.',
        })),
      );
      if (environment === 'dev') {
        // The contract job reads the stage's API key and the machine client's secret instead of storing them in GitHub.
        const apiKeys = this.arn('apigateway', '', '/apikeys/*');
        const userPools = this.arn('cognito-idp', this.account, 'userpool/*');
        role.addToPolicy(new PolicyStatement({ actions: ['apigateway:GET'], resources: [apiKeys.arn] }));
        role.addToPolicy(
          new PolicyStatement({ actions: ['cognito-idp:DescribeUserPoolClient'], resources: [userPools.arn] }),
        );
        for (const { nagId } of [apiKeys, userPools]) {
          Validations.of(role).acknowledge({
            id: nagId,
            reason:
              'The API key and the user pool are created by the API stack later, with generated ids; the wildcard stays inside this account and region.',
          });
        }
      }
      this.roles[environment] = role;
      new CfnOutput(this, `RoleArn${environment}`, { value: role.roleArn });
    }
  }

  /** An ARN in this stack's partition and region, and the cdk-nag finding id its wildcard raises (tokens as cdk-nag prints them). */
  private arn(service: string, account: string, resource: string): { arn: string; nagId: string } {
    const shown = (value: string, token: string) => (Token.isUnresolved(value) ? `<${token}>` : value);
    return {
      arn: `arn:${this.partition}:${service}:${this.region}:${account}:${resource}`,
      nagId: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:${service}:${shown(this.region, 'AWS::Region')}:${account === '' ? '' : shown(account, 'AWS::AccountId')}:${resource}]`,
    };
  }
}
