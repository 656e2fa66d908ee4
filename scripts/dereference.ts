// Inlines the local `$ref`s of the bundled spec (the only kind it has), for the generators that read schemas.
type Json = Record<string, unknown>;

/** Inlines every local `$ref`; a cycle is refused rather than looped on. */
export function dereference(spec: Json, value: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => dereference(spec, v, seen));
  if (value === null || typeof value !== 'object') return value;
  const ref = (value as Json).$ref;
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    if (seen.includes(ref)) throw new Error(`recursive schema ${ref} cannot be precompiled`);
    let target: unknown = spec;
    for (const segment of ref.slice(2).split('/')) {
      target = (target as Json)[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
    }
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return dereference(spec, target, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dereference(spec, v, seen)]));
}
