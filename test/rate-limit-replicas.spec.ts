import http from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createDataSource } from '../ormconfig';
import { createRateLimiter } from '../src/http/rate-limiter';
import { databaseKind, itOnPostgres, onPostgres } from './support/database';
import { dataOf, startTestServer, TestServer } from './support/server';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** A request from a chosen loopback address: the rate limit's client is the socket's remote address. */
function ask(server: TestServer, path: string, options: { from?: string; query?: string } = {}): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  const post = options.query !== undefined;
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: hostname,
        port,
        path,
        method: post ? 'POST' : 'GET',
        localAddress: options.from ?? '127.0.0.1',
        headers: post ? { 'content-type': 'application/json' } : {},
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          const json = /json/.test(response.headers['content-type'] ?? '');
          resolve({ status: response.statusCode!, headers: response.headers, body: json ? JSON.parse(text) : text });
        });
      },
    );
    request.on('error', reject);
    request.end(post ? JSON.stringify({ query: options.query }) : undefined);
  });
}

const graphql = (server: TestServer, query: string, from?: string) => ask(server, '/graphql', { query, from });
const remaining = (answer: Answer) => Number(answer.headers['x-ratelimit-remaining']);

function expectRateLimited(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(answer.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  expect(answer.headers['x-ratelimit-remaining']).toBe('0');
  expect(Number(answer.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
}

/** `{ __typename }` costs one point, estimated and counted alike. */
const CHEAP = '{ __typename }';
const NO_CACHE = { maxBytes: 0, maxAgeSeconds: 0 };

/**
 * With PostgreSQL the counters are rows of the shared database, so two replicas (each its own
 * startServer and DataSource) give a client one budget. On SQLite each process counts in its own
 * memory, so these cases are skipped there: run them with DATABASE_URL set.
 */
describe(`one rate-limit budget across replicas on PostgreSQL${onPostgres ? '' : ' (skipped on SQLite: each process counts in its own memory; set DATABASE_URL to run)'}`, () => {
  itOnPostgres('refuses on replica B a client that spent its budget on replica A; another address has its own', async () => {
    const a = await startTestServer({ limits: { rateLimitPointsPerMinute: 5 } });
    const b = await startTestServer({ database: a.database, limits: { rateLimitPointsPerMinute: 5 } });
    try {
      expect(remaining(await graphql(a, CHEAP))).toBe(4);
      expect(remaining(await graphql(b, CHEAP))).toBe(3);
      expect(remaining(await graphql(a, CHEAP))).toBe(2);
      expect(remaining(await graphql(a, CHEAP))).toBe(1);
      expect(remaining(await graphql(a, CHEAP))).toBe(0);
      const refused = await graphql(b, CHEAP);
      expectRateLimited(refused);
      expectRateLimited(await graphql(a, CHEAP));

      const other = await graphql(b, CHEAP, '127.0.0.2');
      expect([other.status, remaining(other)]).toEqual([200, 4]);
      expect(remaining(await graphql(a, CHEAP, '127.0.0.2'))).toBe(3);
      const [row] = await a.dataSource.query(`SELECT points FROM rate_limit WHERE key = 'cost:127.0.0.2'`);
      expect(Number(row.points)).toBe(2);
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  itOnPostgres("reserves a query's estimate in the shared counters and settles it to what the answer took", async () => {
    const limits = { rateLimitPointsPerMinute: 1000 };
    const a = await startTestServer({ seed: true, limits, responseCache: NO_CACHE });
    const b = await startTestServer({ database: a.database, limits, responseCache: NO_CACHE });
    try {
      const answer = await graphql(a, '{ managers(first: 10) { nodes { events(first: 5) { nodes { title } } } } }');
      const { estimated, actual } = answer.body.extensions.cost;
      expect(estimated.cost).toBeGreaterThan(actual.cost);
      expect(remaining(answer)).toBe(1000 - actual.cost);
      const [row] = await b.dataSource.query(`SELECT points FROM rate_limit WHERE key = 'cost:127.0.0.1'`);
      expect(Number(row.points)).toBe(actual.cost);
      expect(remaining(await graphql(b, CHEAP))).toBe(1000 - actual.cost - 1);
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  itOnPostgres('answers exactly the budget of concurrent queries spread over both replicas, no more', async () => {
    const limits = { rateLimitPointsPerMinute: 10 };
    const a = await startTestServer({ limits, responseCache: NO_CACHE });
    const b = await startTestServer({ database: a.database, limits, responseCache: NO_CACHE });
    try {
      const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => graphql(i % 2 ? b : a, CHEAP)));
      expect(answers.filter((r) => r.status === 200)).toHaveLength(10);
      for (const refused of answers.filter((r) => r.status !== 200)) expectRateLimited(refused);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});

/** Exports and charts cost what they run or draw, like the GraphQL queries behind them. */
describe(`exports and charts are charged on ${databaseKind}`, () => {
  let server: TestServer;
  const LIMIT = 1000;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, limits: { rateLimitPointsPerMinute: LIMIT } });
  });
  afterAll(() => server.stop());

  it("charges a manager's timeline chart one point per entry drawn, and a window chart per episode and bar", async () => {
    const from = '127.0.0.3';
    const data = dataOf(
      await server.query(
        '{ manager(slug: "minghong") { chartUrl timeline { date } } marketWindows(filter: { instrumentCode: "399001.SZ" }) { nodes { chartUrl } } }',
      ),
    );
    const before = remaining(await graphql(server, CHEAP, from)); // one point
    const timeline = await ask(server, data.manager.chartUrl, { from });
    expect([timeline.status, timeline.headers['x-ratelimit-limit']]).toEqual([200, String(LIMIT)]);
    expect(data.manager.timeline.length).toBeGreaterThan(3);
    expect(before - remaining(timeline)).toBe(data.manager.timeline.length);
    // The curated window has one episode and no imported bars.
    const window = await ask(server, data.marketWindows.nodes[0].chartUrl, { from });
    expect([window.status, remaining(timeline) - remaining(window)]).toEqual([200, 1]);
  });

  it('charges an export the cost of the operations it runs, and refuses exports, charts and queries once the budget is spent', async () => {
    const from = '127.0.0.4';
    const first = await ask(server, '/export/manager/ningbo-lingjun.json', { from });
    expect([first.status, first.headers['x-ratelimit-limit']]).toEqual([200, String(LIMIT)]);
    const cost = LIMIT - remaining(first);
    expect(cost).toBeGreaterThan(10); // the dossier's lists: events, sources, episodes, windows, people…
    // Admitted while points are left, each charged the same: refused after ceil(LIMIT / cost) exports.
    let exports = 1;
    let last = first;
    while (last.status === 200 && exports <= LIMIT) {
      last = await ask(server, '/export/manager/ningbo-lingjun.json', { from });
      if (last.status === 200) exports += 1;
    }
    expect(exports).toBe(Math.ceil(LIMIT / cost));
    expectRateLimited(last);
    expectRateLimited(await ask(server, '/export/events.csv?managerSlugs=minghong', { from }));
    expectRateLimited(await ask(server, '/charts/manager/minghong/timeline.svg', { from }));
    expectRateLimited(await graphql(server, CHEAP, from));

    const events = await ask(server, '/export/events.json', { from: '127.0.0.5' });
    expect(events.status).toBe(200);
    expect(LIMIT - remaining(events)).toBeGreaterThan(1);
  });
});

describe('when the shared store is unreachable', () => {
  it("counts each client in this replica's memory with the same budget, and logs one warning for the outage", async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    // Nothing listens on port 1: every connection is refused at once.
    const limiter = createRateLimiter(createDataSource({ url: 'postgres://nobody:nothing@127.0.0.1:1/none' }), 3, logger);
    try {
      const budget = limiter.budgetOf('127.0.0.9');
      expect(await budget.reserve(2)).toBe(true);
      await budget.settle(2);
      expect(await budget.reserve(2)).toBe(false);
      await limiter.spend('127.0.0.9', 1);
      expect(await limiter.headers('127.0.0.9')).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0' });
      await expect(limiter.admit('127.0.0.9')).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect((await limiter.state('127.0.0.8')).remaining).toBe(3);
      const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
      expect(warnings.map((w) => w.msg)).toEqual(['rate limit store unreachable: each replica counts its clients in memory until it answers']);
    } finally {
      await limiter.close();
    }
  });
});
