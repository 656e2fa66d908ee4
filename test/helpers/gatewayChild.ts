// The child of gatewayProcess.ts: the in-process API (local gateway, dev credentials, in-memory repository), run with
// --expose-gc; it sends its port and credentials, then answers each message with its memory usage after a GC.
import { startInProcessApi } from './inProcessApi.js';

const gateway = await startInProcessApi();

const collect = globalThis.gc as (() => void) | undefined;
if (collect === undefined) throw new Error('run with --expose-gc');
process.on('message', () => {
  collect();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.send?.({ rss, heapUsed, external, arrayBuffers });
});
const { token, apiKey } = gateway.credentials;
process.send?.({ baseUrl: gateway.baseUrl, token, apiKey });
