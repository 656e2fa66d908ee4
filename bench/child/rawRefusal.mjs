// Child process of the upload benchmark: the floor, a bare node:http server answering 401 at once with Node's
// defaults (it reads and drops an unread body to keep the connection). Run with --expose-gc; answers each IPC
// message with its memory usage after a full GC.
import { createServer } from 'node:http';

const server = createServer((_req, res) => {
  res.writeHead(401, { 'Content-Type': 'application/problem+json', 'Content-Length': 2 });
  res.end('{}');
});
process.on('message', () => {
  globalThis.gc();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.send({ rss, heapUsed, external, arrayBuffers });
});
server.listen(0, '127.0.0.1', () => process.send({ baseUrl: `http://127.0.0.1:${server.address().port}` }));
