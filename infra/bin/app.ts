// CDK app: one ApiStack for the stage named by context `stage` (dev or prod), checked by cdk-nag's AwsSolutions pack.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { OpenApiDocument } from '../../apiGateway/apiGatewaySpec.js';
import { type StageName, stages } from '../../config/stages.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { ApiStack } from '../lib/api-stack.js';
import { PipelineAccessStack } from '../lib/pipeline-access-stack.js';

const app = new App();
const stageName = String(app.node.tryGetContext('stage') ?? 'dev') as StageName;
if (stageName !== 'dev' && stageName !== 'prod') {
  throw new Error(`Context "stage" must be dev or prod, got "${stageName}" (cdk deploy -c stage=prod)`);
}
const geoBlock = String(app.node.tryGetContext('geoBlock') ?? '');
const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
// Context values from the command line are strings.
const apiGatewayAccount = String(app.node.tryGetContext('apiGatewayAccount') ?? 'false') === 'true';

new ApiStack(app, `UsersApi-${stageName}`, {
  stage: stages[stageName],
  spec: spec as unknown as OpenApiDocument,
  blockedCountries: geoBlock
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== ''),
  alarmEmail,
  // Built from generated/openapi.json and CHANGELOG-API.md by `npm run docs` (run before synth, diff and deploy).
  docsSiteDir: new URL('../../generated/docs', import.meta.url).pathname,
  apiGatewayAccount,
  // Without credentials (offline synth) the stack is environment-agnostic; deploy resolves the caller's account.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  terminationProtection: stages[stageName].protectData,
});
// Context `githubRepo` (owner/name) adds the one-time stack with the pipeline's OIDC roles (docs/operations.md "Delivery pipeline").
const githubRepo = app.node.tryGetContext('githubRepo') as string | undefined;
if (githubRepo) {
  new PipelineAccessStack(app, 'UsersApi-github', {
    repository: githubRepo,
    environments: ['dev', 'prod'],
    existingProviderArn: app.node.tryGetContext('githubOidcProviderArn') as string | undefined,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
}
// A finding without an acknowledgement (with its reason) fails synth, and so deploy.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
