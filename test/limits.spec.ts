import http from 'node:http';
import { SearchEngine } from '../src/search/search-engine';
import { dataOf, startTestServer, TestServer } from './support/server';

/** A query `levels` fields deep: manager → products → manager → … → slug. */
function deepQuery(levels: number): string {
  const path = ['manager(slug: "minghong")', ...Array.from({ length: levels - 2 }, (_, i) => (i % 2 === 0 ? 'products' : 'manager'))];
  return `{ ${path.map((f) => `${f} {`).join(' ')} slug ${'}'.repeat(path.length)} }`;
}

/** The limits every query is held to, each rejected before execution with a 4xx and a code naming it. */
describe('query limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  const post = async (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const started = performance.now();
    const response = await fetch(server.graphqlUrl, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, ms: performance.now() - started, json: JSON.parse(text) as any, headers: response.headers };
  };
  const query = (q: string, variables?: unknown) => post(JSON.stringify({ query: q, variables }));
  const stillAnswers = async () =>
    expect((await query('{ __typename }')).json).toEqual({ data: { __typename: 'Query' }, extensions: { cost: expect.any(Object) } });

  it.each([
    ['too many aliases', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`, 'TOO_MANY_ALIASES', 30, 31],
    ['too deep', deepQuery(13), 'QUERY_TOO_DEEP', 12, 13],
    ['too many directives', `{ ${Array.from({ length: 51 }, () => '__typename @include(if: true)').join(' ')} }`, 'TOO_MANY_DIRECTIVES', 50, 51],
    [
      'too many objects',
      '{ managers(first: 100) { nodes { events(first: 100) { nodes { managers { slug } sources { quote } } } } } }',
      'NODE_LIMIT_EXCEEDED',
      50000,
      80100,
    ],
  ])('rejects a query with %s: 400, the code, the limit and the measure', async (_label, q, code, limit, measured) => {
    const result = await query(q);
    expect(result.status).toBe(400);
    expect(result.json.errors[0].extensions).toMatchObject({ code, limit, measured });
    expect(result.json.data).toBeUndefined();
    await stillAnswers();
  });

  it('counts the page size from variables too, and reports the cost of every answered query', async () => {
    const big = await query('query($n: Int) { managers(first: 100) { nodes { events(first: $n) { nodes { managers { slug } sources { quote } } } } } }', {
      n: 100,
    });
    expect(big.json.errors[0].extensions.code).toBe('NODE_LIMIT_EXCEEDED');
    const small = await query('query($n: Int) { managers(first: 10) { nodes { events(first: $n) { nodes { title } } } } }', { n: 5 });
    expect(small.status).toBe(200);
    expect(small.json.extensions.cost).toEqual({
      estimated: { nodes: 60, cost: 12 },
      actual: { nodes: expect.any(Number), cost: expect.any(Number) },
      cached: false,
      remaining: expect.any(Number),
      maxNodes: 50000,
      maxCost: 10000,
    });
    expect(small.json.extensions.cost.actual.nodes).toBeLessThanOrEqual(60);
  });

  it('counts introspection toward the depth limit, except the links of an ofType chain', async () => {
    const chain = `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } }`;
    const result = await query(chain);
    expect(result.status).toBe(200);
    expect(result.json.data.__schema.types.length).toBeGreaterThan(10);
    // graphql's own MaxIntrospectionDepthRule allows two nested `fields` lists, which keeps introspection
    // within 12 levels; an 8-level one shows the limit counts it.
    const strict = await startTestServer({ limits: { maxDepth: 7 } });
    try {
      const refused = await strict.query('{ __schema { directives { args { type { fields { args { type { name } } } } } } } }');
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 7, measured: 8 });
    } finally {
      await strict.stop();
    }
  });

  it('stops a query of more than 2,000 tokens in the parser, and keeps ordinary syntax errors apart', async () => {
    const long = await query(`{ ${'__typename '.repeat(2001)} }`);
    expect(long.status).toBe(400);
    expect(long.json.errors[0].extensions).toEqual({ code: 'TOO_MANY_TOKENS', limit: 2000 });
    const broken = await query('{ managers( }');
    expect(broken.status).toBe(400);
    expect(broken.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('rejects 10,000- and 100,000-alias queries fast, and a body over 100 kB with 413', async () => {
    const thousand = await query(`{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect([thousand.status, thousand.json.errors[0].extensions.code]).toEqual([400, 'TOO_MANY_TOKENS']);
    const tenThousand = await query(`{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect([tenThousand.status, tenThousand.json.errors[0].extensions.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(tenThousand.ms).toBeLessThan(1000);
    const hundredThousand = await query(`{ ${Array.from({ length: 100_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect([hundredThousand.status, hundredThousand.json.errors[0].extensions.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    await stillAnswers();
  });

  it('answers a wrong content type with 415 and a batch with 400, in JSON', async () => {
    const form = await post('query={__typename}', { 'content-type': 'application/x-www-form-urlencoded' });
    expect([form.status, form.json.errors[0].extensions.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const batch = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(batch.status).toBe(400);
    expect(batch.json.errors[0].message).toMatch(/batch/i);
  });

  it('hides field suggestions outside development', async () => {
    const result = await query('{ manger(slug: "x") { id } }');
    expect(result.status).toBe(400);
    expect(result.json.errors[0].message).toBe('Cannot query field "manger" on type "Query".');
  });

  it('rejects a query over the cost limit, a setting of its own', async () => {
    const strict = await startTestServer({ seed: true, limits: { maxCost: 50 } });
    try {
      const result = await strict.query('{ managers(first: 100) { nodes { products { slug } events(first: 1) { nodes { title } } } } }');
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', limit: 50, measured: 202 });
    } finally {
      await strict.stop();
    }
  });

  it('answers a JSON error when execution takes longer than the timeout', async () => {
    // A search engine on another server that takes 2 s to answer (a stand-in for a slow Meilisearch).
    const slowEngine: SearchEngine = {
      name: 'meilisearch',
      search: () =>
        new Promise((resolve) =>
          setTimeout(
            () =>
              resolve({ engine: 'meilisearch', totalCount: 0, countsAreExact: true, readAs: '', hits: [], facets: { kinds: [], authorities: [], years: [] } }),
            2000,
          ),
        ),
    };
    const hasty = await startTestServer({ seed: true, limits: { executionTimeoutMs: 200 }, externalSearch: slowEngine });
    try {
      const started = performance.now();
      const result = await hasty.query('{ search(query: "灵均") { totalCount } }');
      expect(performance.now() - started).toBeLessThan(1500);
      expect(result.status).toBe(503);
      expect(result.body.errors?.[0].extensions?.code).toBe('EXECUTION_TIMEOUT');
    } finally {
      await hasty.stop();
    }
  });

  it('rate-limits a client by cost points a minute with 429 and Retry-After, leaving other clients alone', async () => {
    const limited = await startTestServer({ limits: { rateLimitPointsPerMinute: 3 }, host: '0.0.0.0' });
    const port = new URL(limited.url).port;
    // Two clients: the same loopback interface, two source addresses.
    const ask = (from: string) =>
      new Promise<{ status: number; headers: Headers; json: () => Promise<unknown> }>((resolve, reject) => {
        const request = http.request(
          { host: '127.0.0.1', port, path: '/graphql', method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } },
          (response) => {
            let text = '';
            response.on('data', (c) => (text += c));
            response.on('end', () => {
              const headers = new Headers(Object.entries(response.headers).map(([k, v]) => [k, String(v)] as [string, string]));
              resolve({ status: response.statusCode!, headers, json: async () => JSON.parse(text) });
            });
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ query: '{ __typename }' }));
      });
    try {
      const first = await ask('127.0.0.1');
      expect(first.headers.get('x-ratelimit-limit')).toBe('3');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
      await ask('127.0.0.1');
      await ask('127.0.0.1');
      const refused = await ask('127.0.0.1');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      expect((await ask('127.0.0.2')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('charges a query its cost in points, and an answer from the response cache one point', async () => {
    const limited = await startTestServer({ seed: true, limits: { rateLimitPointsPerMinute: 1000 } });
    try {
      const query = '{ managers(first: 10) { nodes { events(first: 5) { nodes { title } } } } }';
      const first = await limited.query(query);
      const { estimated, actual } = first.body.extensions!.cost;
      expect(estimated.cost).toBe(12);
      // Charged what the answer took: one fetch for the query, one for managers, one per manager's events.
      const managers = first.body.data!.managers.nodes.length;
      expect(actual.cost).toBe(2 + managers);
      expect(Number(first.headers.get('x-ratelimit-remaining'))).toBe(1000 - actual.cost);
      await limited.query(query); // the second request runs too: the cache keeps answers from then on
      const again = await limited.query(query);
      expect(again.body.data).toEqual(first.body.data);
      expect(Number(again.headers.get('x-ratelimit-remaining'))).toBe(1000 - 2 * actual.cost - 1);
    } finally {
      await limited.stop();
    }
  });

  it('answers { __typename } at once', async () => {
    await stillAnswers();
    expect(dataOf(await server.query('{ authorities { code } }')).authorities).toHaveLength(6);
  });
});
