// A small fetch wrapper for tests: JSON in, status + headers + parsed body out.
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response bodies; assertions check their shape.
  json: any;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const { body, headers = {} } = options;
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    // What the API answered, not where a redirect leads (GET .../avatar answers 302).
    redirect: 'manual',
  });
  return resultOf(res);
}

/** Status, headers, text and the body parsed as JSON where it is JSON. */
export async function resultOf(res: Response): Promise<HttpResult> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Text that must never appear in a response: stacks, AWS error names, library internals. */
export const LEAK_PATTERN =
  /at .+\.(js|ts):\d+|Exception|ValidationException|DynamoDB|node_modules|TypeError|ReferenceError|ECONNREFUSED|ajv/i;
