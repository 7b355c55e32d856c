import { DataSource } from 'typeorm';
import { sqlOf } from '../src/core/sql';
import { analyseDocument, bm25Scores } from '../src/search/bm25';
import { EmbeddedSearchEngine, RANK_WINDOW, SEARCH_WINDOW } from '../src/search/embedded-engine';
import { explain } from '../src/search/explain';
import { ftsExpression, ftsUnit } from '../src/search/fts5-strategy';
import { MatchLevel, planQuery, scoredUnits } from '../src/search/query-plan';
import { parseQuery } from '../src/search/query-syntax';
import { loadSearchGlossary, NO_GLOSSARY } from '../src/search/search-glossary';
import { SearchKind } from '../src/search/search.enums';
import { tsqueryOf } from '../src/search/tsvector';
import { RELEVANCE_SET } from './search/relevance-set';
import { itOnSqlite, onPostgres } from './support/database';
import { loadSeed } from '../seed/loader';
import { bumpDataVersion } from '../src/database/data-version';
import { copySeed, editSeedFile } from './support/seed-fixture';
import { dataOf, SEED_DIR, startTestServer, TestServer } from './support/server';

const SEARCH = `query($q: String!, $filter: SearchFilter, $first: Int, $after: String) {
  search(query: $q, filter: $filter, first: $first, after: $after) {
    totalCount engine fallbackReason tookMs
    countsAreExact
    hits { score kind title snippet matchedTerms passageIndex cursor node { __typename id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    facets { kinds { value count } authorities { value count } years { value count } }
  }
}`;

/** How many documents match a query, counted by the index itself (FTS5, or PostgreSQL's tsvector): the ground truth for estimates. */
async function countMatches(ds: DataSource, query: string): Promise<number> {
  const full = { plan: await planOf(ds, query), maxLevel: MatchLevel.GLOSSARY };
  const [row] = onPostgres
    ? await ds.query('SELECT COUNT(*) AS n FROM search_document WHERE tsv @@ $1::tsquery', [tsqueryOf(full)])
    : await ds.query('SELECT COUNT(*) AS n FROM search_fts WHERE search_fts MATCH ?', [ftsExpression(full)]);
  return Number(row.n);
}

/** A query's plan, with the glossary of the database. */
async function planOf(ds: DataSource, query: string) {
  return planQuery(parseQuery(query), await loadSearchGlossary(sqlOf(ds)));
}

/**
 * Every match of a query with FTS5's bm25() beside the BM25 computed here (src/search/bm25.ts) from the
 * stored text, each term's document count taken from FTS5 as bm25() takes it. SQLite only.
 */
async function bothScores(ds: DataSource, query: string): Promise<{ id: number; fts5: number; here: number }[]> {
  const plan = await planOf(ds, query);
  const scored = scoredUnits(plan);
  const { units } = scored;
  const rows: { id: number; fts5: number; title: string; titleExtra: string; body: string; tokens: number }[] = await ds.query(
    'SELECT d.id, bm25(search_fts, 4.0, 4.0, 4.0, 1.0, 1.0, 1.0) AS fts5, d.title, d.titleExtra, d.body, d.tokens FROM search_fts JOIN search_document d ON d.id = search_fts.rowid WHERE search_fts MATCH ?',
    [ftsExpression({ plan, maxLevel: MatchLevel.GLOSSARY })],
  );
  const [corpus] = await ds.query('SELECT COUNT(*) AS documents, SUM(tokens) AS tokens FROM search_document');
  const hits = await Promise.all(
    units.map(async (u) => Number((await ds.query('SELECT COUNT(*) AS n FROM search_fts WHERE search_fts MATCH ?', [ftsUnit(u)]))[0].n)),
  );
  const scores = bm25Scores(
    rows.map((r) => analyseDocument(r.title, r.titleExtra, r.body)),
    rows.map((r) => r.tokens),
    scored,
    hits,
    corpus,
  );
  return rows.map((r, i) => ({ id: r.id, fts5: -r.fts5, here: scores[i] }));
}

/** Search through the GraphQL endpoint: filters, facets, paging, snippets, bad input, and index consistency. */
describe('search', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  const search = async (q: string, variables: Record<string, unknown> = {}) => dataOf(await server.query(SEARCH, { q, ...variables })).search;

  it('ranks an exact name first and says why each hit matched', async () => {
    const result = await search('宁波明崚');
    expect(result.engine).toBe('embedded');
    expect(result.fallbackReason).toBeNull();
    expect(result.countsAreExact).toBe(true);
    expect(result.tookMs).toBeGreaterThan(0);
    expect(result.hits[0]).toMatchObject({ kind: 'MANAGER', title: '宁波明崚', node: { __typename: 'Manager' } });
    expect(result.hits[0].score).toBeGreaterThan(result.hits[1].score);
    for (const hit of result.hits) expect(hit.snippet).toContain('<mark>');
    expect(result.hits.find((h: any) => h.kind === 'ANNOUNCEMENT').snippet).toMatch(/<mark>宁波明崚<\/mark>投资管理有限公司/);
  });

  it('marks the simplified text for a traditional query', async () => {
    const result = await search('靈均');
    expect(result.hits[0].snippet).toContain('<mark>灵均</mark>');
    expect(result.hits[0].matchedTerms).toEqual(['灵均']);
  });

  it('filters by kind, authority, manager and date, and counts facets for the query', async () => {
    const all = await search('交易', { first: 100 });
    const byKind = Object.fromEntries(all.facets.kinds.map((f: any) => [f.value, f.count]));
    expect(all.totalCount).toBe(Object.values(byKind).reduce((a: number, b: any) => a + b, 0));
    expect(byKind.EVENT).toBeGreaterThan(0);
    expect(byKind.ANNOUNCEMENT).toBeGreaterThan(0);
    expect(all.facets.authorities.map((f: any) => f.value)).toEqual(expect.arrayContaining(['SSE', 'SZSE']));
    expect(all.facets.years.map((f: any) => f.value)).toEqual(expect.arrayContaining(['2024']));

    const events = await search('交易', { filter: { kinds: ['EVENT'] }, first: 100 });
    expect(events.totalCount).toBe(byKind.EVENT);
    expect(events.hits.every((h: any) => h.kind === 'EVENT')).toBe(true);

    const sse = await search('交易', { filter: { authorities: ['SSE'], kinds: ['EVENT'] }, first: 100 });
    expect(sse.hits.length).toBeGreaterThan(0);
    expect(sse.facets.authorities).toEqual([{ value: 'SSE', count: sse.totalCount }]);

    const shanghaiBureau = await search('明汯', { filter: { authorities: ['CSRC_SH'] }, first: 100 });
    expect(shanghaiBureau.hits.map((h: any) => h.node.__typename)).toContain('RegulatoryMeasure');
    expect(shanghaiBureau.facets.authorities.map((f: any) => f.value)).toContain('CSRC_SH');
    // A pattern is no authority: refused (it used to match nothing, silently).
    const wildcard = await server.query(SEARCH, { q: '明汯', filter: { authorities: ['CSRC%'] }, first: 100 });
    expect(wildcard.status).toBe(400);
    expect(wildcard.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(wildcard.body.errors?.[0].message).toContain('"CSRC%" is not the code or a name of an authority');
    const byName = await search('明汯', { filter: { authorities: ['上海证监局'] }, first: 100 });
    expect([byName.totalCount, byName.hits]).toEqual([shanghaiBureau.totalCount, shanghaiBureau.hits]);

    const minghong = await search('措施', { filter: { managerSlugs: ['minghong'] }, first: 100 });
    expect(minghong.hits.length).toBeGreaterThan(0);
    expect(minghong.hits.every((h: any) => h.snippet.includes('明汯') || h.title.includes('明汯'))).toBe(true);

    const in2023 = await search('明汯', { filter: { from: '2023-01-01', to: '2023-12-31' }, first: 100 });
    expect(in2023.facets.years).toEqual([{ value: '2023', count: in2023.totalCount }]);
    expect(in2023.hits.every((h: any) => h.kind === 'EVENT')).toBe(true);
  });

  it('pages through the hits with cursors', async () => {
    const first = await search('灵均', { first: 5 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await search('灵均', { first: 5, after: first.pageInfo.endCursor });
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    const all = await search('灵均', { first: 10 });
    expect([...first.hits, ...second.hits].map((h: any) => h.node.id + h.passageIndex)).toEqual(all.hits.map((h: any) => h.node.id + h.passageIndex));
  });

  it.each([
    ['an empty query', ''],
    ['a whitespace query', ' \t\n '],
    ['only punctuation', '"*()^-'],
    ['a 10,000-character query', '灵'.repeat(10_000)],
  ])('rejects %s with BAD_USER_INPUT', async (_label, q) => {
    const response = await server.query(SEARCH, { q });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0].message).toMatch(/search query|"query" of search is 10000 characters long; at most 200/);
  });

  it.each([
    ['a quote', '灵均"'],
    ['a star', 'lingj*'],
    ['a parenthesis', '(灵均'],
    ['NEAR', 'NEAR(灵均 明汯)'],
    ['a minus', '-灵均'],
    ['a caret', '^灵均'],
    ['a column filter', 'title_bi: 灵均'],
    ['a lone surrogate', '灵均\ud800'],
    ['SQL', "'; DROP TABLE search_document; --"],
    ['AND/OR words', '灵均 OR 明汯 AND NOT'],
  ])('answers a query with %s as text, never a 500', async (_label, q) => {
    const response = await server.query(SEARCH, { q });
    expect(response.status).toBeLessThan(500);
    if (response.body.errors) expect(['BAD_USER_INPUT', 'INVALID_CHARACTER']).toContain(response.body.errors[0].extensions?.code);
    else expect(response.body.data?.search.engine).toBe('embedded');
    expect(dataOf(await server.query('{ search(query: "灵均") { totalCount } }')).search.totalCount).toBeGreaterThan(0);
  });

  it('rejects bad paging arguments', async () => {
    for (const variables of [{ first: 0 }, { first: 101 }, { after: 'bm9wZQ' }]) {
      const response = await server.query(SEARCH, { q: '灵均', ...variables });
      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  itOnSqlite('computes BM25 as FTS5 bm25() does, to the last digits, for every match of every relevance query', async () => {
    let compared = 0;
    for (const c of RELEVANCE_SET) {
      for (const { fts5, here } of await bothScores(server.dataSource, c.query)) {
        expect(here).toBeCloseTo(fts5, 9);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(RELEVANCE_SET.length);
  });

  it('escapes HTML in snippets, marking only the matches', async () => {
    const plan = await planOf(server.dataSource, 'script');
    expect(explain({ kind: SearchKind.ANNOUNCEMENT, title: '', titleExtra: '', body: '<script>alert("x")</script> & more' }, plan).snippet).toBe(
      '&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; more',
    );
  });

  it('updates the index in the seed transaction: a changed filing is found at once, a failed load changes nothing', async () => {
    const other = await startTestServer({ seed: true });
    try {
      const dir = copySeed();
      expect((await other.query(SEARCH, { q: 'amber' })).body.data?.search.totalCount).toBe(0);
      editSeedFile(dir, 'filings/events/2023-08-31-csrc-sh-order-to-correct-minghong.yaml', (t) =>
        t.replace('titleEn: CSRC Shanghai Bureau orders Minghong to correct', 'titleEn: CSRC Shanghai Bureau orders Minghong to correct (amber)'),
      );
      const changes = (await loadSeed(other.dataSource, dir))!;
      expect(changes.searchDocuments).toEqual({ inserted: 0, updated: 1, deleted: 0 });
      expect((await other.query(SEARCH, { q: 'amber' })).body.data?.search.hits[0].node.__typename).toBe('RegulatoryMeasure');
      editSeedFile(dir, 'filings/events/2023-08-31-csrc-sh-order-to-correct-minghong.yaml', (t) =>
        t.replace('(amber)', '(ochre)').replace('managers: [minghong]', 'managers: [nobody]'),
      );
      await expect(loadSeed(other.dataSource, dir)).rejects.toThrow(/unknown manager/);
      expect((await other.query(SEARCH, { q: 'ochre' })).body.data?.search.totalCount).toBe(0);
      expect((await other.query(SEARCH, { q: 'amber' })).body.data?.search.totalCount).toBe(1);
      expect((await loadSeed(other.dataSource, SEED_DIR))!.searchDocuments).toEqual({ inserted: 0, updated: 1, deleted: 0 });
      expect((await loadSeed(other.dataSource, SEED_DIR))!.searchDocuments).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    } finally {
      await other.stop();
    }
  });
});

describe('search over a corpus larger than the ranking window', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const { syncSearchIndex } = await import('../src/search/search-indexer');
    const { syntheticPassages } = await import('../bench/synthetic-corpus');
    // As a load writes the index: with the data version moved, so that what the engine keeps per version is read anew.
    await server.dataSource.transaction(async (em) => {
      await syncSearchIndex(em, [...syntheticPassages(3000, 11)]);
      await bumpDataVersion(em);
    });
  });
  afterAll(() => server.stop());

  it('ranks a very common term over its most recent matches and says its counts are estimates', async () => {
    const exactCount = await countMatches(server.dataSource, '私募');
    expect(exactCount).toBeGreaterThan(SEARCH_WINDOW);
    const result = dataOf(
      await server.query(
        '{ search(query: "私募", first: 10) { totalCount countsAreExact hits { snippet } facets { kinds { value count } years { value count } } } }',
      ),
    ).search;
    expect(result.countsAreExact).toBe(false);
    expect(result.hits).toHaveLength(10);
    expect(result.hits.every((h: any) => h.snippet.includes('<mark>私募</mark>'))).toBe(true);
    expect(Math.abs(result.totalCount - exactCount) / exactCount).toBeLessThan(0.15);
    const yearsTotal = result.facets.years.reduce((a: number, f: any) => a + f.count, 0);
    expect(Math.abs(yearsTotal - result.totalCount) / result.totalCount).toBeLessThan(0.02);
  });

  it('ranks the same with a cache of analysed documents smaller than a ranking window, its entries evicted as it is read', async () => {
    const query = (engine: EmbeddedSearchEngine, q: string) => engine.search({ query: q, parsed: parseQuery(q), filter: {}, first: 10, offset: 0 });
    const roomy = new EmbeddedSearchEngine(server.dataSource);
    const tiny = new EmbeddedSearchEngine(server.dataSource, { analysedDocuments: 7 });
    for (const q of ['私募', '市场', '产品', '私募', '基金 市场']) {
      const [a, b] = [await query(roomy, q), await query(tiny, q)];
      expect(b.hits.map((h) => [h.nodeKey, h.passageIndex, h.score])).toEqual(a.hits.map((h) => [h.nodeKey, h.passageIndex, h.score]));
      expect(b.hits).toHaveLength(10);
    }
  });

  itOnSqlite('ranks a common term by BM25 computed over its newest matches, in the order FTS5 bm25() gives them', async () => {
    const expression = '{title_bi body_bi} : "私募"';
    const newest: { id: number }[] = await server.dataSource.query(
      `SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANK_WINDOW}`,
      [expression],
    );
    // FTS5's own ranking of the same documents (it reads every document holding the term to do so).
    const byFts: { id: number }[] = await server.dataSource.query(
      `SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? AND rowid IN (${newest.map((r) => r.id).join(', ')}) ORDER BY bm25(search_fts, 4.0, 4.0, 4.0, 1.0, 1.0, 1.0), rowid DESC LIMIT 10`,
      [expression],
    );
    const result = await new EmbeddedSearchEngine(server.dataSource).search({ query: '私募', parsed: parseQuery('私募'), filter: {}, first: 10, offset: 0 });
    const ids: { id: number; nodeKey: string; passageIndex: number }[] = await server.dataSource.query('SELECT id, nodeKey, passageIndex FROM search_document');
    const idOf = new Map(ids.map((r) => [`${r.nodeKey}:${r.passageIndex}`, r.id]));
    const ours = result.hits.map((h) => idOf.get(`${h.nodeKey}:${h.passageIndex}`));
    expect(ours.every((id) => newest.some((r) => r.id === id))).toBe(true);
    // The term's document count is estimated here and exact in FTS5, but for one term that scales every
    // score alike: the order is FTS5's.
    expect(ours).toEqual(byFts.map((r) => r.id));
    for (let i = 1; i < result.hits.length; i += 1) expect(result.hits[i].score).toBeLessThanOrEqual(result.hits[i - 1].score);
  });

  itOnSqlite('computes BM25 as FTS5 bm25() does over synthetic passages too (phrases across punctuation included)', async () => {
    let compared = 0;
    for (const query of ['冰火两重天', '量化私募', '私募 基金', '市场', '产品']) {
      for (const { fts5, here } of await bothScores(server.dataSource, query)) {
        expect(here).toBeCloseTo(fts5, 9);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('counts exactly when a query matches no more than the window', async () => {
    const rare = dataOf(await server.query('{ search(query: "冰火两重天", first: 5) { totalCount countsAreExact } }')).search;
    const exactCount = await countMatches(server.dataSource, '冰火两重天');
    expect(exactCount).toBeGreaterThan(0);
    expect(exactCount).toBeLessThanOrEqual(SEARCH_WINDOW);
    expect(rare).toEqual({ totalCount: exactCount, countsAreExact: true });
  });

  // Last: it removes passages.
  it('scores a term in every document, whose estimated count can pass the number of documents, with finite scores', async () => {
    // Passages removed leave holes in the ids: an estimate from how far back the newest matches reach then passes the count.
    const { syncSearchIndex } = await import('../src/search/search-indexer');
    const { syntheticPassages } = await import('../bench/synthetic-corpus');
    await server.dataSource.transaction(async (em) => {
      await syncSearchIndex(em, [...syntheticPassages(3000, 11)].slice(400));
      await bumpDataVersion(em);
    });
    const result = dataOf(await server.query('{ search(query: "公告", first: 10) { totalCount countsAreExact hits { score } } }')).search;
    expect(result.countsAreExact).toBe(false);
    expect(result.totalCount).toBeGreaterThan(2600);
    expect(result.hits).toHaveLength(10);
    for (const hit of result.hits) expect(Number.isFinite(hit.score)).toBe(true);
    // The formula alone: a count past the documents weighs the term as FTS5 weighs a term in half of them or more.
    const units = scoredUnits(planQuery(parseQuery('公告'), NO_GLOSSARY));
    const [past, half] = [250, 60].map((n) => bm25Scores([analyseDocument('公告', '', '公告')], [10], units, [n], { documents: 100, tokens: 1000 })[0]);
    expect(Number.isFinite(past)).toBe(true);
    expect(past).toBeGreaterThan(0);
    expect(past).toBeCloseTo(half, 12);
  });
});
