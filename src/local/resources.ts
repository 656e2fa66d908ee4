// API Gateway's resource and method selection over the imported document: a path template's `{name}` takes one
// segment, a defined method wins over the path's x-amazon-apigateway-any-method, no match is MISSING_AUTHENTICATION_TOKEN.
import { ANY_METHOD, type OpenApiDocument, type Operation } from '../apiGateway/apiGatewaySpec.js';

export interface MatchedMethod {
  /** The path template, e.g. /users/{userId} (the event's `resource`). */
  readonly resource: string;
  readonly pathParameters: Record<string, string> | null;
  readonly operation: Operation;
}

interface Resource {
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly methods: Readonly<Record<string, Operation>>;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

function toResource(template: string, methods: Record<string, Operation>): Resource {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (!part.startsWith('{')) return escapeRegExp(part);
      names.push(part.slice(1, -1));
      return '([^/]+)';
    })
    .join('');
  return { template, pattern: new RegExp(`^${source}$`), names, methods };
}

const decoded = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

export function createResourceMatcher(document: OpenApiDocument) {
  // Literal paths first, as API Gateway prefers /users/me over /users/{userId}.
  const resources = Object.entries(document.paths)
    .map(([template, item]) => toResource(template, item as Record<string, Operation>))
    .sort((a, b) => a.names.length - b.names.length);
  return (method: string, path: string): MatchedMethod | undefined => {
    for (const resource of resources) {
      const match = resource.pattern.exec(path);
      if (match === null) continue;
      const operation = resource.methods[method.toLowerCase()] ?? resource.methods[ANY_METHOD];
      if (operation === undefined) return undefined;
      const pathParameters =
        resource.names.length === 0
          ? null
          : Object.fromEntries(resource.names.map((name, i) => [name, decoded(match[i + 1] as string)]));
      return { resource: resource.template, pathParameters, operation };
    }
    return undefined;
  };
}
