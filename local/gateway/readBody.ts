// The request body, read only once the gateway forwards the request, and never beyond the payload limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeAfterAnswer } from './lingeringClose.js';

/** Without Content-Length or Transfer-Encoding an HTTP/1.1 request has no body (RFC 9112 §6.3): nothing to wait for. */
const hasBody = (req: IncomingMessage) =>
  req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;

/** Node's own test for `Expect: 100-continue` (lib/_http_server.js). */
const EXPECTS_CONTINUE = /(?:^|\W)100-continue(?:$|\W)/i;

const NO_BODY = Buffer.alloc(0);

/**
 * An answer sent before the body was read closes the connection: kept alive, Node would read all of the unread body
 * to reach the next request (IncomingMessage._dump in resOnFinish).
 */
export function closeIfBodyUnread(res: ServerResponse) {
  if (hasBody(res.req) && !res.req.complete) closeAfterAnswer(res);
}

function readUpTo(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        done(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

/**
 * The body up to the limit; undefined means it is larger, and a declared Content-Length above the limit is not read
 * at all. A client waiting for `100 Continue` is told to send only now (the server hands such requests to the
 * gateway instead of answering 100 at once).
 */
export async function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | undefined> {
  if (!hasBody(req)) return NO_BODY;
  if (Number(req.headers['content-length']) > limit) return undefined;
  if (EXPECTS_CONTINUE.test(req.headers.expect ?? '')) res.writeContinue();
  // A client that goes away mid-body gets no answer anyway.
  return readUpTo(req, limit).catch(() => NO_BODY);
}
