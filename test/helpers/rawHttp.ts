// Requests fetch cannot send: a body on GET or HEAD, repeated headers, any request target, exactly these bytes.
import { request } from 'node:http';

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
