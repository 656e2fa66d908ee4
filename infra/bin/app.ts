// CDK app: one ApiStack for the stage named by context `stage` (dev or prod), checked by cdk-nag's AwsSolutions pack.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StageName, stages } from '../../config/stages.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import type { OpenApiDocument } from '../../src/apiGateway/apiGatewaySpec.js';
import { ACCOUNT_STACK_NAME, AccountSettingsStack } from '../lib/account-stack.js';
import { ApiStack } from '../lib/api-stack.js';
import { PipelineAccessStack } from '../lib/pipeline-access-stack.js';
import { stackName } from '../lib/stageNames.js';

const app = new App();
// Context values from the command line are strings.
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key) as unknown;
  return value === undefined ? undefined : String(value);
};
const stageName = (context('stage') ?? 'dev') as StageName;
if (stageName !== 'dev' && stageName !== 'prod') {
  throw new Error(`Context "stage" must be dev or prod, got "${stageName}" (cdk deploy -c stage=prod)`);
}
const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
const corsAllowedOrigins = context('corsAllowedOrigins');
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

new ApiStack(app, stackName(stageName), {
  stage: {
    ...stages[stageName],
    // An empty value (a pipeline variable not set) keeps the stage's own setting.
    ...(corsAllowedOrigins === undefined || corsAllowedOrigins === ''
      ? {}
      : { corsAllowedOrigins: list(corsAllowedOrigins) }),
  },
  spec: spec as unknown as OpenApiDocument,
  blockedCountries: list(context('geoBlock') ?? '').map((c) => c.toUpperCase()),
  alarmEmail: context('alarmEmail') || undefined,
  // Built from generated/openapi.json and CHANGELOG-API.md by `npm run docs` (cdk.json "build", before every synth).
  docsSiteDir: new URL('../../generated/docs', import.meta.url).pathname,
  docsSite: context('docsSite') !== 'false',
  // Without credentials (offline synth) the account is a token; deploy resolves the caller's account.
  env,
});
// Context `accountSettings=true` adds the once-per-account-and-region stack (`npm run deploy:account`).
if (context('accountSettings') === 'true') new AccountSettingsStack(app, ACCOUNT_STACK_NAME, { env });
// Context `githubRepo` (owner/name) adds the one-time stack with the pipeline's OIDC roles (docs/operations.md "Delivery pipeline").
const githubRepo = context('githubRepo');
if (githubRepo) {
  new PipelineAccessStack(app, 'UsersApi-github', {
    repository: githubRepo,
    environments: ['dev', 'prod'],
    existingProviderArn: context('githubOidcProviderArn'),
    env,
  });
}
// A finding without an acknowledgement (with its reason) fails synth, and so deploy.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
