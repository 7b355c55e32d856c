import fs from 'node:fs';
import http from 'node:http';

/**
 * The benchmark's control: a bare node:http server that answers each path with recorded response bytes,
 * doing no work but reading the request. What it reaches is this machine's limit for the same bytes.
 * Usage: node raw-control.js RECORDING.json  (prints "listening PORT" when ready)
 */
const recording: Record<string, { contentType: string; body: string }> = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const answers = new Map(Object.entries(recording).map(([path, r]) => [path, { body: Buffer.from(r.body, 'utf8'), contentType: r.contentType }]));

const server = http.createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    const answer = answers.get(req.url ?? '');
    if (!answer) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.body.length });
    res.end(answer.body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
