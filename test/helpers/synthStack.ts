// Synthesizes ApiStacks in memory (Lambda bundled by local esbuild), runs cdk-nag over them, and reads their resources.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StageName, type StageSettings, stages } from '../../config/stages.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { AccountSettingsStack } from '../../infra/lib/account-stack.js';
import { ApiStack, type ApiStackProps } from '../../infra/lib/api-stack.js';
import { buildDocs } from '../../scripts/docs.js';
import type { OpenApiDocument } from '../../src/apiGateway/apiGatewaySpec.js';
import secured from '../fixtures/secured-openapi.json' with { type: 'json' };

export interface SynthesizedStack {
  stack: ApiStack;
  template: Template;
  nag: PolicyValidationPluginReport;
}

let docsSiteDir: string | undefined;
/** The docs site built once per test file into its own folder, so no other test's rebuild races the synth. */
export function builtDocsSite(): string {
  if (docsSiteDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'users-api-docs-site-'));
    buildDocs(join(dir, 'index.html'));
    docsSiteDir = dir;
  }
  return docsSiteDir;
}

export function synthStack(stage: StageName, overrides: Partial<ApiStackProps> = {}): SynthesizedStack {
  const app = new App();
  const stack = new ApiStack(app, `UsersApi-${stage}`, {
    stage: stages[stage],
    spec: spec as unknown as OpenApiDocument,
    env: { account: '000000000000', region: 'us-east-1' },
    docsSiteDir: builtDocsSite(),
    ...overrides,
  });
  const template = Template.fromStack(stack);
  const nag = new AwsSolutionsChecks(app).validateScope(app);
  return { stack, template, nag };
}

/** The once-per-account-and-region stack (UsersApi-account), with its cdk-nag report. */
export function synthAccountStack(): { template: Template; nag: PolicyValidationPluginReport } {
  const app = new App();
  const stack = new AccountSettingsStack(app, 'UsersApi-account', {
    env: { account: '000000000000', region: 'us-east-1' },
  });
  return { template: Template.fromStack(stack), nag: new AwsSolutionsChecks(app).validateScope(app) };
}

/** How long a beforeAll may take to synthesize a file's stacks (each bundles the Lambda). */
export const SYNTH_TIMEOUT_MS = 180_000;

/** The frontend origin the checked prod stack is deployed with (`-c corsAllowedOrigins=`). */
export const PROD_FRONTEND_ORIGIN = 'https://app.users-api.internal';

/** The stage settings the checked stacks are synthesized with: prod names its frontend, as a deploy of it would. */
export function checkedSettings(stage: 'dev' | 'prod'): StageSettings {
  return stage === 'prod' ? { ...stages.prod, corsAllowedOrigins: [PROD_FRONTEND_ORIGIN] } : stages.dev;
}

/** Prod as the infra tests check it: with its frontend, the optional alarm e-mail and geo block, so those parts exist. */
const checkedProps: Record<'dev' | 'prod', Partial<ApiStackProps>> = {
  dev: {},
  prod: { stage: checkedSettings('prod'), blockedCountries: ['KP'], alarmEmail: 'oncall@users-api.internal' },
};
const securedSpec = secured as unknown as OpenApiDocument;

// vitest loads this module once per test file, so each variant is synthesized once per file.
const synthesized = new Map<string, SynthesizedStack>();
function once(key: string, make: () => SynthesizedStack): SynthesizedStack {
  let stack = synthesized.get(key);
  if (stack === undefined) {
    stack = make();
    synthesized.set(key, stack);
  }
  return stack;
}

/** The dev or prod stack of generated/openapi.json, shared by all tests of a file. */
export function stageStack(stage: 'dev' | 'prod'): SynthesizedStack {
  return once(stage, () => synthStack(stage, checkedProps[stage]));
}

/** The stack of the fixture spec with security and a cacheable GET (test/fixtures/secured-openapi.json). */
export function securedStack(stage: 'dev' | 'prod'): SynthesizedStack {
  return once(`secured-${stage}`, () => synthStack(stage, { ...checkedProps[stage], spec: securedSpec }));
}

/** Synthesized CloudFormation is untyped JSON that the tests read by shape. */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON has no static type.
export type CfnJson = any;

/** The resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, CfnJson> {
  return template.findResources(type);
}

export function only<T>(record: Record<string, T>): T {
  const values = Object.values(record);
  if (values.length !== 1) throw new Error(`expected exactly one, got ${values.length}`);
  return values[0] as T;
}

/** The one resource of a type whose logical id starts with this prefix (its construct path, e.g. HandlerFunction). */
export function resourceNamed(template: Template, type: string, idPrefix: string): CfnJson {
  return only(
    Object.fromEntries(Object.entries(resourcesOf(template, type)).filter(([id]) => id.startsWith(idPrefix))),
  );
}

/** The logical id of the first resource of a type (for types the stack has one of). */
export function logicalId(s: SynthesizedStack, type: string): string {
  return Object.keys(resourcesOf(s.template, type))[0] as string;
}

/** The properties of the one REST API. */
export function restApi(s: SynthesizedStack): CfnJson {
  return only(resourcesOf(s.template, 'AWS::ApiGateway::RestApi')).Properties;
}

/** The OpenAPI body API Gateway imports. */
export function importedBody(s: SynthesizedStack): OpenApiDocument {
  return restApi(s).Body as OpenApiDocument;
}

/** The users Lambda (the docs deployment and the pre-traffic hook bring functions of their own). */
export function usersFunction(s: SynthesizedStack): CfnJson {
  return resourceNamed(s.template, 'AWS::Lambda::Function', 'HandlerFunction');
}
