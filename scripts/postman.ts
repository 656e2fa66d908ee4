// `npm run postman [-- --out FILE]`: exports a Postman collection from the bundled spec that runs against a real API.
// openapi-to-postmanv2, top to bottom: `{{baseUrl}}`, bearer `{{token}}` and `{{apiKey}}` variables, ids and ETags
// carried between requests, and tests that check each response's status and body against the spec.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Converter from 'openapi-to-postmanv2';

const root = resolve(import.meta.dirname, '..');
export const collectionFile = join(root, 'generated/postman/users-api.postman_collection.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  operationId: string;
  parameters?: Json[];
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}
interface Spec {
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation> & { parameters?: Json[] }>;
}
interface KeyValue {
  key: string;
  value?: string;
  disabled?: boolean;
}
interface Request {
  method: string;
  url: { path: string[]; query?: KeyValue[]; variable?: KeyValue[] };
  header?: KeyValue[];
  body?: { mode?: string; raw?: string };
  auth?: Json;
}
interface Item {
  name: string;
  item?: Item[];
  request?: Request;
  event?: Json[];
  protocolProfileBehavior?: Record<string, Json>;
}
interface Collection {
  info: Record<string, Json>;
  item: Item[];
  variable?: KeyValue[];
  auth?: Json;
  event?: Json[];
}

const script = (listen: 'prerequest' | 'test', lines: string[]): Json => ({
  listen,
  script: { type: 'text/javascript', exec: lines },
});

/**
 * Only local `#/...` refs exist in the bundle and none is recursive, so this inlines them for Postman's
 * `jsonSchema` assertion (which cannot follow refs into the spec). No library does this for a plain object
 * without also resolving files and URLs.
 */
function inlineRefs(node: Json, spec: Json): Json {
  if (Array.isArray(node)) return node.map((child) => inlineRefs(child, spec));
  if (node === null || typeof node !== 'object') return node;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<Json | undefined>(
        (at, key) => (at as Record<string, Json> | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')],
        spec,
      );
    if (target === undefined) throw new Error(`Unresolved $ref ${ref}`);
    return inlineRefs(target, spec);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inlineRefs(value, spec)]));
}

/** `/users/:userId` (Postman) → `/users/{userId}` (OpenAPI). */
const specPath = (request: Request) =>
  `/${request.url.path.map((part) => (part.startsWith(':') ? `{${part.slice(1)}}` : part)).join('/')}`;

function requests(items: Item[]): Item[] {
  return items.flatMap((item) => (item.item ? requests(item.item) : item.request ? [item] : []));
}

const successesOf = (operation: Operation) =>
  Object.keys(operation.responses).filter((status) => /^[23]\d\d$/.test(status) && status !== '304');

function testsFor(operation: Operation, spec: Spec, path: string, method: string): Json {
  const documented = successesOf(operation);
  // A redirect points at content uploaded outside the API (GET .../avatar), which a run of the collection has not.
  const expected = documented.every((status) => status.startsWith('3')) ? [...documented, '404'] : documented;
  const lines = [
    `pm.test('${operation.operationId} answers ${expected.join(' or ')}', () => {`,
    `  pm.expect(pm.response.code).to.be.oneOf([${expected.join(', ')}]);`,
    '});',
    "if (pm.response.headers.has('ETag')) pm.collectionVariables.set('etag', pm.response.headers.get('ETag'));",
  ];
  for (const status of documented) {
    const schema = operation.responses[status]?.content?.['application/json']?.schema;
    if (schema === undefined) continue;
    lines.push(
      `if (pm.response.code === ${status}) pm.test('${operation.operationId} ${status} body matches the spec', () => {`,
      `  pm.response.to.have.jsonSchema(${JSON.stringify(inlineRefs(schema, spec as unknown as Json))});`,
      '});',
    );
  }
  // A create (POST on /things with a /things/{id} sibling) hands the new id to the requests after it.
  const item = Object.keys(spec.paths).find((p) => p.startsWith(`${path}/{`) && /^\/[^{]*\/\{[^}]+\}$/.test(p));
  const idParam = item?.slice(path.length + 2, -1);
  if (method === 'post' && idParam) {
    lines.push(
      "const location = pm.response.headers.get('Location');",
      `if (location) pm.collectionVariables.set('${idParam}', location.split('/').pop());`,
    );
  }
  return script('test', lines);
}

/** Within each folder, deletes run after the requests that still need what they delete. */
function deletesLast(items: Item[]): void {
  items.sort((a, b) => Number(a.request?.method === 'DELETE') - Number(b.request?.method === 'DELETE'));
  for (const item of items) if (item.item) deletesLast(item.item);
}

export async function exportCollection(spec: Spec): Promise<Collection> {
  const collection = await new Promise<Collection>((done, fail) =>
    Converter.convertV2(
      { type: 'json', data: spec },
      { folderStrategy: 'Tags', parametersResolution: 'Example', includeDeprecated: false },
      (error, result) => {
        const data = result?.output?.[0]?.data;
        if (error || !result?.result || !data)
          fail(new Error(`openapi-to-postmanv2: ${error?.message ?? result?.reason}`));
        else done(data as Collection);
      },
    ),
  );

  collection.variable = [
    { key: 'baseUrl', value: 'http://127.0.0.1:3000' },
    { key: 'token', value: '' },
    { key: 'apiKey', value: '' },
  ];
  // One auth per level in Postman: the bearer token is the collection's auth, the API key a header added when set.
  collection.auth = { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] };
  collection.event = [
    script('prerequest', [
      "const apiKey = pm.variables.get('apiKey');",
      "if (apiKey) pm.request.headers.upsert({ key: 'x-api-key', value: apiKey });",
    ]),
  ];

  for (const item of requests(collection.item)) {
    const request = item.request as Request;
    const path = specPath(request);
    const method = request.method.toLowerCase();
    const operation = spec.paths[path]?.[method];
    if (!operation) throw new Error(`The collection has ${request.method} ${path}, which the spec does not`);

    const security = operation.security ?? spec.security ?? [];
    const isPublic = operation.security !== undefined && security.every((req) => Object.keys(req).length === 0);
    if (isPublic) request.auth = { type: 'noauth' };
    else delete request.auth;
    // Examples are documentation, not live data: ids and ETags come from earlier responses, each create gets a
    // fresh idempotency key, and other optional parameters (cursors, If-None-Match) are left for the user to tick.
    const parameters = [...(spec.paths[path]?.parameters ?? []), ...(operation.parameters ?? [])].map(
      (parameter) => inlineRefs(parameter, spec as unknown as Json) as unknown as Parameter,
    );
    const optional = (key: string, location: string) =>
      parameters.some((p) => p.in === location && p.name.toLowerCase() === key.toLowerCase() && !p.required);
    for (const variable of request.url.variable ?? []) variable.value = `{{${variable.key}}}`;
    for (const query of request.url.query ?? []) query.disabled = optional(query.key, 'query');
    for (const header of request.header ?? []) {
      if (/^if-match$/i.test(header.key)) header.value = '{{etag}}';
      else if (/^idempotency-key$/i.test(header.key)) header.value = '{{$guid}}';
      else if (optional(header.key, 'header')) header.disabled = true;
    }
    // Every run creates its own user, so the collection passes again on the same table.
    if (request.body?.raw)
      request.body.raw = request.body.raw.replace(/"([^"@\s]+)@example\.com"/g, '"$1+{{$guid}}@example.com"');
    item.event = [testsFor(operation, spec, path, method)];
    // A redirect is the answer to check, not a hop to follow.
    if (successesOf(operation).some((status) => status.startsWith('3'))) {
      item.protocolProfileBehavior = { ...item.protocolProfileBehavior, followRedirects: false };
    }
  }
  deletesLast(collection.item);
  return collection;
}

if (process.argv[1] === import.meta.filename) {
  const outFlag = process.argv.indexOf('--out');
  const out = outFlag === -1 ? collectionFile : resolve(process.argv[outFlag + 1] ?? '');
  const spec = JSON.parse(readFileSync(join(root, 'generated/openapi.json'), 'utf8')) as Spec;
  const collection = await exportCollection(spec);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(collection, null, 2)}\n`);
  console.log(`exported ${out} (${requests(collection.item).length} requests)`);
}
