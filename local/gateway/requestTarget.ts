// What the gateway takes from the request line and Host (RFC 9112 §3.2): the target in origin-form, one Host.
import type { IncomingMessage } from 'node:http';

/** `http://host:port` (or https) at the start of an absolute-form target; the rest is the path and query. */
const ABSOLUTE_FORM = /^https?:\/\/[^/?#]*/i;

/**
 * An absolute-form target (`GET http://127.0.0.1:3000/hello`), which a server MUST accept (RFC 9112 §3.2.2), routed by
 * its path and query; by hand rather than with a URL parser, which would resolve dot segments (see pathOf).
 */
export function originForm(target: string): string {
  const authority = ABSOLUTE_FORM.exec(target);
  if (authority === null) return target;
  const rest = target.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * Exactly one Host in HTTP/1.1, at most one in HTTP/1.0 (RFC 9112 §3.2). Counted in rawHeaders: `req.headers` keeps
 * only the first Host.
 */
export function hasOneHost(req: IncomingMessage): boolean {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === 'host') hosts++;
  }
  return hosts === 1 || (hosts === 0 && req.httpVersion === '1.0');
}
