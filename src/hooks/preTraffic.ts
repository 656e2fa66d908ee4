// CodeDeploy's pre-traffic hook: calls the new version with a few requests before any traffic shifts to it.
import { type CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** One request the new version must answer with this status, as API Gateway would pass it (REST proxy event). */
export interface Probe {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** The public route, a closed route without credentials (the function's own security), and a method a path lacks. */
export const PROBES: readonly Probe[] = [
  { name: 'liveness', method: 'GET', path: '/hello', status: 200 },
  { name: 'no credentials', method: 'GET', path: '/users', status: 401 },
  { name: 'undefined method', method: 'DELETE', path: '/hello', status: 405 },
];

export type Invoke = (event: APIGatewayProxyEvent) => Promise<{ statusCode: number }>;
export type HookStatus = 'Succeeded' | 'Failed';
export type Report = (deploymentId: string, executionId: string, status: HookStatus) => Promise<void>;

export interface HookEvent {
  readonly DeploymentId: string;
  readonly LifecycleEventHookExecutionId: string;
}

export function probeEvent({ method, path }: Probe): APIGatewayProxyEvent {
  const requestId = `pre-traffic-${Date.now()}`;
  return {
    httpMethod: method,
    path,
    resource: path,
    headers: { 'user-agent': 'users-api-pre-traffic-hook' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId,
      httpMethod: method,
      path,
      resourcePath: path,
      stage: 'pre-traffic',
      identity: { apiKeyId: null, apiKey: null },
      authorizer: null,
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

/** What went wrong, one line per probe; empty when the version answered every probe as expected. */
export async function runProbes(invoke: Invoke, probes: readonly Probe[] = PROBES): Promise<string[]> {
  const failures: string[] = [];
  for (const probe of probes) {
    try {
      const { statusCode } = await invoke(probeEvent(probe));
      if (statusCode !== probe.status) failures.push(`${probe.name}: ${statusCode}, expected ${probe.status}`);
    } catch (error) {
      failures.push(`${probe.name}: the invocation failed (${(error as Error).name})`);
    }
  }
  return failures;
}

/** The hook: CodeDeploy rolls back unless it reports Succeeded. It reports whatever happens, so it never hangs a deploy. */
export function createPreTrafficHook(invoke: Invoke, report: Report) {
  return async (event: HookEvent): Promise<HookStatus> => {
    const failures = await runProbes(invoke);
    if (failures.length > 0) console.error('pre-traffic probes failed', { failures });
    const status: HookStatus = failures.length === 0 ? 'Succeeded' : 'Failed';
    await report(event.DeploymentId, event.LifecycleEventHookExecutionId, status);
    return status;
  };
}

/** Invokes one function version synchronously; a function error (crash, timeout) is an error here. */
export function lambdaInvoker(client: LambdaClient, functionArn: string): Invoke {
  return async (event) => {
    const out = await client.send(new InvokeCommand({ FunctionName: functionArn, Payload: JSON.stringify(event) }));
    if (out.FunctionError !== undefined) throw Object.assign(new Error(out.FunctionError), { name: 'FunctionError' });
    return JSON.parse(new TextDecoder().decode(out.Payload)) as { statusCode: number };
  };
}

export function codeDeployReporter(client: CodeDeployClient): Report {
  return async (deploymentId, lifecycleEventHookExecutionId, status) => {
    await client.send(
      new PutLifecycleEventHookExecutionStatusCommand({ deploymentId, lifecycleEventHookExecutionId, status }),
    );
  };
}
