import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSeed } from '../seed/loader';
import { bumpDataVersion } from '../src/database/data-version';
import { cachedResponse, ResponseCache } from '../src/http/response-cache';
import { EventRecord } from '../src/events/event.entity';
import { copySeed, editSeedFile, runCompiled, runSeedCli } from './support/seed-fixture';
import { dataOf, SEED_DIR, startTestServer, TestServer } from './support/server';
import { databaseEnv, onPostgres } from './support/database';

const EVENT_FILE = 'filings/events/2023-08-31-csrc-sh-order-to-correct-minghong.yaml';
const OLD_TITLE_EN = 'titleEn: CSRC Shanghai Bureau orders Minghong to correct';
const MINGHONG = `query Minghong($first: Int) { manager(slug: "minghong") { shortName events(first: $first) { nodes { ... on Event { id titleEn } } } } }`;

function titlesOf(data: any): string[] {
  return data.manager.events.nodes.map((e: { titleEn: string }) => e.titleEn);
}

/** The SQL statements the server ran while `run` did its work: none means the cache answered. */
async function statementsDuring(server: TestServer, run: () => Promise<unknown>): Promise<number> {
  const before = server.dataSource.queryCounter.count;
  await run();
  return server.dataSource.queryCounter.count - before;
}

function get(server: TestServer, query: string, variables: Record<string, unknown> | null, headers: Record<string, string> = {}) {
  const url = new URL(server.graphqlUrl);
  url.searchParams.set('query', query);
  if (variables) url.searchParams.set('variables', JSON.stringify(variables));
  return fetch(url, { headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true', ...headers } });
}

/** Repeated queries are answered whole from the cache, and no cached answer survives a load that changes data. */
describe('response cache', () => {
  let server: TestServer;
  let changedSeed: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    changedSeed = copySeed();
    editSeedFile(changedSeed, EVENT_FILE, (t) => t.replace(OLD_TITLE_EN, 'titleEn: CSRC Shanghai Bureau orders Minghong to make corrections'));
  });
  afterAll(() => server.stop());

  it('keeps an answer from its second request on, so that a one-off query takes no room', async () => {
    const query = '{ managers(first: 3) { nodes { slug } } }';
    expect(await statementsDuring(server, () => server.query(query))).toBeGreaterThan(0);
    expect(await statementsDuring(server, () => server.query(query))).toBeGreaterThan(0);
    expect(await statementsDuring(server, () => server.query(query))).toBe(0);
  });

  it('answers a repeated query from the cache, whatever its spacing, commas, comments or variable order', async () => {
    await server.query(MINGHONG, { first: 5 });
    const first = await server.query(MINGHONG, { first: 5 });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"\d+-[A-Za-z0-9_-]+"$/);
    const respaced = `# the same query\n${MINGHONG.replace(/ /g, '  ').replace('shortName', 'shortName ,')}`;
    let again: Awaited<ReturnType<TestServer['query']>> | undefined;
    expect(await statementsDuring(server, async () => (again = await server.query(respaced, { first: 5 })))).toBe(0);
    expect(again!.body.data).toEqual(first.body.data);
    expect(again!.body.extensions!.cost).toMatchObject({ cached: true, actual: { nodes: 0, cost: 1 } });
    expect(again!.headers.get('etag')).toBe(etag);

    const twoVariables = 'query Two($a: Int, $b: Int) { managers(first: $a) { nodes { slug } } events(first: $b) { totalCount } }';
    await server.query(twoVariables, { a: 2, b: 3 });
    await server.query(twoVariables, { a: 2, b: 3 });
    expect(await statementsDuring(server, () => server.query(twoVariables, { b: 3, a: 2 }))).toBe(0);
  });

  it('does not confuse different variables or operations', async () => {
    const five = dataOf(await server.query(MINGHONG, { first: 5 }));
    let two: any;
    expect(await statementsDuring(server, async () => (two = dataOf(await server.query(MINGHONG, { first: 2 }))))).toBeGreaterThan(0);
    expect(titlesOf(two)).toEqual(titlesOf(five).slice(0, 2));
    const named = 'query A { managers(first: 1) { nodes { slug } } } query B { managers(first: 2) { nodes { slug } } }';
    const post = (operationName: string) =>
      fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: named, operationName }) }).then(
        (r) => r.json() as Promise<any>,
      );
    expect((await post('A')).data.managers.nodes).toHaveLength(1);
    expect((await post('B')).data.managers.nodes).toHaveLength(2);
    expect((await post('A')).data.managers.nodes).toHaveLength(1);
  });

  it('makes GET answers cacheable by a CDN and answers a matching If-None-Match with 304', async () => {
    const first = await get(server, MINGHONG, { first: 3 });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(first.headers.get('vary')).toBe('accept');
    const etag = first.headers.get('etag')!;
    const body = (await first.json()) as any;
    expect(body.data.manager.shortName).toBe('明汯投资');

    const revalidated = await get(server, MINGHONG, { first: 3 }, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect((await get(server, MINGHONG, { first: 3 }, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    const other = await get(server, MINGHONG, { first: 3 }, { 'if-none-match': '"1-stale"' });
    expect(other.status).toBe(200);
    // The same answer; only what this sending cost (a cache hit: 1 point) differs.
    const again = (await other.json()) as any;
    expect(again.data).toEqual(body.data);
    expect(again.extensions.cost).toMatchObject({ cached: true, actual: { nodes: 0, cost: 1 }, estimated: body.extensions.cost.estimated });
    // POST answers carry the tag but are not for shared caches.
    const post = await server.query(MINGHONG, { first: 3 });
    expect(post.headers.get('etag')).toBe(etag);
    expect(post.headers.get('cache-control')).toBe('no-store');
  });

  it('still refuses a GET without a CSRF preflight header, even when its answer is cached', async () => {
    expect((await get(server, MINGHONG, { first: 4 })).status).toBe(200);
    const url = new URL(server.graphqlUrl);
    url.searchParams.set('query', MINGHONG);
    url.searchParams.set('variables', JSON.stringify({ first: 4 }));
    const bare = await fetch(url, { headers: { accept: 'application/json' } });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('Cross-Site Request Forgery');
  });

  it('never caches an answer with errors', async () => {
    // The managers run SQL; a node id that is not one is a field error beside them.
    const bad = '{ managers(first: 2) { totalCount } node(id: "not-an-id") { id } }';
    const first = await server.query(bad);
    expect(first.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(first.headers.get('etag')).toBeNull();
    expect(first.headers.get('cache-control')).toBe('no-store');
    let second: Awaited<ReturnType<TestServer['query']>> | undefined;
    expect(await statementsDuring(server, async () => (second = await server.query(bad)))).toBeGreaterThan(0);
    expect(second!.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(second!.headers.get('etag')).toBeNull();
  });

  it('keeps its answers through a load that changes nothing', async () => {
    await server.query(MINGHONG, { first: 20 });
    const before = await server.query(MINGHONG, { first: 20 });
    expect(await loadSeed(server.dataSource, SEED_DIR)).toBeTruthy();
    expect(await statementsDuring(server, () => server.query(MINGHONG, { first: 20 }))).toBe(0);
    expect((await server.query(MINGHONG, { first: 20 })).headers.get('etag')).toBe(before.headers.get('etag'));
  });

  it('serves no stale answer after a load in this process changes data', async () => {
    const before = await get(server, MINGHONG, { first: 20 });
    const etag = before.headers.get('etag')!;
    expect(titlesOf(((await before.json()) as any).data)).toContain('CSRC Shanghai Bureau orders Minghong to correct');
    await loadSeed(server.dataSource, changedSeed);
    const after = await get(server, MINGHONG, { first: 20 }, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const titles = titlesOf(((await after.json()) as any).data);
    expect(titles).toContain('CSRC Shanghai Bureau orders Minghong to make corrections');
    expect(titles).not.toContain('CSRC Shanghai Bureau orders Minghong to correct');
  });

  it('serves no stale answer after another process loads filings into the same database', async () => {
    const before = titlesOf(dataOf(await server.query(MINGHONG, { first: 20 })));
    expect(before).toContain('CSRC Shanghai Bureau orders Minghong to make corrections');
    expect(runSeedCli(['--dir', SEED_DIR], databaseEnv(server.database)).code).toBe(0);
    const after = titlesOf(dataOf(await server.query(MINGHONG, { first: 20 })));
    expect(after).toContain('CSRC Shanghai Bureau orders Minghong to correct');
    expect(after).not.toContain('CSRC Shanghai Bureau orders Minghong to make corrections');
  });

  it('serves no stale answer after another process imports market bars', async () => {
    const query = '{ marketWindows(filter: { instrumentCode: "000001.SH" }) { nodes { fromBars { turnoverCny } } } }';
    expect(dataOf(await server.query(query)).marketWindows.nodes[0].fromBars).toBeNull();
    const rows = [
      '2024-02-19 09:30:00,2886.59,2886.59,2866.10,2868.02,1850000000,22528000000',
      '2024-02-19 09:31:00,2868.02,2871.40,2865.00,2870.10,1200000000,15000000000',
    ];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-bars-')), 'bars.csv');
    fs.writeFileSync(file, `time,open,high,low,close,volume,turnover\n${rows.join('\n')}\n`);
    expect(runCompiled(path.join('src', 'cli', 'import-bars.js'), [file, '--instrument', '000001.SH'], databaseEnv(server.database)).code).toBe(0);
    expect(dataOf(await server.query(query)).marketWindows.nodes[0].fromBars).toEqual({ turnoverCny: 22528000000 });
  });

  it('forgets an answer built from a load that was rolled back', async () => {
    const original = titlesOf(dataOf(await server.query(MINGHONG, { first: 20 })));
    // On SQLite the load runs on the server's own connection: requests see its uncommitted rows until it
    // rolls back, and what they built from them must not outlive it. PostgreSQL never shows them.
    let seenDuring: string[] = [];
    await expect(
      server.dataSource.transaction(async (em) => {
        await em.update(EventRecord, { titleEn: 'CSRC Shanghai Bureau orders Minghong to correct' }, { titleEn: 'Not committed' });
        await bumpDataVersion(em);
        seenDuring = titlesOf(dataOf(await server.query(MINGHONG, { first: 20 })));
        throw new Error('the load fails');
      }),
    ).rejects.toThrow('the load fails');
    if (onPostgres) expect(seenDuring).toEqual(original);
    else expect(seenDuring).toContain('Not committed');
    const after = titlesOf(dataOf(await server.query(MINGHONG, { first: 20 })));
    expect(after).toEqual(original);
  });
});

describe('response cache bounds', () => {
  it('stays within its byte budget, keeps what was used, and empties when the data version moves', () => {
    const cache = new ResponseCache(8 * 1024);
    const answer = (text: string) => cachedResponse({ 'content-type': 'application/json' }, text, 1, { nodes: 1, cost: 1 });
    const body = JSON.stringify({ data: { text: 'x'.repeat(1500) } });
    const keep = (key: string) => [1, 2].forEach(() => cache.set(key, 1, answer(body))); // kept on the second
    for (let i = 0; i < 4; i += 1) keep(`k${i}`);
    expect(cache.get('k0', 1)).toBeDefined(); // used: survives the next evictions once
    for (let i = 4; i < 8; i += 1) keep(`k${i}`);
    expect(cache.stats.bytes).toBeLessThanOrEqual(8 * 1024);
    expect(cache.get('k0', 1)).toBeDefined();
    expect(cache.get('k1', 1)).toBeUndefined();
    expect(`${cache.get('k7', 1)?.bytes.toString()}}`).toBe(body);
    expect(cache.get('k7', 2)).toBeUndefined();
    expect(cache.stats).toMatchObject({ entries: 0, bytes: 0, version: 2 });
  });
});

describe('response cache switched off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, responseCache: { maxBytes: 0, maxAgeSeconds: 0 } });
  });
  afterAll(() => server.stop());

  it('runs every query when RESPONSE_CACHE_MAX_BYTES is 0, and still tags answers', async () => {
    await server.query(MINGHONG, { first: 5 });
    expect(await statementsDuring(server, () => server.query(MINGHONG, { first: 5 }))).toBeGreaterThan(0);
    expect((await get(server, MINGHONG, { first: 5 })).headers.get('cache-control')).toBe('public, max-age=0');
  });
});
