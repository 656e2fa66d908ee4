// Synthesizes one ApiStack in memory (Lambda bundled by local esbuild) and runs cdk-nag's AwsSolutions pack over it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StageName, stages } from '../../config/stages.js';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { ApiStack, type ApiStackProps } from '../../infra/lib/api-stack.js';
import { buildDocs } from '../../scripts/docs.js';
import type { OpenApiDocument } from '../../src/apiGateway/apiGatewaySpec.js';

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
