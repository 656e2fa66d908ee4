// Child process of the cold-start and memory benchmarks: loads one Lambda bundle in a fresh Node process and
// invokes it like the Lambda runtime would, then prints its timings (and memory) as one JSON line.
// With `ops` as fourth argument, it then times the first and the tenth request of operations not used yet.
// Plain JavaScript so that nothing but the bundle is loaded: no TypeScript loader in the measured process.
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';

const [bundle, userId, requests = '0', mode] = process.argv.slice(2);
const event = (method, path, body, headers = {}) => ({
  httpMethod: method,
  path,
  resource: path,
  headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  body: body === undefined ? null : JSON.stringify(body),
  isBase64Encoded: false,
  // As API Gateway passes it after its Cognito authorizer and API key check.
  requestContext: {
    requestId: `bench-${Math.random()}`,
    stage: 'bench',
    identity: { apiKeyId: 'bench-key', apiKey: 'bench-key-value' },
    authorizer: {
      claims: { sub: 'bench', token_use: 'access', client_id: 'bench', scope: 'users:read users:write users:admin' },
    },
  },
});
const get = event('GET', `/users/${userId}`);
// Emails are unique across the table: every create gets its own.
const post = () => event('POST', '/users', { name: 'Cold Start', email: `cold-${crypto.randomUUID()}@example.com` });
const invoke = async (handler, e, expected) => {
  const result = await handler(e, { awsRequestId: 'bench' });
  if (result.statusCode !== expected)
    throw new Error(`${e.httpMethod} ${e.path} → ${result.statusCode}: ${result.body}`);
  return result;
};

// performance.now() counts from the start of this process: the timings include Node's own start-up, as Lambda's do.
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const loaded = performance.now();
await invoke(handler, get, 200);
const firstGet = performance.now();
await invoke(handler, post(), 201);
const firstPost = performance.now();
const out = {
  processStartMs: started,
  loadMs: loaded - started,
  firstGetMs: firstGet - loaded,
  firstPostMs: firstPost - firstGet,
  totalMs: firstPost,
};

// Operations mode: each operation's first request next to its tenth. All but /hello are refused by validation, so
// no storage call adds its noise: what differs is only what the first request of an operation compiles or builds.
if (mode === 'ops') {
  const operations = {
    'GET /hello': [() => event('GET', '/hello'), 200],
    'GET /users (400)': [() => ({ ...event('GET', '/users'), queryStringParameters: { limit: '0' } }), 400],
    'PUT /users/{userId} (400)': [() => event('PUT', `/users/${userId}`, { name: '' }, { 'If-Match': '"1"' }), 400],
    'DELETE /users/{userId} (400)': [() => event('DELETE', '/users/not-a-uuid', undefined, { 'If-Match': '"1"' }), 400],
  };
  out.firstVsTenth = {};
  for (const [name, [make, expected]] of Object.entries(operations)) {
    const times = [];
    for (let i = 0; i < 10; i++) {
      const before = performance.now();
      await invoke(handler, make(i), expected);
      times.push(performance.now() - before);
    }
    out.firstVsTenth[name] = { firstMs: times[0], tenthMs: times[9] };
  }
}

// Memory mode: keep going and report resident memory after 100 and after N requests (gc first, for a stable read).
const n = Number(requests);
if (n > 0) {
  const rss = {};
  const mix = [() => get, post, () => event('GET', '/hello'), () => event('POST', '/users', { name: '' })];
  const expected = [200, 201, 200, 400];
  for (let i = 1; i <= n; i++) {
    const k = i % mix.length;
    await invoke(handler, mix[k](), expected[k]);
    if (i === 100 || i === 1000 || i === n / 2 || i === n) {
      globalThis.gc?.();
      const { rss: rssBytes, heapUsed } = process.memoryUsage();
      // V8's young generation grows with the allocation rate as a process warms up: reported to explain RSS.
      const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.physical_space_size ?? 0;
      rss[i] = { rssMb: rssBytes / 2 ** 20, heapUsedMb: heapUsed / 2 ** 20, newSpaceMb: newSpace / 2 ** 20 };
    }
  }
  out.memory = rss;
}
console.log(JSON.stringify(out));
