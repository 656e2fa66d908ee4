// Requests fetch cannot send: a body on GET or HEAD, repeated headers, any request target, exactly these bytes.
import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response bodies; assertions check their shape.
  json: any;
}

/** `headers` as [name, value] pairs, sent in order (a name may repeat); `target` as it goes on the request line. */
export function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  headers: [string, string][] = [],
  body?: Buffer | string,
): Promise<RawResult> {
  const { hostname, port } = new URL(baseUrl);
  const flat = headers.flat();
  if (body !== undefined && !headers.some(([name]) => name.toLowerCase() === 'content-length')) {
    flat.push('Content-Length', String(Buffer.byteLength(body)));
  }
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path: target, headers: flat, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface RawExchange {
  /** Interim (1xx) statuses, in order. */
  interim: number[];
  /** The final answer's status, 0 if none arrived. */
  status: number;
  /** Its headers, names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The server ended the connection; false if it was still open when the wait ran out. */
  closed: boolean;
}

function parseAnswers(text: string, closed: boolean): RawExchange {
  const interim: number[] = [];
  let rest = text;
  for (;;) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd === -1) return { interim, status: 0, headers: {}, body: '', closed };
    const [statusLine = '', ...lines] = rest.slice(0, headEnd).split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    rest = rest.slice(headEnd + 4);
    if (status >= 200) {
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      return { interim, status, headers, body: rest, closed };
    }
    interim.push(status);
  }
}

/**
 * Writes `head` (request line and header lines) on a new connection and reads until the server closes it, or for at
 * most `waitMs`. `body` goes right after the head; `bodyAfterContinue` once a `100 Continue` arrives. A reset
 * connection rejects.
 */
export function rawExchange(
  baseUrl: string,
  head: string[],
  {
    waitMs = 3000,
    body,
    bodyAfterContinue,
  }: { waitMs?: number; body?: Buffer | string; bodyAfterContinue?: Buffer | string } = {},
): Promise<RawExchange> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      if (body !== undefined) socket.write(body);
    });
    let text = '';
    let bodySent = false;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswers(text, closed));
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (bodyAfterContinue !== undefined && !bodySent && /^HTTP\/1\.1 100 /.test(text)) {
        bodySent = true;
        socket.write(bodyAfterContinue);
      }
    });
    socket.on('end', () => finish(true));
    socket.on('error', reject);
  });
}
