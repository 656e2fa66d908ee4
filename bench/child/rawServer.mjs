// Child process of the gateway benchmark: the floor, a bare node:http server answering fixed responses per path
// (status, headers and body copied from the real gateway's answers, passed as JSON in argv).
import { createServer } from 'node:http';

const responses = JSON.parse(process.argv[2] ?? '{}');
const notFound = { status: 404, headers: {}, body: '' };
const server = createServer((req, res) => {
  const { status, headers, body } = responses[req.url ?? ''] ?? notFound;
  res.writeHead(status, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
