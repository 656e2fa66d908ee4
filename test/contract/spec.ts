// Reads the bundled OpenAPI document into the operations the contract suite exercises: everything it sends and checks comes from here.

import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { HTTP_METHODS } from '../../config/openapi.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type JsonSchema = Record<string, unknown>;
export type Document = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface HeaderSpec {
  required: boolean;
  schema: JsonSchema | undefined;
}

export interface ResponseSpec {
  /** Media type → schema (undefined when the media type has no schema). */
  content: Record<string, JsonSchema | undefined>;
  headers: Record<string, HeaderSpec>;
  links: Record<string, LinkSpec>;
}

export interface LinkSpec {
  name: string;
  operationId: string;
  /** Parameter name (optionally `path.`/`query.`/`header.`-qualified) → runtime expression or constant. */
  parameters: Record<string, unknown>;
  requestBody: unknown;
}

/** One alternative of a security requirement: every scheme in it must be satisfied. */
export type SecurityAlternative = { scheme: string; definition: SecurityScheme; scopes: string[] }[];
export interface SecurityScheme {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
  /** OAuth 2 flows; every flow lists the scopes the scheme knows. */
  flows?: Record<string, { scopes?: Record<string, string> }>;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  requestBody: { required: boolean; content: Record<string, JsonSchema | undefined>; examples: unknown[] } | undefined;
  responses: Record<string, ResponseSpec>;
  /** Empty when the operation is public. */
  security: SecurityAlternative[];
}

export interface Link {
  from: Operation;
  status: string;
  link: LinkSpec;
}

export class Spec {
  readonly operations: Operation[];
  readonly document: Document;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly coercing: Ajv;

  constructor(document: Document) {
    this.document = document;
    this.ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, 'spec');
    // Parameters arrive as text; a server coerces them to the schema's type before validating.
    this.coercing = new Ajv({ strict: false, coerceTypes: true });
    addFormats(this.coercing);
    this.coercing.addSchema(document as object, 'spec');
    this.operations = this.readOperations();
  }

  /** Follows local `$ref`s (the bundled document has no other kind). */
  resolve<T = Record<string, unknown>>(value: unknown): T {
    let current = value as Record<string, unknown>;
    for (let depth = 0; typeof current?.$ref === 'string' && depth < 32; depth++) {
      current = this.pointer(current.$ref as string) as Record<string, unknown>;
    }
    return current as T;
  }

  pointer(ref: string): unknown {
    if (!ref.startsWith('#')) throw new Error(`only local $refs are supported, got ${ref}`);
    let node: unknown = this.document;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      node = (node as Record<string, unknown> | undefined)?.[key];
    }
    if (node === undefined) throw new Error(`$ref ${ref} points nowhere`);
    return node;
  }

  /** An ajv validator for a schema found in the document (refs resolved by ajv itself, formats checked). */
  validator(schema: JsonSchema): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(this.withRefsIntoSpec(schema) as object);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Whether a parameter sent as this text is valid, once coerced to its schema's type. */
  acceptsParameter(schema: JsonSchema, text: string): boolean {
    const key = `param:${JSON.stringify(schema)}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const wrapper = { type: 'object', required: ['v'], properties: { v: this.withRefsIntoSpec(schema) } };
      validate = this.coercing.compile(wrapper);
      this.validators.set(key, validate);
    }
    return validate({ v: text }) === true;
  }

  /** Rewrites `#/…` refs to `spec#/…` so a schema taken out of the document still compiles. */
  private withRefsIntoSpec(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map((s) => this.withRefsIntoSpec(s));
    if (schema === null || typeof schema !== 'object') return schema;
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `spec${v}` : this.withRefsIntoSpec(v),
      ]),
    );
  }

  operation(operationId: string): Operation | undefined {
    return this.operations.find((op) => op.operationId === operationId);
  }

  /** Every link in the document, with the operation and status it starts from. */
  links(): Link[] {
    return this.operations.flatMap((from) =>
      Object.entries(from.responses).flatMap(([status, response]) =>
        Object.values(response.links).map((link) => ({ from, status, link })),
      ),
    );
  }

  /** The operation whose path template matches a concrete API path, for a method. */
  match(method: string, path: string): { operation: Operation; params: Record<string, string> } | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method.toLowerCase()) continue;
      const names: string[] = [];
      const pattern = operation.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{([^}]+)\\\}/g, (_m, name) => {
        names.push(name);
        return '([^/]+)';
      });
      const found = new RegExp(`^${pattern}$`).exec(path);
      if (found === null) continue;
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1] ?? '')]));
      return { operation, params };
    }
    return undefined;
  }

  private readOperations(): Operation[] {
    const globalSecurity = (this.document.security as Record<string, string[]>[] | undefined) ?? [];
    const operations: Operation[] = [];
    for (const [path, rawItem] of Object.entries(this.document.paths)) {
      const item = this.resolve(rawItem);
      const shared = (item.parameters as unknown[] | undefined) ?? [];
      for (const method of HTTP_METHODS) {
        const op = item[method] as Record<string, unknown> | undefined;
        if (op === undefined) continue;
        operations.push({
          operationId: (op.operationId as string | undefined) ?? `${method.toUpperCase()} ${path}`,
          method,
          path,
          parameters: this.readParameters([...shared, ...((op.parameters as unknown[] | undefined) ?? [])]),
          requestBody: this.readRequestBody(op.requestBody),
          responses: Object.fromEntries(
            Object.entries(op.responses as Record<string, unknown>).map(([status, r]) => [
              status,
              this.readResponse(r),
            ]),
          ),
          security: this.readSecurity((op.security as Record<string, string[]>[] | undefined) ?? globalSecurity),
        });
      }
    }
    return operations;
  }

  private readParameters(raw: unknown[]): Parameter[] {
    const byKey = new Map<string, Parameter>();
    for (const p of raw) {
      const param = this.resolve<Record<string, unknown>>(p);
      const location = param.in as Parameter['in'];
      // Operation-level parameters override path-level ones with the same name and location.
      byKey.set(`${location}:${param.name as string}`, {
        name: param.name as string,
        in: location,
        required: param.required === true || location === 'path',
        schema: (param.schema as JsonSchema | undefined) ?? {},
      });
    }
    return [...byKey.values()];
  }

  private readRequestBody(raw: unknown): Operation['requestBody'] {
    if (raw === undefined) return undefined;
    const body = this.resolve(raw);
    const content = (body.content as Record<string, Record<string, unknown>> | undefined) ?? {};
    const examples: unknown[] = [];
    for (const media of Object.values(content)) {
      if (media.example !== undefined) examples.push(media.example);
      for (const example of Object.values((media.examples as Record<string, unknown> | undefined) ?? {})) {
        const value = this.resolve<{ value?: unknown }>(example).value;
        if (value !== undefined) examples.push(value);
      }
    }
    return {
      required: body.required === true,
      content: Object.fromEntries(Object.entries(content).map(([type, media]) => [type, media.schema as JsonSchema])),
      examples,
    };
  }

  private readResponse(raw: unknown): ResponseSpec {
    const response = this.resolve(raw);
    const content = (response.content as Record<string, Record<string, unknown>> | undefined) ?? {};
    const headers = (response.headers as Record<string, unknown> | undefined) ?? {};
    const links = (response.links as Record<string, unknown> | undefined) ?? {};
    return {
      content: Object.fromEntries(Object.entries(content).map(([type, media]) => [type, media.schema as JsonSchema])),
      headers: Object.fromEntries(
        Object.entries(headers).map(([name, h]) => {
          const header = this.resolve(h);
          return [name, { required: header.required === true, schema: header.schema as JsonSchema | undefined }];
        }),
      ),
      links: Object.fromEntries(
        Object.entries(links).map(([name, l]) => {
          const link = this.resolve(l);
          return [
            name,
            {
              name,
              operationId: link.operationId as string,
              parameters: (link.parameters as Record<string, unknown> | undefined) ?? {},
              requestBody: link.requestBody,
            },
          ];
        }),
      ),
    };
  }

  private readSecurity(requirements: Record<string, string[]>[]): SecurityAlternative[] {
    const schemes = ((this.document.components as Record<string, unknown> | undefined)?.securitySchemes ??
      {}) as Record<string, unknown>;
    // An empty requirement object means "anonymous is allowed": the operation is then effectively public.
    if (requirements.length === 0 || requirements.some((r) => Object.keys(r).length === 0)) return [];
    return requirements.map((requirement) =>
      Object.entries(requirement).map(([scheme, scopes]) => ({
        scheme,
        // An undefined scheme is a spec error the linter reports; here it just cannot be satisfied.
        definition: this.resolve<SecurityScheme | undefined>(schemes[scheme]) ?? { type: 'undefined' },
        scopes,
      })),
    );
  }
}
