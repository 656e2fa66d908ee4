// Lambda entry of the pre-traffic hook (infra/lib/constructs/PreTrafficHook.ts): the version to probe comes from the stack.
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { loadHookConfig } from '../config.js';
import { codeDeployReporter, createPreTrafficHook, lambdaInvoker } from './preTraffic.js';

const { targetVersionArn } = loadHookConfig();

export const handler = createPreTrafficHook(
  lambdaInvoker(new LambdaClient({}), targetVersionArn),
  codeDeployReporter(new CodeDeployClient({})),
);
