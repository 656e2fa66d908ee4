// Synthesizes a stage's template as shipped (its settings, a placeholder account, us-east-1) for scripts that read it.
// The same ApiStack `npm run synth` builds, without the CLI.
import { App } from 'aws-cdk-lib';
import { type StageName, stages } from '../../config/stages.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { ApiStack } from '../../infra/lib/api-stack.js';
import { stackName } from '../../infra/lib/stageNames.js';
import type { OpenApiDocument } from '../../src/apiGateway/apiGatewaySpec.js';
import type { CfnTemplate } from './idleCost.js';

export function stageTemplate(stage: StageName, docsSiteDir: string): CfnTemplate {
  const app = new App();
  new ApiStack(app, stackName(stage), {
    stage: stages[stage],
    spec: spec as unknown as OpenApiDocument,
    docsSiteDir,
    env: { account: '000000000000', region: 'us-east-1' },
  });
  return app.synth().getStackByName(stackName(stage)).template as CfnTemplate;
}
