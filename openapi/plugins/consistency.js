// Redocly plugin: values the spec states in several places must agree, or a client gets a 4xx or a 500 it never sent for.
// Written by hand because no published ruleset compares one part of a spec with another (page size and list bounds,
// a value the API sends and the parameter that takes it back, one header's schema across responses, and so on).
import { relative } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const isRef = (node) => node !== null && typeof node === 'object' && typeof node.$ref === 'string';
const isObject = (node) => node !== null && typeof node === 'object' && !Array.isArray(node);

/**
 * A node with what is needed to follow the $refs inside it: the file it is in (`from`) and where it is (`location`).
 * Following a $ref moves both to the target, so a ref inside a referenced file resolves against that file.
 */
function deref(ctx, node, from, location) {
  for (let hops = 0; isRef(node) && hops < 32; hops++) {
    const resolved = ctx.resolve(node, from);
    if (resolved.node === undefined) return { node: undefined, from, location };
    node = resolved.node;
    location = resolved.location;
    from = resolved.location.source.absoluteRef;
  }
  return { node, from, location };
}

/** The resolved child `key` of a resolved node. */
const child = (ctx, parent, key) =>
  parent.node !== null && typeof parent.node === 'object'
    ? deref(ctx, parent.node[key], parent.from, parent.location.child([key]))
    : { node: undefined };

/** A resolved node where the walker stands. */
const here = (ctx, node) => deref(ctx, node, ctx.location.source.absoluteRef, ctx.location);

/** A location as a reader finds it: the file (relative to where lint runs) and the JSON pointer in it. */
const where = (location) =>
  `${relative(process.cwd(), location.source.absoluteRef)}${location.pointer === '#/' ? '' : location.pointer}`;

/** The schema with every $ref inside replaced by its target (cycles cut), for validating a value against it. */
function inline(ctx, resolved, seen = new Set()) {
  const { node } = resolved;
  if (Array.isArray(node)) return node.map((_, i) => inline(ctx, child(ctx, resolved, i), seen));
  if (!isObject(node) || seen.has(node)) return isObject(node) ? {} : node;
  seen.add(node);
  const out = Object.fromEntries(Object.keys(node).map((key) => [key, inline(ctx, child(ctx, resolved, key), seen)]));
  seen.delete(node);
  return out;
}

const ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true }));

/** Why `value` does not fit `schema`, or undefined when it fits. */
function misfit(ctx, value, schema) {
  const plain = inline(ctx, schema);
  delete plain.default;
  delete plain.example;
  const validate = ajv.compile(plain);
  return validate(value) ? undefined : ajv.errorsText(validate.errors, { dataVar: 'value' });
}

/** Effective shortest length of a string schema: a pattern that refuses '' implies at least one character. */
function minLengthOf(schema) {
  if (schema.minLength !== undefined) return schema.minLength;
  return schema.pattern !== undefined && !new RegExp(schema.pattern).test('') ? 1 : 0;
}

/**
 * Why a value valid under `sent` might be refused by `accepted` (both resolved schemas), judged keyword by keyword:
 * every value the API sends must be one it takes back.
 */
function refusals(sent, accepted) {
  const out = [];
  const numericType = (t) => (t === 'integer' ? 'number' : t);
  if (accepted.type !== undefined && sent.type !== accepted.type) {
    if (!(accepted.type === 'number' && numericType(sent.type) === 'number')) {
      out.push(`type ${sent.type ?? 'any'} is not ${accepted.type}`);
    }
  }
  for (const keyword of ['pattern', 'format']) {
    if (accepted[keyword] !== undefined && sent[keyword] !== accepted[keyword]) {
      out.push(`${keyword} ${JSON.stringify(sent[keyword] ?? null)} is not ${JSON.stringify(accepted[keyword])}`);
    }
  }
  if (accepted.enum !== undefined && !(sent.enum ?? [undefined]).every((v) => accepted.enum.includes(v))) {
    out.push(`values outside the enum ${JSON.stringify(accepted.enum)} can be sent`);
  }
  const upper = [
    ['maxLength', sent.maxLength, accepted.maxLength],
    ['maximum', sent.maximum, accepted.maximum],
    ['maxItems', sent.maxItems, accepted.maxItems],
  ];
  for (const [keyword, s, a] of upper) {
    if (a !== undefined && (s === undefined || s > a)) out.push(`${keyword} ${s ?? 'unbounded'} exceeds ${a}`);
  }
  const lower = [
    ['minLength', minLengthOf(sent), accepted.minLength],
    ['minimum', sent.minimum, accepted.minimum],
    ['minItems', sent.minItems, accepted.minItems],
  ];
  for (const [keyword, s, a] of lower) {
    if (a !== undefined && (s === undefined || s < a)) out.push(`${keyword} ${s ?? 'unbounded'} is below ${a}`);
  }
  return out;
}

const is2xx = (code) => /^2\d\d$/.test(code);
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

/** The JSON body schemas of a resolved response, one per JSON media type. */
function jsonSchemas(ctx, response) {
  const content = child(ctx, response, 'content');
  if (!isObject(content.node)) return [];
  return Object.keys(content.node)
    .filter((media) => JSON_MEDIA.test(media))
    .map((media) => child(ctx, child(ctx, content, media), 'schema'))
    .filter((schema) => isObject(schema.node));
}

/** An operation's parameters (the path item's too), resolved, by `in` and `name`. */
function parametersOf(ctx, pathItem, operation) {
  const all = [];
  for (const owner of [pathItem, operation]) {
    const list = child(ctx, owner, 'parameters');
    for (let i = 0; Array.isArray(list.node) && i < list.node.length; i++) {
      const parameter = child(ctx, list, i);
      if (isObject(parameter.node)) all.push(parameter);
    }
  }
  return all;
}

/** The page size parameter's maximum caps every list a page answers with, and its count: or a full page is a 500. */
const pageBounds = (options = {}) => {
  const parameterName = options.parameter ?? 'limit';
  const countProperty = options.countProperty ?? 'count';
  let pathItem;
  return {
    PathItem: {
      enter(item, ctx) {
        pathItem = here(ctx, item);
      },
      Operation(operation, ctx) {
        const self = here(ctx, operation);
        const limit = parametersOf(ctx, pathItem, self).find(
          (p) => p.node.in === 'query' && p.node.name === parameterName,
        );
        const maximum = limit && child(ctx, limit, 'schema').node?.maximum;
        if (maximum === undefined) return;
        const responses = child(ctx, self, 'responses');
        for (const code of Object.keys(responses.node ?? {}).filter(is2xx)) {
          for (const body of jsonSchemas(ctx, child(ctx, responses, code))) {
            const properties = child(ctx, body, 'properties');
            for (const name of Object.keys(properties.node ?? {})) {
              const property = child(ctx, properties, name);
              const bound = property.node?.type === 'array' ? 'maxItems' : name === countProperty ? 'maximum' : '';
              if (bound !== '' && property.node[bound] !== maximum) {
                ctx.report({
                  message: `\`${name}\` ${bound} is ${property.node[bound] ?? 'unset'} but \`${parameterName}\` allows up to ${maximum}: a full page would not conform.`,
                  location: property.location.child([bound]),
                });
              }
            }
          }
        }
      },
    },
  };
};

/** A schema's `default` obeys the schema: a default outside the bounds is what a client gets without asking. */
const defaultValid = () => ({
  Schema(schema, ctx) {
    if (schema.default === undefined) return;
    const problem = misfit(ctx, schema.default, here(ctx, schema));
    if (problem !== undefined) {
      ctx.report({
        message: `The default does not fit its own schema: ${problem}.`,
        location: ctx.location.child(['default']),
      });
    }
  },
});

/** A response header's example obeys its schema (Redocly checks parameters' and bodies' examples, not headers'). */
const headerExamplesValid = () => ({
  Header(header, ctx) {
    const schema = child(ctx, here(ctx, header), 'schema');
    if (!isObject(schema.node)) return;
    const examples = [
      ...(header.example === undefined ? [] : [[header.example, ['example']]]),
      ...Object.entries(header.examples ?? {}).map(([name, ex]) => [ex.value, ['examples', name, 'value']]),
    ];
    for (const [value, at] of examples) {
      const problem = value === undefined ? undefined : misfit(ctx, value, schema);
      if (problem !== undefined) {
        ctx.report({
          message: `The example does not fit the header's schema: ${problem}.`,
          location: ctx.location.child(at),
        });
      }
    }
  },
});

/**
 * A header a client parses the same way from any response (`Retry-After` seconds, an `ETag` to send back) has one schema
 * everywhere. Others (`Location`, `Cache-Control`) may differ by response, so the rule names the headers it compares.
 */
const sameHeaderSchema = (options = {}) => {
  const names = new Set((options.headers ?? ['Retry-After', 'ETag']).map((name) => name.toLowerCase()));
  const byName = new Map();
  return {
    Response: {
      Header(header, ctx) {
        const name = String(ctx.key);
        if (!names.has(name.toLowerCase())) return;
        const schema = JSON.stringify(inline(ctx, child(ctx, here(ctx, header), 'schema')) ?? null);
        const key = name.toLowerCase();
        const first = byName.get(key);
        if (first === undefined) byName.set(key, { schema, where: where(ctx.location) });
        else if (first.schema !== schema) {
          ctx.report({
            message: `Header \`${name}\` has another schema here than at ${first.where}: ${schema} vs ${first.schema}.`,
            location: ctx.location.child(['schema']),
          });
        }
      },
    },
  };
};

/** Each operation's parameters and responses, collected for the rules that compare operations with each other. */
function collectOperations() {
  const operations = [];
  let pathItem;
  return {
    operations,
    visitor: {
      PathItem: {
        enter(item, ctx) {
          pathItem = here(ctx, item);
        },
        Operation(operation, ctx) {
          const self = here(ctx, operation);
          operations.push({ operation: self, parameters: parametersOf(ctx, pathItem, self) });
        },
      },
    },
  };
}

/** The schema a runtime expression of a link reads from a resolved response, or undefined. */
function sourceSchema(ctx, response, expression) {
  const header = /^\$response\.header\.(.+)$/.exec(expression);
  if (header) {
    const headers = child(ctx, response, 'headers');
    const name = Object.keys(headers.node ?? {}).find((h) => h.toLowerCase() === header[1].toLowerCase());
    return name === undefined ? undefined : child(ctx, child(ctx, headers, name), 'schema');
  }
  const body = /^\$response\.body#(\/.*)$/.exec(expression);
  if (!body) return undefined;
  const [schema] = jsonSchemas(ctx, response);
  let at = schema;
  for (const segment of body[1].split('/').slice(1)) {
    at = at && child(ctx, child(ctx, at, 'properties'), segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  return at && isObject(at.node) ? at : undefined;
}

/** What a link passes to another operation (an ETag, a cursor, an id) is a value that operation takes. */
const linkValuesAccepted = () => {
  const { operations, visitor } = collectOperations();
  const links = [];
  let response;
  return {
    ...visitor,
    Response: {
      enter(node, ctx) {
        response = here(ctx, node);
      },
      Link(link, ctx) {
        links.push({ link: here(ctx, link), response });
      },
    },
    Root: {
      leave(_root, ctx) {
        for (const { link, response } of links) {
          const target = operations.find((o) => o.operation.node.operationId === link.node.operationId);
          if (target === undefined) continue;
          for (const [qualified, expression] of Object.entries(link.node.parameters ?? {})) {
            const [, location, name] = /^(?:(path|query|header|cookie)\.)?(.+)$/.exec(qualified);
            const parameter = target.parameters.find(
              (p) => p.node.name.toLowerCase() === name.toLowerCase() && (location ?? p.node.in) === p.node.in,
            );
            const sent = typeof expression === 'string' ? sourceSchema(ctx, response, expression) : undefined;
            const accepted = parameter && child(ctx, parameter, 'schema');
            if (sent === undefined || !isObject(accepted?.node)) continue;
            const why = refusals(sent.node, accepted.node);
            if (why.length > 0) {
              ctx.report({
                message: `${expression} may be refused by ${link.node.operationId}'s ${qualified}: ${why.join('; ')}.`,
                location: link.location.child(['parameters', qualified]),
              });
            }
          }
        }
      },
    },
  };
};

/** Every property of a schema tree with a given name, resolved (cycles cut). */
function propertiesNamed(ctx, schema, name, seen = new Set()) {
  if (!isObject(schema?.node) || seen.has(schema.node)) return [];
  seen.add(schema.node);
  const found = [];
  const properties = child(ctx, schema, 'properties');
  for (const key of Object.keys(properties.node ?? {})) {
    const property = child(ctx, properties, key);
    if (key === name && isObject(property.node)) found.push(property);
    found.push(...propertiesNamed(ctx, property, name, seen));
  }
  found.push(...propertiesNamed(ctx, child(ctx, schema, 'items'), name, seen));
  for (const combiner of ['allOf', 'oneOf', 'anyOf']) {
    const parts = child(ctx, schema, combiner);
    for (let i = 0; Array.isArray(parts.node) && i < parts.node.length; i++) {
      found.push(...propertiesNamed(ctx, child(ctx, parts, i), name, seen));
    }
  }
  return found;
}

/** An id the API answers with (`userId` in a body) is one its path parameter of that name takes. */
const pathIdsAgree = () => {
  const { operations, visitor } = collectOperations();
  return {
    ...visitor,
    Root: {
      leave(_root, ctx) {
        const bodies = operations.flatMap(({ operation }) => {
          const responses = child(ctx, operation, 'responses');
          return Object.keys(responses.node ?? {})
            .filter(is2xx)
            .flatMap((code) => jsonSchemas(ctx, child(ctx, responses, code)));
        });
        const reported = new Set();
        for (const parameter of operations.flatMap((o) => o.parameters).filter((p) => p.node.in === 'path')) {
          const accepted = child(ctx, parameter, 'schema');
          if (!isObject(accepted.node)) continue;
          for (const sent of bodies.flatMap((body) => propertiesNamed(ctx, body, parameter.node.name))) {
            const why = refusals(sent.node, accepted.node);
            const key = `${where(sent.location)} ${where(parameter.location)}`;
            if (why.length === 0 || reported.has(key)) continue;
            reported.add(key);
            ctx.report({
              message: `\`${parameter.node.name}\` as the API answers it (${where(sent.location)}) may be refused by the path parameter: ${why.join('; ')}.`,
              location: accepted.location,
            });
          }
        }
      },
    },
  };
};

/** A problem example's `status` is its response's, and one problem `type` has one title and status everywhere. */
const problemExamplesAgree = () => {
  const byType = new Map();
  return {
    Responses(responses, ctx) {
      for (const code of Object.keys(responses)) {
        const response = deref(ctx, responses[code], ctx.location.source.absoluteRef, ctx.location.child([code]));
        const content = child(ctx, response, 'content');
        for (const media of Object.keys(content.node ?? {}).filter((m) => m.startsWith('application/problem+json'))) {
          const examples = child(ctx, child(ctx, content, media), 'examples');
          for (const name of Object.keys(examples.node ?? {})) {
            const example = child(ctx, examples, name);
            const value = example.node?.value;
            if (!isObject(value)) continue;
            const location = example.location.child(['value']);
            if (/^\d{3}$/.test(code) && value.status !== Number(code)) {
              ctx.report({ message: `A ${code} response shows a problem with status ${value.status}.`, location });
            }
            const seen = byType.get(value.type);
            if (seen === undefined) byType.set(value.type, { title: value.title, status: value.status });
            else if (seen.title !== value.title || seen.status !== value.status) {
              ctx.report({
                message: `Problem type ${value.type} is "${value.title}" ${value.status} here, "${seen.title}" ${seen.status} elsewhere.`,
                location,
              });
            }
          }
        }
      }
    },
  };
};

/** The body limit a 413 states, in its description and its examples, is one number. */
const payloadLimitAgrees = () => ({
  Responses(responses, ctx) {
    if (responses['413'] === undefined) return;
    const response = deref(ctx, responses['413'], ctx.location.source.absoluteRef, ctx.location.child(['413']));
    const texts = [[response.node?.description ?? '', response.location.child(['description'])]];
    const content = child(ctx, response, 'content');
    for (const media of Object.keys(content.node ?? {})) {
      const examples = child(ctx, child(ctx, content, media), 'examples');
      for (const name of Object.keys(examples.node ?? {})) {
        const example = child(ctx, examples, name);
        texts.push([String(example.node?.value?.detail ?? ''), example.location.child(['value', 'detail'])]);
      }
    }
    const stated = texts.flatMap(([text, location]) =>
      [...text.matchAll(/(\d[\d,]*)\s*bytes\b/g)].map((m) => ({ bytes: Number(m[1].replaceAll(',', '')), location })),
    );
    const first = stated[0];
    for (const { bytes, location } of stated.slice(1)) {
      if (bytes !== first.bytes) {
        ctx.report({
          message: `The 413 states a limit of ${bytes} bytes here and ${first.bytes} bytes elsewhere.`,
          location,
        });
      }
    }
  },
});

export default function consistencyPlugin() {
  return {
    id: 'consistency',
    rules: {
      oas3: {
        'page-bounds': pageBounds,
        'default-valid': defaultValid,
        'header-examples-valid': headerExamplesValid,
        'same-header-schema': sameHeaderSchema,
        'link-values-accepted': linkValuesAccepted,
        'path-ids-agree': pathIdsAgree,
        'problem-examples-agree': problemExamplesAgree,
        'payload-limit-agrees': payloadLimitAgrees,
      },
    },
  };
}
