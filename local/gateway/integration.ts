// The Lambda proxy integration: the event to the function, and its answer back as API Gateway passes it on.
// The event carries what the earlier steps set; the headers API Gateway renames are renamed; INTEGRATION_FAILURE when
// the function fails.
import type { ProxyEvent, ProxyResult } from '../../src/lambda/proxyAdapter.js';

export type ProxyHandler = (event: ProxyEvent, context: { awsRequestId: string }) => Promise<ProxyResult>;

/**
 * API Gateway renames these headers of a proxy integration's response (X-Amzn-Remapped-<name>); the ones this API sets.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html#api-gateway-known-issues-rest-apis
 */
const REMAPPED_HEADERS = new Set(['www-authenticate']);

export function remapped(result: ProxyResult): ProxyResult {
  const headers = result.headers;
  if (headers === undefined || !Object.keys(headers).some((name) => REMAPPED_HEADERS.has(name.toLowerCase()))) {
    return result;
  }
  const out: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[REMAPPED_HEADERS.has(name.toLowerCase()) ? `X-Amzn-Remapped-${name}` : name] = value;
  }
  return { ...result, headers: out };
}

/**
 * The function's answer; `failed` when it threw or gave no proxy result (API Gateway's 502), `timeout` when it ran past
 * the integration timeout (API Gateway's 504; the handler is left running, as a Lambda would be).
 */
export async function invoke(
  handler: ProxyHandler,
  event: ProxyEvent,
  timeoutMs: number,
): Promise<ProxyResult | 'failed' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const answered = handler(event, { awsRequestId: event.requestContext.requestId }).then(
    (result) => (typeof result?.statusCode === 'number' ? remapped(result) : ('failed' as const)),
    () => 'failed' as const,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
