// The contract's change policy: where each change is, why it matters, and the version bump it requires.
// api-smart-diff finds and classifies the changes; this file adds the rest, the few classifications this API is
// stricter about, and the corrections where the library gets one wrong (each in test/fixtures/spec-changes/).
import { apiCompare, type Diff } from 'api-smart-diff';

export type Severity = 'breaking' | 'non-breaking';
export type Spec = Record<string, unknown>;

export interface Change {
  severity: Severity;
  /** Operation and part: `POST /users request body (application/json)`, `GET /users response 200 header ETag`. */
  where: string;
  /** JSON pointer inside that part's schema, or '' when the change is the part itself. */
  pointer: string;
  reason: string;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
const pointerOf = (segments: readonly (string | number)[]) =>
  segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
const show = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
};

/** What the spec says apart from what the policy ignores: the version itself and the generator's banner. */
function comparable(spec: Spec): Spec {
  const copy = structuredClone(spec) as Spec & { info?: Record<string, unknown> };
  delete copy['x-generated'];
  delete copy['x-released'];
  if (copy.info) delete copy.info.version;
  return copy;
}

/** api-smart-diff's changes from `before` to `after` as it classifies them, and its merged, resolved document. */
export function libraryDiffs(before: Spec, after: Spec): { diffs: Diff[]; merged: unknown } {
  const { diffs, merged } = apiCompare(comparable(before), comparable(after));
  // Components are compared again, resolved, under each operation that uses them: report them there only.
  return { diffs: diffs.filter((d) => d.path[0] !== 'components' || d.path[1] === 'securitySchemes'), merged };
}

const FOLLOWS = '(with the raised page size: a client gets more only when it asks for more)';
const operationOf = (path: readonly unknown[]) => `${String(path[1])} ${String(path[2])}`;

/**
 * The query parameters whose `maximum` was raised, per operation, when their default stays within the old maximum:
 * a page size a client asked for before is still answered the same, only larger requests newly succeed.
 */
function raisedPageSizes(diffs: readonly Diff[], after: Spec): Map<string, { from: number; to: number }> {
  const raised = new Map<string, { from: number; to: number }>();
  for (const d of diffs) {
    const { path, before: from, after: to } = d;
    if (path[0] !== 'paths' || path[3] !== 'parameters' || path.at(-1) !== 'maximum' || d.action !== 'replace')
      continue;
    if (typeof from !== 'number' || typeof to !== 'number' || to <= from) continue;
    const parameter = resolvedParameter(after, path.map(String), String(path[4]));
    const fallback = (parameter?.schema as { default?: unknown } | undefined)?.default;
    if (parameter?.in !== 'query' || (typeof fallback === 'number' && fallback > from)) continue;
    raised.set(operationOf(path), { from, to });
  }
  return raised;
}

/** A response's list bound (`maxItems`, a `maximum`) raised exactly as its operation's page size was. */
function followsPageSize(d: Diff, raised: Map<string, { from: number; to: number }>): boolean {
  const page = raised.get(operationOf(d.path));
  const key = String(d.path.at(-1));
  return (
    page !== undefined &&
    d.path[3] === 'responses' &&
    d.action === 'replace' &&
    (key === 'maxItems' || key === 'maximum') &&
    d.before === page.from &&
    d.after === page.to
  );
}

/** Every change from `before` to `after`, each once per operation it affects. */
export function diffSpecs(before: Spec, after: Spec): Change[] {
  const { diffs, merged } = libraryDiffs(before, after);
  const raised = raisedPageSizes(diffs, after);
  return diffs.map((d) => {
    const change = toChange(d, d.action === 'remove' ? before : after, merged);
    return followsPageSize(d, raised)
      ? { ...change, severity: 'non-breaking', reason: `${change.reason} ${FOLLOWS}` }
      : change;
  });
}

function toChange(diff: Diff, spec: Spec, merged: unknown): Change {
  const path = diff.path.map(String);
  const { where, rest, side } = locate(path, spec);
  const schemaAt = rest.indexOf('schema');
  const pointer = schemaAt === -1 ? '' : pointerOf(rest.slice(schemaAt + 1));
  return { severity: severityOf(diff, path, side, merged), where, pointer, reason: describe(diff, path) };
}

/** The node at `path` in api-smart-diff's merged document, where every $ref is resolved. */
const nodeAt = (merged: unknown, path: readonly string[]) =>
  path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], merged);

type Side = 'request' | 'response' | 'other';

function locate(path: string[], spec: Spec): { where: string; rest: string[]; side: Side } {
  if (path[0] !== 'paths' || path.length < 2) {
    return { where: path.slice(0, 3).join(' ') || 'document', rest: ['schema', ...path.slice(3)], side: 'other' };
  }
  const route = path[1] as string;
  const method = path[2];
  if (method === undefined || !METHODS.has(method)) return { where: route, rest: path.slice(2), side: 'request' };
  const operation = `${method.toUpperCase()} ${route}`;
  const [part, key, sub, name] = path.slice(3);
  if (part === 'requestBody') {
    const media = key === 'content' && sub ? ` (${sub})` : '';
    return { where: `${operation} request body${media}`, rest: path.slice(6), side: 'request' };
  }
  if (part === 'parameters' && key !== undefined) {
    return { where: `${operation} ${parameterName(spec, path, key)}`, rest: path.slice(5), side: 'request' };
  }
  if (part === 'responses' && key !== undefined) {
    if (sub === 'headers' && name)
      return { where: `${operation} response ${key} header ${name}`, rest: path.slice(7), side: 'response' };
    const media = sub === 'content' && name ? ` (${name})` : '';
    return { where: `${operation} response ${key}${media}`, rest: path.slice(7), side: 'response' };
  }
  return {
    where: part ? `${operation} ${part}` : operation,
    rest: path.slice(4),
    side: part === 'security' ? 'request' : 'other',
  };
}

/** An operation's parameter by its index, following a component $ref. */
function resolvedParameter(spec: Spec, path: string[], index: string): Record<string, unknown> | undefined {
  const paths = spec.paths as Record<string, Record<string, { parameters?: { $ref?: string }[] }>>;
  const parameter: Record<string, unknown> | undefined =
    paths[path[1] as string]?.[path[2] as string]?.parameters?.[Number(index)];
  const ref = parameter?.$ref;
  if (typeof ref !== 'string') return parameter;
  const components = (spec.components as Record<string, Record<string, Record<string, unknown>>>) ?? {};
  return components.parameters?.[ref.split('/').pop() as string];
}

/** `query parameter limit`, read from the spec that still has the parameter. */
function parameterName(spec: Spec, path: string[], index: string): string {
  const parameter = resolvedParameter(spec, path, index);
  return parameter ? `${parameter.in} parameter ${parameter.name}` : `parameter #${index}`;
}

const NARROWING = new Set([
  'maxLength',
  'minLength',
  'maximum',
  'minimum',
  'maxItems',
  'minItems',
  'pattern',
  'format',
]);

function severityOf(diff: Diff, path: string[], side: Side, merged: unknown): Severity {
  const key = lastKey(path);
  // Where api-smart-diff 1.0.6 misclassifies (test/fixtures/spec-changes/, docs/changing-the-contract.md).
  // nullable is backwards there: a response that may now hold null breaks a reader, a request that may send it does not.
  if (key === 'nullable') {
    const was = diff.action !== 'add' && diff.before === true;
    const now = diff.action !== 'remove' && diff.after === true;
    if (was === now) return 'non-breaking';
    return (side === 'response') === now ? 'breaking' : 'non-breaking';
  }
  // A security requirement needs every scheme and scope it lists: one more is breaking, one fewer is not.
  if (path[0] === 'paths' && path[3] === 'security' && path.length >= 6) {
    return diff.action === 'remove' ? 'non-breaking' : 'breaking';
  }
  // A request object that closes (additionalProperties: false), or drops a property while closed, refuses what it took.
  if (side === 'request' && key === 'additionalProperties' && diff.action !== 'remove' && diff.after === false) {
    return 'breaking';
  }
  if (side === 'request' && diff.action === 'remove' && path.at(-2) === 'properties') {
    const object = nodeAt(merged, path.slice(0, -2)) as { additionalProperties?: unknown } | undefined;
    if (object?.additionalProperties === false) return 'breaking';
  }
  // Stricter than the library: a response field that disappears or any change of type breaks a client reading it.
  if (side === 'response' && diff.action === 'remove' && path.at(-2) === 'properties') return 'breaking';
  if (key === 'type' && diff.action !== 'add') return 'breaking';
  // Examples document the contract; no request or response is judged by them.
  if (path.includes('example') || path.includes('examples')) return 'non-breaking';
  // A scheme newly defined asks nothing of a client until an operation requires it, where that change is judged.
  if (path[1] === 'securitySchemes' && path.length === 3 && diff.action === 'add') return 'non-breaking';
  // An OAuth flow that gains a refresh endpoint changes nothing a client must send.
  if (path[1] === 'securitySchemes' && key === 'refreshUrl' && diff.action === 'add') return 'non-breaking';
  // api-smart-diff leaves response headers' schemas unclassified; a constraint added there only narrows what is sent.
  if (diff.type === 'unclassified' && side === 'response' && path[5] === 'headers' && diff.action === 'add') {
    if (NARROWING.has(key)) return 'non-breaking';
  }
  const breaking = diff.type === 'breaking' || diff.type === 'unclassified';
  return breaking ? 'breaking' : 'non-breaking';
}

/** The keyword that changed: `required` for `.../required/2`, `enum` for `.../enum/4`. */
const lastKey = (path: string[]) => {
  const last = path.at(-1) ?? '';
  return /^\d+$/.test(last) ? (path.at(-2) ?? '') : last;
};

/** The property a change is about: the last name after `properties` in the path, if any. */
const fieldOf = (path: string[]) => {
  const at = path.lastIndexOf('properties');
  return at === -1 || at + 1 >= path.length ? undefined : path[at + 1];
};

function describe(diff: Diff, path: string[]): string {
  const key = lastKey(path);
  const field = fieldOf(path);
  const of = field ? ` of \`${field}\`` : '';
  const { action, before, after } = diff;
  let what: string;
  if (path.at(-2) === 'properties')
    what = `property \`${path.at(-1)}\` ${action === 'add' ? 'added' : action === 'remove' ? 'removed' : 'changed'}`;
  else if (key === 'required' && path.at(-1) !== 'required')
    what =
      action === 'add'
        ? `\`${after}\` became required`
        : action === 'remove'
          ? `\`${before}\` is no longer required`
          : `required field ${show(before)} → ${show(after)}`;
  else if (key === 'enum' && path.at(-1) !== 'enum')
    what =
      action === 'add'
        ? `value ${show(after)} added to the enum${of}`
        : `value ${show(before)} removed from the enum${of}`;
  else if (path.length <= 3 && path[0] === 'paths') what = `operation ${action === 'add' ? 'added' : 'removed'}`;
  else if (key === 'description' || key === 'summary')
    what = `${key}${of} ${action === 'replace' ? 'reworded' : action === 'add' ? 'added' : 'removed'}`;
  else if (action === 'replace') what = `${key}${of} changed from ${show(before)} to ${show(after)}`;
  else if (action === 'add') what = `${key}${of} added${typeof after === 'object' ? '' : `: ${show(after)}`}`;
  else what = `${key}${of} removed${typeof before === 'object' ? '' : ` (was ${show(before)})`}`;
  return what;
}

/** Why a breaking change breaks, by the side it is on. */
export const consequence = ({ where }: { where: string }) =>
  where.includes(' request') || where.includes(' parameter')
    ? 'a request valid before may now be rejected'
    : where.includes(' response')
      ? 'a client may get what it does not expect, or miss what it reads'
      : 'existing clients may break';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: unknown): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(String(text));
  if (!match) throw new Error(`info.version must be MAJOR.MINOR.PATCH, got ${show(text)}`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

const compareVersions = (a: Version, b: Version) => a.major - b.major || a.minor - b.minor || a.patch - b.patch;
const versionOf = (spec: Spec) => (spec.info as { version?: unknown } | undefined)?.version;

/** What is wrong with `after`'s version given the changes from `before`; empty when the policy holds. */
export function versionProblems(before: Spec, after: Spec, changes: readonly Change[]): string[] {
  const base = parseVersion(versionOf(before));
  const head = parseVersion(versionOf(after));
  const released = `${base.major}.${base.minor}.${base.patch}`;
  const current = `${head.major}.${head.minor}.${head.patch}`;
  const breaking = changes.filter((c) => c.severity === 'breaking');
  if (compareVersions(head, base) < 0) return [`info.version ${current} is lower than the released ${released}.`];
  if (breaking.length > 0 && head.major <= base.major) {
    return [
      `${breaking.length} breaking change${breaking.length === 1 ? '' : 's'} against the released contract ${released}, but info.version is ${current}:`,
      ...groupChanges(breaking).flatMap((g) => [
        `  - ${g.reason}: ${consequence(g.places[0] as { where: string })}`,
        ...g.places.slice(0, 5).map((p) => `      at ${p.where}${p.pointer ? ` ${p.pointer}` : ''}`),
        ...(g.places.length > 5 ? [`      and ${g.places.length - 5} more`] : []),
      ]),
      `Undo ${breaking.length === 1 ? 'it' : 'them'}, or make a major release: set info.version in openapi/openapi.yaml to ${base.major + 1}.0.0 (the client package gets a new major too) and run \`npm run spec:release\`.`,
    ];
  }
  if (changes.length > 0 && compareVersions(head, base) === 0) {
    return [
      `The spec changed since the released ${released} (${changes.length} non-breaking change${changes.length === 1 ? '' : 's'}) but info.version was not bumped:`,
      `set it in openapi/openapi.yaml to ${base.major}.${base.minor + 1}.0 (new capability) or ${base.major}.${base.minor}.${base.patch + 1} (fix or docs), then run \`npm run spec:release\`.`,
    ];
  }
  return [];
}

export interface ChangeGroup {
  severity: Severity;
  reason: string;
  places: { where: string; pointer: string }[];
}

/** Changes with the same reason together (a shared schema changes under every operation that uses it). */
export function groupChanges(changes: readonly Change[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const c of changes) {
    const key = `${c.severity}\u0000${c.reason}`;
    const group = groups.get(key) ?? { severity: c.severity, reason: c.reason, places: [] };
    group.places.push({ where: c.where, pointer: c.pointer });
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'breaking' ? -1 : 1));
}
