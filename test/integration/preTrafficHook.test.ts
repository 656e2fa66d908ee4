// The pre-traffic hook probes a version through the real handler, and reports to CodeDeploy (a fake AWS on loopback).
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryDependencies } from '../../local/memory/memoryDependencies.js';
import { createApi } from '../../src/api.js';
import { ConfigError, loadConfig, loadHookConfig } from '../../src/config.js';
import {
  codeDeployReporter,
  createPreTrafficHook,
  type Invoke,
  lambdaInvoker,
  PROBES,
  runProbes,
} from '../../src/hooks/preTraffic.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import type { ProxyEvent } from '../../src/lambda/proxyAdapter.js';

const VERSION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:users-api:7';
const config = loadConfig({});
/** The real handler with an in-memory repository: the version being shipped. */
const goodVersion = createHandler(config, () => createApi(memoryDependencies(config), { error: () => {} }));
const invokeGood: Invoke = (event) => goodVersion(event as ProxyEvent, { awsRequestId: 'probe' });
/** A version that answers every request with 500. */
const invokeBroken: Invoke = async () => ({ statusCode: 500 });

describe('the probes', () => {
  it('pass on the real handler: liveness, a closed route without credentials, a method a path lacks', async () => {
    expect(PROBES.map((p) => p.status)).toEqual([200, 401, 405]);
    expect(await runProbes(invokeGood)).toEqual([]);
  });

  it('fail on a version that answers 500, naming each probe', async () => {
    const failures = await runProbes(invokeBroken);
    expect(failures).toEqual([
      'liveness: 500, expected 200',
      'no credentials: 500, expected 401',
      'undefined method: 500, expected 405',
    ]);
  });
});

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** Lambda's Invoke (REST JSON) runs the given handler; CodeDeploy's hook status (JSON 1.1) is recorded. */
async function fakeAws(invoke: Invoke, functionError?: string) {
  const reports: unknown[] = [];
  const invoked: string[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', async () => {
      if (req.headers['x-amz-target'] === 'CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus') {
        reports.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        return res.end(JSON.stringify({ lifecycleEventHookExecutionId: 'exec-1' }));
      }
      invoked.push(decodeURIComponent(req.url ?? ''));
      if (functionError !== undefined) {
        res.writeHead(200, { 'x-amz-function-error': functionError, 'content-type': 'application/json' });
        return res.end(JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: 'crashed' }));
      }
      const result = await invoke(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '7' });
      res.end(JSON.stringify(result));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const options = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const hook = createPreTrafficHook(
    lambdaInvoker(new LambdaClient(options), VERSION_ARN),
    codeDeployReporter(new CodeDeployClient(options)),
  );
  return { hook, reports, invoked };
}

const event = { DeploymentId: 'd-123', LifecycleEventHookExecutionId: 'exec-1' };

describe('the hook', () => {
  it('invokes the new version and reports Succeeded to CodeDeploy when every probe passes', async () => {
    const aws = await fakeAws(invokeGood);
    expect(await aws.hook(event)).toBe('Succeeded');
    expect(aws.invoked).toEqual(PROBES.map(() => `/2015-03-31/functions/${VERSION_ARN}/invocations`));
    expect(aws.reports).toEqual([
      { deploymentId: 'd-123', lifecycleEventHookExecutionId: 'exec-1', status: 'Succeeded' },
    ]);
  });

  it('reports Failed (so CodeDeploy rolls back) for a version that answers 500 or crashes', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = await fakeAws(invokeBroken);
    expect(await broken.hook(event)).toBe('Failed');
    expect(broken.reports).toEqual([expect.objectContaining({ status: 'Failed' })]);
    server?.close();
    const crashing = await fakeAws(invokeGood, 'Unhandled');
    expect(await crashing.hook(event)).toBe('Failed');
    expect(crashing.reports).toEqual([expect.objectContaining({ status: 'Failed' })]);
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
  });

  it('needs the ARN of the version to probe', () => {
    expect(loadHookConfig({ TARGET_VERSION_ARN: VERSION_ARN }).targetVersionArn).toBe(VERSION_ARN);
    expect(() => loadHookConfig({})).toThrow(ConfigError);
    expect(() => loadHookConfig({ TARGET_VERSION_ARN: VERSION_ARN.replace(':7', '') })).toThrow(ConfigError);
  });
});
