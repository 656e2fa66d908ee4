// Cognito for machine clients: a user pool, a resource server with the users:* scopes, a client-credentials app client.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { OpenApiDocument } from '../../../src/apiGateway/apiGatewaySpec.js';
import { declaredScopes } from '../../../src/auth/declaredScopes.js';
import { dataRemovalPolicy } from '../retention.js';
import { cognitoDomainPrefix } from '../stageNames.js';

/** Cognito puts `<identifier>/<scope>` in access tokens; the authorizer is configured with the same prefix. */
export const RESOURCE_SERVER_ID = 'users-api';

export interface UsersAuthProps {
  readonly stageName: string;
  readonly protectData: boolean;
  readonly spec: OpenApiDocument;
}

export class UsersAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, { stageName, protectData, spec }: UsersAuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      // Machine clients get tokens with a client secret; no user ever signs in, so a second factor protects nothing.
      mfa: Mfa.OFF,
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Like the table: no deletion protection, which would leave a failed first create stuck in its rollback.
      removalPolicy: dataRemovalPolicy(protectData),
    });
    const scopes = Object.entries(declaredScopes(spec)).map(
      ([scopeName, scopeDescription]) => new ResourceServerScope({ scopeName, scopeDescription }),
    );
    const resourceServer = new UserPoolResourceServer(this, 'ResourceServer', {
      userPool: this.userPool,
      identifier: RESOURCE_SERVER_ID,
      scopes,
    });
    this.client = this.userPool.addClient('MachineClient', {
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: scopes.map((s) => OAuthScope.resourceServer(resourceServer, s)),
      },
      accessTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: cognitoDomainPrefix(stageName, Stack.of(this).account) },
    });

    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'The pool serves only client-credentials app clients (no users, self sign-up off): there is no sign-in a second factor could protect.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Clients are machines using client credentials (no user sign-in, self sign-up off), so the Plus tier threat protection for sign-ins has nothing to protect.',
      },
    );
  }
}
