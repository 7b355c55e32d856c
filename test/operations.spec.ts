import http from 'node:http';
import { AddressInfo } from 'node:net';
import { postQuery, startMain } from './support/main-process';
import { databaseEnv, tempDatabase } from './support/database';

/** Logs, readiness and shutdown of the server as `npm start` runs it. */
describe('operations', () => {
  it('logs one JSON line per operation with request id, operation name, cost and duration', async () => {
    const server = await startMain(databaseEnv(await tempDatabase()));
    try {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query WhoIsSuspended { events(first: 5) { nodes { title } } }' }),
      });
      const requestId = response.headers.get('x-request-id');
      await response.json();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const lines = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      const entry = lines.find((l) => l.requestId === requestId);
      expect(entry).toMatchObject({ msg: 'graphql', operationName: 'WhoIsSuspended', cost: 2, nodes: 5, status: 200, errors: [], service: 'fundwatch' });
      expect(entry.durationMs).toBeGreaterThan(0);
      expect(typeof entry.time).toBe('string');
    } finally {
      await server.stop();
    }
  });

  it('on SIGTERM finishes the request in flight, refuses new ones, and exits within 10 s', async () => {
    // A slow search engine keeps a request in flight: a stand-in Meilisearch answering after 1.5 s.
    const slow = http.createServer((req, res) => {
      req.resume();
      setTimeout(
        () => {
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify(
              req.url === '/health'
                ? { status: 'available' }
                : { hits: [], estimatedTotalHits: 0, facetDistribution: {}, offset: 0, limit: 10, processingTimeMs: 1, query: '' },
            ),
          );
        },
        req.url === '/indexes/fundwatch/search' ? 1500 : 0,
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const server = await startMain({ ...databaseEnv(await tempDatabase()), MEILI_URL: `http://127.0.0.1:${(slow.address() as AddressInfo).port}` });
    try {
      const inFlight = postQuery(server.url, '{ search(query: "灵均") { engine totalCount } }');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      const exited = server.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      expect((await inFlight).data.search).toEqual({ engine: 'meilisearch', totalCount: 0 });
      expect(await exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});
