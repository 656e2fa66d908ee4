// The stateful scenario, found from the spec's links: create → read → list → update → read → delete → read (404).
// Run with the spec's own request examples (the seed guide's John Doe / Jane Doe) and with generated payloads.
import fc from 'fast-check';
import type { Exchange, RequestInput } from './exchange.js';
import { applyLink, applyValidators, evaluate } from './links.js';
import { Run } from './report.js';
import { uniqueEmails } from './requestArbitraries.js';
import type { CheckResult } from './responseChecks.js';
import type { Contract } from './runContract.js';
import type { Link, Operation } from './spec.js';

const ok2xx = (e: Exchange) => e.response.status >= 200 && e.response.status <= 299;
const gone = (e: Exchange) => e.response.status === 404 || e.response.status === 410;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The object in a response body that carries the resource's id (the body itself, or an envelope's member). */
function findResource(node: unknown, id: unknown): Record<string, unknown> | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (!Array.isArray(node) && Object.values(node).some((v) => v === id)) return node as Record<string, unknown>;
  for (const child of Object.values(node)) {
    const found = findResource(child, id);
    if (found !== undefined) return found;
  }
  return undefined;
}

function reflects(check: string, sent: unknown, exchange: Exchange, id: unknown): CheckResult {
  const resource = findResource(parse(exchange.response.text), id);
  if (resource === undefined) return { check, ok: false, message: `the response has no object with id ${String(id)}` };
  const wrong = Object.entries(sent as Record<string, unknown>)
    .filter(([key, value]) => JSON.stringify(resource[key]) !== JSON.stringify(value))
    .map(([key, value]) => `${key}: sent ${JSON.stringify(value)}, got ${JSON.stringify(resource[key])}`);
  return wrong.length === 0 ? { check, ok: true } : { check, ok: false, message: wrong.join('; ') };
}

const expect = (check: string, pass: boolean, message: string): CheckResult =>
  pass ? { check, ok: true } : { check, ok: false, message };

interface Plan {
  create: Operation;
  read: Link;
  list: Operation | undefined;
  update: Link | undefined;
  remove: Link | undefined;
}

function plans(contract: Contract): Plan[] {
  const { spec, links } = contract;
  return spec.operations.flatMap((create) => {
    const outgoing = links.filter((l) => l.from === create && l.status.startsWith('2'));
    const to = (method: string) => outgoing.find((l) => spec.operation(l.link.operationId)?.method === method);
    const read = to('get');
    if (create.method !== 'post' || read === undefined) return [];
    return [
      {
        create,
        read,
        list: spec.operations.find((o) => o.method === 'get' && o.path === create.path),
        update: to('patch') ?? to('put'),
        remove: to('delete'),
      },
    ];
  });
}

export async function runScenarios(contract: Contract, seed: number): Promise<void> {
  const { spec, requests } = contract;
  let counter = 0;
  const tag = () => `ct${Date.now().toString(36)}${(counter++).toString(36)}`;
  for (const plan of plans(contract)) {
    const updateOp = plan.update && spec.operation(plan.update.link.operationId);
    const createBody = requests.jsonBody(plan.create);
    const updateBody = updateOp && requests.jsonBody(updateOp);
    const payloads: { label: string; create: unknown; update: unknown }[] = [];
    const examples = { create: plan.create.requestBody?.examples[0], update: updateOp?.requestBody?.examples[0] };
    if (examples.create !== undefined) payloads.push({ label: 'spec examples', ...examples });
    if (createBody !== undefined) {
      const [create] = fc.sample(requests.schemas.valid(createBody.schema), { numRuns: 1, seed });
      const [update] = updateBody ? fc.sample(requests.schemas.valid(updateBody.schema), { numRuns: 1, seed }) : [];
      payloads.push({ label: `generated with seed ${seed}`, create, update });
    }
    for (const payload of payloads) {
      const create = createBody ? uniqueEmails(spec, createBody.schema, payload.create, tag()) : payload.create;
      const update = updateBody ? uniqueEmails(spec, updateBody.schema, payload.update, tag()) : payload.update;
      const run = new Run(
        `scenario (${payload.label}): create ${JSON.stringify(create)}, update ${JSON.stringify(update)}`,
      );
      await scenario(contract, plan, run, { create, update }, seed);
      contract.recorder.count(run);
      if (run.failed) contract.recorder.fail('scenario', run);
    }
  }
}

/**
 * Stops at the first failing step: what it created is then kept (as evidence), so the reproducer's commands replay
 * against the same server as they are.
 */
async function scenario(
  contract: Contract,
  plan: Plan,
  run: Run,
  payloads: { create: unknown; update: unknown },
  seed: number,
) {
  const { create: createPayload, update: updatePayload } = payloads;
  const { spec } = contract;
  const readOp = spec.operation(plan.read.link.operationId) as Operation;
  const body = (value: unknown, operation: Operation) => {
    const json = contract.requests.jsonBody(operation);
    return json === undefined ? undefined : { raw: JSON.stringify(value), contentType: json.mediaType };
  };
  // Required parameters no link fills (an Idempotency-Key, say) get a generated valid value; optional ones are left
  // out so that, for example, the list is read with its default page size.
  const empty = (operation: Operation): RequestInput => {
    const [generated] = fc.sample(contract.requests.positive(operation), { numRuns: 1, seed });
    const input: RequestInput = { pathParams: {}, query: {}, headers: {} };
    for (const p of operation.parameters.filter((parameter) => parameter.required)) {
      if (p.in === 'path') input.pathParams[p.name] = generated?.pathParams[p.name] ?? '';
      const query = generated?.query[p.name];
      if (p.in === 'query' && query !== undefined) input.query[p.name] = query;
      const header = generated?.headers[p.name.toLowerCase()];
      if (p.in === 'header' && header !== undefined) input.headers[p.name.toLowerCase()] = header;
    }
    return input;
  };
  const follow = (link: Link, latest: Exchange, extra: Partial<RequestInput> = {}) => {
    const target = spec.operation(link.link.operationId) as Operation;
    const input = { ...empty(target), ...extra };
    applyLink(link.link, created, target, input);
    applyValidators(target, input, latest);
    return contract.perform(run, target, input);
  };

  // 1. create
  const created = await contract.perform(run, plan.create, {
    ...empty(plan.create),
    body: body(createPayload, plan.create),
  });
  if (
    !run.add(plan.create.operationId, [
      expect('scenario_create', ok2xx(created), `create answered ${created.response.status}`),
    ])
  )
    return;
  const id = Object.values(plan.read.link.parameters)
    .map((expression) => evaluate(expression, created))
    .find((v) => v !== undefined);

  // 2. read it back: through Location, as a browser or curl -L would, and through the documented link.
  const location = created.response.headers.location;
  if (location !== undefined) {
    const target = contract.resolveUrl(new URL(location, created.request.url).toString(), 'GET');
    if (target === undefined) {
      run.add(plan.create.operationId, [
        expect('location_resolves', false, `Location ${location} matches no GET operation`),
      ]);
    } else {
      const got = await contract.sendAndCheck(run, target.operation, target.request);
      run.add(target.operation.operationId, [
        expect('location_resolves', ok2xx(got), `GET ${location} answered ${got.response.status}`),
        ...(ok2xx(got) ? [reflects('create_persisted', createPayload, got, id)] : []),
      ]);
    }
  }
  if (run.failed) return;
  let latest = await follow(plan.read, created);
  run.add(readOp.operationId, [
    expect('available_after_create', ok2xx(latest), `read right after create answered ${latest.response.status}`),
    ...(ok2xx(latest) ? [reflects('create_persisted', createPayload, latest, id)] : []),
  ]);

  if (run.failed) return;
  // 3. list finds it (following any link the list gives to its next page).
  const listed = async () => {
    if (plan.list === undefined) return undefined;
    const next = contract.links.find((l) => l.from === plan.list && l.link.operationId === plan.list?.operationId);
    let page = await contract.perform(run, plan.list, empty(plan.list));
    for (let pages = 1; ; pages++) {
      if (findResource(parse(page.response.text), id) !== undefined) return true;
      if (next === undefined || pages >= 50 || !ok2xx(page)) return false;
      const input = empty(plan.list);
      if (applyLink(next.link, page, plan.list, input).length === 0) return false;
      if (Object.values(input.query).every((v) => v === '')) return false;
      page = await contract.perform(run, plan.list, input);
    }
  };
  if (plan.list !== undefined) {
    run.add(plan.list.operationId, [
      expect('listed_after_create', (await listed()) === true, `id ${String(id)} is not in the list`),
    ]);
  }

  if (run.failed) return;
  // 4. update, then read sees it.
  if (plan.update !== undefined && updatePayload !== undefined) {
    const updateOp = spec.operation(plan.update.link.operationId) as Operation;
    const updated = await follow(plan.update, latest, { body: body(updatePayload, updateOp) });
    if (
      run.add(updateOp.operationId, [
        expect('scenario_update', ok2xx(updated), `update answered ${updated.response.status}`),
      ])
    ) {
      run.add(updateOp.operationId, [reflects('update_applied', updatePayload, updated, id)]);
      latest = await follow(plan.read, updated);
      run.add(readOp.operationId, [
        expect('update_persisted', ok2xx(latest), `read after update answered ${latest.response.status}`),
        ...(ok2xx(latest) ? [reflects('update_persisted', updatePayload, latest, id)] : []),
      ]);
    }
  }

  if (run.failed) return;
  // 5. delete, then it is gone everywhere.
  if (plan.remove !== undefined) {
    const removeOp = spec.operation(plan.remove.link.operationId) as Operation;
    const removed = await follow(plan.remove, latest);
    if (
      !run.add(removeOp.operationId, [
        expect('scenario_delete', ok2xx(removed), `delete answered ${removed.response.status}`),
      ])
    )
      return;
    if (run.failed) return;
    const read = await follow(plan.read, removed);
    run.add(readOp.operationId, [
      expect('use_after_free', gone(read), `read after delete answered ${read.response.status}`),
    ]);
    if (run.failed) return;
    if (plan.update !== undefined && updatePayload !== undefined) {
      const updateOp = spec.operation(plan.update.link.operationId) as Operation;
      const again = await follow(plan.update, latest, { body: body(updatePayload, updateOp) });
      // With If-Match on a resource that no longer exists, RFC 9110 answers 412 rather than 404.
      run.add(updateOp.operationId, [
        expect(
          'use_after_free',
          gone(again) || again.response.status === 412,
          `update after delete answered ${again.response.status}`,
        ),
      ]);
    }
    if (run.failed) return;
    const twice = await follow(plan.remove, latest);
    run.add(removeOp.operationId, [
      expect(
        'use_after_free',
        gone(twice) || twice.response.status === 412,
        `second delete answered ${twice.response.status}`,
      ),
    ]);
    if (run.failed) return;
    if (plan.list !== undefined) {
      run.add(plan.list.operationId, [
        expect('gone_from_list', (await listed()) === false, `deleted id ${String(id)} is still listed`),
      ]);
    }
  }
}
