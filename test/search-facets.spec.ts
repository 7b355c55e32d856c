import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { syntheticPassages } from '../bench/synthetic-corpus';
import { loadSeed } from '../seed/loader';
import { sqlOf } from '../src/core/sql';
import { bumpDataVersion, DATA_VERSION_HEARTBEAT_MS, dataVersionReader } from '../src/database/data-version';
import { EmbeddedSearchEngine, RANK_WINDOW, SEARCH_WINDOW } from '../src/search/embedded-engine';
import { ftsExpression } from '../src/search/fts5-strategy';
import { MatchLevel, planQuery } from '../src/search/query-plan';
import { parseQuery } from '../src/search/query-syntax';
import { EngineResult, SearchFilterValues } from '../src/search/search-engine';
import { SearchFacets } from '../src/search/search-facets';
import { loadSearchGlossary } from '../src/search/search-glossary';
import { buildSearchDocuments, SearchDocumentInput, syncSearchIndex } from '../src/search/search-indexer';
import { MATCH_COLUMNS, MatchRow } from '../src/search/search-strategy';
import { MatchField, MatchForm, SearchKind } from '../src/search/search.enums';
import { tsqueryOf } from '../src/search/tsvector';
import { onPostgres } from './support/database';
import { copySeed } from './support/seed-fixture';
import { dataOf, startTestServer, TestServer } from './support/server';
import { markedTexts, plainSnippet } from './support/snippets';

/**
 * The embedded engine's facet columns held in memory (src/search/search-facets.ts), its term statistics
 * kept per data version, a one-unit query that is its own probe, and the explanations' exactRanges
 * (src/search/explain.ts): every shortcut must answer exactly as the long way does. Real databases and
 * a real server; the engine read with the matches (`facetsInMemory: false`) is the reference.
 */

const { ANNOUNCEMENT, EVENT, MANAGER, PRODUCT } = SearchKind;

/** A search through an engine directly, as SearchService calls it (filter values already codes). */
function searchWith(engine: EmbeddedSearchEngine, query: string, filter: SearchFilterValues = {}, first = 100, offset = 0): Promise<EngineResult> {
  return engine.search({ query, parsed: parseQuery(query), filter, first, offset });
}

/** The statements `work` sends (Sql and TypeORM report every one to the DataSource's logger), and what it returns. */
async function statementsDuring<T>(ds: DataSource, work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const spy = jest.spyOn(ds.logger, 'logQuery');
  try {
    const result = await work();
    return { result, statements: spy.mock.calls.map(([sql]) => sql) };
  } finally {
    spy.mockRestore();
  }
}

/** Reads of matches joined to search_document for their facet columns (as opposed to ids, filled from memory). */
const joinReads = (statements: string[]) => statements.filter((s) => s.includes(MATCH_COLUMNS.facets)).length;

/** A probe of a unit's document count on its own (src/search/fts5-strategy.ts, postgres-strategy.ts): not part of a window read. */
const probes = (statements: string[]) => statements.filter((s) => (onPostgres ? /::tsquery LIMIT/.test(s) : s.includes('AS "oldest"'))).length;

/**
 * Waits until the data version this process follows is the database's: at once on SQLite, on PostgreSQL
 * when the load's notification has reached the LISTEN connection. Until then the engine keys what it
 * keeps (facets, term statistics, corpus) by the version before the load (src/database/data-version.ts).
 */
async function untilVersionFollowed(ds: DataSource): Promise<void> {
  const [{ version }] = await ds.query('SELECT "version" AS "version" FROM data_version WHERE "id" = 1');
  const read = dataVersionReader(ds);
  const deadline = Date.now() + 2 * DATA_VERSION_HEARTBEAT_MS;
  while (Number(await read()) !== Number(version)) {
    if (Date.now() > deadline) throw new Error(`the data version followed is still ${await read()}, the database's ${version}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How many documents match a query, counted by the index itself over every match: the ground truth for exact counts. */
async function countMatches(ds: DataSource, query: string): Promise<number> {
  const plan = planQuery(parseQuery(query), await loadSearchGlossary(sqlOf(ds)));
  const full = { plan, maxLevel: MatchLevel.GLOSSARY };
  const [row] = onPostgres
    ? await ds.query('SELECT COUNT(*) AS n FROM search_document WHERE tsv @@ $1::tsquery', [tsqueryOf(full)])
    : await ds.query('SELECT COUNT(*) AS n FROM search_fts WHERE search_fts MATCH ?', [ftsExpression(full)]);
  return Number(row.n);
}

/** Every search document's facet columns, by id, as the database holds them. */
async function facetRows(ds: DataSource): Promise<Map<number, Record<string, unknown>>> {
  const rows: Record<string, unknown>[] = await ds.query(
    'SELECT id AS "id", kind AS "kind", year AS "year", authorities AS "authorities", "nodeType" AS "nodeType", date AS "date", managers AS "managers" FROM search_document',
  );
  return new Map(rows.map(({ id, ...columns }) => [Number(id), columns]));
}

/** The facet counts of a result as { value: count }, for asserting specific values. */
const countsOf = (facets: { value: string; count: number }[]) => Object.fromEntries(facets.map((f) => [f.value, f.count]));

/** How many times `needle` occurs in `text` (not overlapping). */
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

/** Queries of every shape the engine plans: names, kinds of action, English (stems, glossary), pinyin, prefixes, operators. */
const SEED_QUERIES = [
  '灵均',
  '明汯',
  '幻方',
  '宁波灵均',
  '靈均',
  '公开谴责',
  '暂停交易',
  '交易',
  'suspended',
  'public reprimand',
  '"public reprimand"',
  'Shanghai Stock Exchange',
  'SSE',
  'rumour',
  'lingjun',
  'lingj',
  '灵均 OR 明汯',
  '公开谴责 -明汯',
  '"暂停交易" 灵均',
  '"中证 1000"',
];

/** Each filter the engine takes (authorities as the codes SearchService resolves names to), alone and combined. */
const SEED_FILTERS: SearchFilterValues[] = [
  {},
  { kinds: [EVENT] },
  { kinds: [ANNOUNCEMENT, MANAGER, PRODUCT] },
  { authorities: ['SSE'] },
  { authorities: ['SZSE', 'CSRC_SH'] },
  { managerSlugs: ['minghong'] },
  { managerSlugs: ['ningbo-lingjun', 'high-flyer'] },
  { from: '2024-01-01' },
  { to: '2023-12-31' },
  { from: '2023-01-01', to: '2023-12-31' },
  { kinds: [EVENT], authorities: ['SSE', 'SZSE'], from: '2024-02-01', to: '2024-02-29' },
];

describe('search facets in memory, over the curated seed', () => {
  let server: TestServer;
  let ds: DataSource;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    ds = server.dataSource;
  });
  afterAll(() => server.stop());

  it('answers every query and filter exactly as the engine that reads the facet columns with the matches, without reading them', async () => {
    const memory = new EmbeddedSearchEngine(ds);
    await memory.warm();
    const joined = new EmbeddedSearchEngine(ds, { facetsInMemory: false });
    let [fromMemory, withMatches, answered] = [0, 0, 0];
    for (const query of SEED_QUERIES) {
      for (const filter of SEED_FILTERS) {
        const a = await statementsDuring(ds, () => searchWith(memory, query, filter));
        const b = await statementsDuring(ds, () => searchWith(joined, query, filter));
        expect({ query, filter, result: a.result }).toEqual({ query, filter, result: b.result });
        if (Object.keys(filter).length === 0) expect({ query, found: a.result.hits.length > 0 }).toEqual({ query, found: true });
        if (a.result.totalCount > 0) answered += 1;
        fromMemory += joinReads(a.statements);
        withMatches += joinReads(b.statements);
      }
    }
    // Most of the 220 searches find something: the comparison is of real answers, not of empty ones.
    expect(answered).toBeGreaterThan(100);
    // The engine with its facets loaded never joins for them; the other does for every window.
    expect(fromMemory).toBe(0);
    expect(withMatches).toBeGreaterThan(answered);
  });

  it('pages the same way with the facets in memory: every page of a query equals the other engine’s', async () => {
    const memory = new EmbeddedSearchEngine(ds);
    await memory.warm();
    const joined = new EmbeddedSearchEngine(ds, { facetsInMemory: false });
    for (const query of ['灵均', '交易', 'SSE', '灵均 OR 明汯']) {
      const whole = await searchWith(memory, query, {}, 100);
      expect(whole.hits.length).toBeGreaterThan(6);
      for (const offset of [0, 3, 6]) {
        const [a, b] = [await searchWith(memory, query, {}, 3, offset), await searchWith(joined, query, {}, 3, offset)];
        expect(a).toEqual(b);
        expect(a.hits).toEqual(whole.hits.slice(offset, offset + 3));
      }
    }
  });

  it('serves over HTTP, warmed as the server starts, the answers of the engine that reads the facets with the matches', async () => {
    const joined = new EmbeddedSearchEngine(ds, { facetsInMemory: false });
    const SEARCH = `query($q: String!, $filter: SearchFilter) {
      search(query: $q, filter: $filter, first: 100) {
        totalCount countsAreExact readAs
        hits { kind title score snippet matchedTerms passageIndex matches { term matched form field } }
        facets { kinds { value count } authorities { value count } years { value count } }
      }
    }`;
    for (const query of SEED_QUERIES) {
      for (const filter of [{}, { kinds: [EVENT] }, { authorities: ['SSE'] }, { managerSlugs: ['minghong'] }, { from: '2024-01-01' }]) {
        const served = dataOf(await server.query(SEARCH, { q: query, filter })).search;
        const { engine: _engine, ...expected } = await searchWith(joined, query, filter);
        const hits = expected.hits.map(({ nodeType: _t, nodeKey: _k, ...hit }) => ({
          ...hit,
          matchedTerms: hit.matchedTerms.slice(0, 32),
          matches: hit.matches.slice(0, 32),
        }));
        expect({ query, filter, served }).toEqual({ query, filter, served: { ...expected, hits } });
      }
    }
  });

  it('holds one entry per search document, in a few bytes each, and fills every document with its own columns', async () => {
    const facets = await SearchFacets.load(sqlOf(ds));
    const rows = await facetRows(ds);
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM search_document');
    expect(rows.size).toBe(Number(n));
    expect(facets.size).toBe(Number(n));
    // 4 bytes of id and one byte for each of the six columns (the seed has fewer than 256 values of each):
    // the "about 12 bytes a document" of search-facets.ts, and far under 4 + 6 * 4 = 28 whatever the data.
    expect(facets.bytes).toBeLessThanOrEqual(12 * facets.size);
    expect(facets.bytes).toBeGreaterThanOrEqual(4 * facets.size);
    const matches = [...rows.keys()].map((id) => ({ id, rank: -id }) as MatchRow);
    expect(facets.fill(matches)).toBe(true);
    for (const m of matches) expect({ ...m }).toEqual({ id: m.id, rank: -m.id, ...rows.get(m.id) });
  });

  describe('the first search of a term, which is its own probe', () => {
    /** A term searched on a fresh engine, twice more, and on an engine that probed it through a query of two terms first. */
    async function fourWays(query: string, other: string) {
      const fresh = new EmbeddedSearchEngine(ds);
      await fresh.warm();
      const first = await statementsDuring(ds, () => searchWith(fresh, query));
      const [second, third] = [await searchWith(fresh, query), await searchWith(fresh, query)];
      const probed = new EmbeddedSearchEngine(ds);
      await probed.warm();
      const both = await statementsDuring(ds, () => searchWith(probed, `${query} ${other}`));
      const afterProbe = await statementsDuring(ds, () => searchWith(probed, query));
      // The paths differ: the fresh engine counted the term from its window, the other probed it (and not again).
      expect(probes(first.statements)).toBe(0);
      expect(probes(both.statements)).toBe(2);
      expect(probes(afterProbe.statements)).toBe(0);
      return { first: first.result, second, third, afterProbe: afterProbe.result, firstStatements: first.statements };
    }

    it.each([
      ['灵均', '公开谴责'],
      ['明汯', '交易'],
      ['宁波灵均', '暂停交易'],
      ['均', '明汯'],
      ['1000', '灵均'],
    ])('%s finds the same hits with the same scores the first time as every later time', async (query, other) => {
      const { first, second, third, afterProbe, firstStatements } = await fourWays(query, other);
      expect(first.hits.length).toBeGreaterThan(0);
      // Rare (the seed has under RANK_WINDOW documents of anything): re-read ranked by FTS5's bm25() on SQLite, as later searches are.
      if (!onPostgres) expect(firstStatements.some((s) => s.includes('bm25(search_fts'))).toBe(true);
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(afterProbe).toEqual(first);
      expect(first.totalCount).toBe(await countMatches(ds, query));
    });
  });

  describe('explanations of real filings', () => {
    const SEARCH = `query($q: String!) {
      search(query: $q, first: 100) { hits { kind title snippet matchedTerms matches { term matched form field } node { id } } }
    }`;
    type Hit = {
      kind: string;
      title: string;
      snippet: string;
      matchedTerms: string[];
      matches: { term: string; matched: string; form: string; field: string }[];
    };
    const hitsOf = async (q: string): Promise<Hit[]> => dataOf(await server.query(SEARCH, { q })).search.hits;

    it('marks every occurrence of a Chinese term that a snippet shows, however many times a field holds it', async () => {
      let several = 0;
      for (const term of ['灵均', '明汯', '公开谴责', '暂停交易', '宁波灵均', '交易']) {
        for (const hit of await hitsOf(term)) {
          const shown = plainSnippet(hit.snippet);
          // Marks are merged when they touch (基金基金): count the term inside the marked texts.
          const marked = markedTexts(hit.snippet).reduce((sum, text) => sum + occurrences(text, term), 0);
          expect({ term, title: hit.title, shown, marked }).toEqual({ term, title: hit.title, shown, marked: occurrences(shown, term) });
          if (marked >= 2) several += 1;
        }
      }
      expect(several).toBeGreaterThan(10);
    });

    it('lingj marks the whole word Lingjun in the manager’s text, as a prefix', async () => {
      const manager = (await hitsOf('lingj')).find((h) => h.kind === 'MANAGER' && h.title === '宁波灵均')!;
      expect(manager.snippet).toContain('Ningbo <mark>Lingjun</mark> Investment Management');
      expect(manager.matches).toContainEqual({ term: 'lingj', matched: 'Lingjun', form: 'PREFIX', field: 'BODY' });
    });

    it('"中证 1000" marks 中证 1000 and 中证1000 in the product and the article, across the space or without it', async () => {
      const hits = await hitsOf('"中证 1000"');
      const product = hits.find((h) => h.kind === 'PRODUCT')!;
      expect(markedTexts(product.snippet)).toEqual(['中证 1000', '中证1000']);
      expect(product.matches).toEqual(
        expect.arrayContaining([
          { term: '中证 1000', matched: '中证 1000', form: 'EXACT', field: 'BODY' },
          { term: '中证 1000', matched: '中证1000', form: 'EXACT', field: 'BODY' },
        ]),
      );
      const article = hits.find((h) => h.kind === 'ANNOUNCEMENT')!;
      expect(article.snippet).toContain('九坤日享<mark>中证 1000</mark> 指数增强 1 号');
    });

    it('公开谴责 is found at the very end of the AMAC event’s title', async () => {
      const event = (await hitsOf('公开谴责')).find((h) => h.title === '基金业协会对明汯投资公开谴责')!;
      expect(event.matches).toContainEqual({ term: '公开谴责', matched: '公开谴责', form: 'EXACT', field: 'TITLE' });
    });

    it('7.2 finds the three filings citing rule 7.2, and marks it where a space sets it apart (第 7.2 条)', async () => {
      const hits = await hitsOf('7.2');
      expect(hits).toHaveLength(3);
      expect(hits.some((h) => markedTexts(h.snippet).includes('7.2'))).toBe(true);
    });

    // A Latin word or number ends where the index ends it: at a Chinese character too (7.2 apart from 条),
    // so the explanation marks it, not the title as a name (ALIAS, NAMES) as it did when \p{L} bounded words.
    it('7.2 is marked in 第 7.2条第（六）项, which the index finds', async () => {
      const hits = await hitsOf('7.2');
      for (const hit of hits) {
        expect({ title: hit.title, marks: markedTexts(hit.snippet) }).toEqual({ title: hit.title, marks: expect.arrayContaining(['7.2']) });
        expect(hit.matches).not.toContainEqual(expect.objectContaining({ form: 'ALIAS', field: 'NAMES', matched: hit.title }));
      }
    });
  });
});

describe('search facets in memory, over 3,000 synthetic passages', () => {
  let server: TestServer;
  let ds: DataSource;
  beforeAll(async () => {
    server = await startTestServer();
    ds = server.dataSource;
    await ds.transaction(async (em) => {
      await syncSearchIndex(em, [...syntheticPassages(3000, 11)]);
      await bumpDataVersion(em);
    });
    await untilVersionFollowed(ds);
  });
  afterAll(() => server.stop());

  /** Terms rare (≤ RANK_WINDOW documents: FTS5 ranks), at RANK_WINDOW, common (BM25 here), near and past SEARCH_WINDOW (estimated). */
  const TERMS = { rare: '组合', atRankWindow: '抱团', common: '暂停交易', nearWindow: '交易所', windowed: '私募' };
  const REGIMES: [regime: string, term: string][] = [
    ['rare', TERMS.rare],
    ['at RANK_WINDOW', TERMS.atRankWindow],
    ['common', TERMS.common],
    ['just under SEARCH_WINDOW', TERMS.nearWindow],
    ['past SEARCH_WINDOW', TERMS.windowed],
  ];

  it('spans every regime of the engine: rare, at the ranking window, common, and past the search window', async () => {
    expect(await countMatches(ds, TERMS.rare)).toBeLessThan(RANK_WINDOW);
    expect(await countMatches(ds, TERMS.atRankWindow)).toBe(RANK_WINDOW);
    expect(await countMatches(ds, TERMS.common)).toBeGreaterThan(RANK_WINDOW);
    const near = await countMatches(ds, TERMS.nearWindow);
    expect([near > RANK_WINDOW, near <= SEARCH_WINDOW]).toEqual([true, true]);
    expect(await countMatches(ds, TERMS.windowed)).toBeGreaterThan(SEARCH_WINDOW);
  });

  it('answers common, windowed and rare queries, filtered or not, exactly as the engine that reads the facets with the matches', async () => {
    const memory = new EmbeddedSearchEngine(ds);
    await memory.warm();
    const joined = new EmbeddedSearchEngine(ds, { facetsInMemory: false });
    const queries = [
      ...Object.values(TERMS),
      '量化',
      '基金',
      '市场',
      '私募 基金',
      '"量化私募"',
      '量化 OR 灵均',
      '私募 -基金',
      '冰火两重天',
      'Lingjun',
      'DMA',
      '中证1000',
    ];
    const filters: SearchFilterValues[] = [
      {},
      { kinds: [ANNOUNCEMENT] },
      { kinds: [EVENT] },
      { authorities: ['SSE'] },
      { authorities: ['SZSE', 'AMAC'] },
      { from: '2023-01-01' },
      { from: '2020-01-01', to: '2021-12-31' },
    ];
    let [windowed, fromMemory] = [0, 0];
    for (const query of queries) {
      for (const filter of filters) {
        const a = await statementsDuring(ds, () => searchWith(memory, query, filter, 50));
        const b = await searchWith(joined, query, filter, 50);
        expect({ query, filter, result: a.result }).toEqual({ query, filter, result: b });
        if (!a.result.countsAreExact) windowed += 1;
        fromMemory += joinReads(a.statements);
      }
    }
    expect(windowed).toBeGreaterThan(10);
    expect(fromMemory).toBe(0);
    // The facets a windowed query is estimated over are the synthetic passages' own: all announcements, of 2019 to 2024.
    const common = await searchWith(memory, TERMS.windowed);
    expect(common.countsAreExact).toBe(false);
    expect(common.facets.kinds.map((f) => f.value)).toEqual([ANNOUNCEMENT]);
    expect(common.facets.years.map((f) => f.value).sort()).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
  });

  it.each(REGIMES)('%s, %s finds on its first search what later searches and an engine that probed it find', async (_regime, term) => {
    const fresh = new EmbeddedSearchEngine(ds);
    const first = await searchWith(fresh, term);
    const [second, third] = [await searchWith(fresh, term), await searchWith(fresh, term)];
    const probed = new EmbeddedSearchEngine(ds);
    await searchWith(probed, `${term} 公告`);
    const afterProbe = await searchWith(probed, term);
    const count = await countMatches(ds, term);
    expect(first.hits).toHaveLength(Math.min(100, count));
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(afterProbe).toEqual(first);
    if (count <= SEARCH_WINDOW) expect([first.totalCount, first.countsAreExact]).toEqual([count, true]);
    else expect(first.countsAreExact).toBe(false);
  });
});

describe('search facets in memory across a load of more synthetic passages', () => {
  let server: TestServer;
  let ds: DataSource;
  beforeAll(async () => {
    server = await startTestServer();
    ds = server.dataSource;
    await ds.transaction(async (em) => {
      await syncSearchIndex(em, [...syntheticPassages(3000, 11)]);
      await bumpDataVersion(em);
    });
    await untilVersionFollowed(ds);
  });
  afterAll(() => server.stop());

  it('counts and ranks each term over the new passages once the load moves the data version, as an engine that never saw the old data', async () => {
    const memory = new EmbeddedSearchEngine(ds);
    await memory.warm();
    const joined = new EmbeddedSearchEngine(ds, { facetsInMemory: false });
    const terms = ['组合', '抱团', '暂停交易', '交易所', '私募', '私募 基金', '量化 OR 灵均'];
    const before = new Map<string, EngineResult>();
    for (const term of terms) {
      const [a, b] = [await searchWith(memory, term), await searchWith(joined, term)];
      expect(a).toEqual(b);
      before.set(term, a);
    }
    const changes = await ds.transaction(async (em) => {
      const written = await syncSearchIndex(em, [...syntheticPassages(5300, 11)]);
      await bumpDataVersion(em);
      return written;
    });
    expect(changes).toEqual({ inserted: 2300, updated: 0, deleted: 0 });
    await untilVersionFollowed(ds);
    await memory.warm();
    const never = new EmbeddedSearchEngine(ds, { facetsInMemory: false });
    for (const term of terms) {
      const after = await statementsDuring(ds, () => searchWith(memory, term));
      expect(joinReads(after.statements)).toBe(0);
      expect({ term, after: after.result }).toEqual({ term, after: await searchWith(joined, term) });
      expect({ term, after: after.result }).toEqual({ term, after: await searchWith(never, term) });
      expect(after.result.totalCount).toBeGreaterThan(before.get(term)!.totalCount);
      const count = await countMatches(ds, term);
      if (count <= SEARCH_WINDOW) expect([term, after.result.totalCount]).toEqual([term, count]);
    }
    // Across RANK_WINDOW (FTS5 ranked, then BM25 here) and across SEARCH_WINDOW (exact, then estimated).
    expect(await countMatches(ds, '抱团')).toBeGreaterThan(RANK_WINDOW);
    expect([before.get('交易所')!.countsAreExact, (await searchWith(memory, '交易所')).countsAreExact]).toEqual([true, false]);
  });

  it('loads the 5,300 documents in chunks of 2,000 ids and holds each with its own columns, in at most 12 bytes', async () => {
    const facets = await SearchFacets.load(sqlOf(ds));
    const rows = await facetRows(ds);
    expect(rows.size).toBe(5300);
    expect(facets.size).toBe(5300);
    // 4 bytes of id, one byte each for five columns of under 256 values and two for the dates (2,000 or so):
    // 11 bytes; 12 is the bound search-facets.ts states.
    expect(facets.bytes).toBeLessThanOrEqual(12 * facets.size);
    // Every document, either side of each chunk boundary (the 2,000th and 2,001st ids, the 4,000th and 4,001st) included.
    const ids = [...rows.keys()].sort((a, b) => a - b);
    const matches = ids.map((id) => ({ id, rank: 0 }) as MatchRow);
    expect(facets.fill(matches)).toBe(true);
    for (const m of matches) expect({ ...m }).toEqual({ id: m.id, rank: 0, ...rows.get(m.id) });
  });
});

/** A filing of the Shenzhen exchange about Minghong, dated 2025, with a word (琥珀) that nothing else holds. */
const AMBER_DOCUMENT = `filing: announcement
id: szse-statement-minghong-amber-2025
kind: AUTHORITY_STATEMENT
title: 深交所关于明汯投资琥珀账户的表态
language: zh
publishedOn: 2025-03-03
authority: SZSE
manager: minghong
body: |
  2025 年 3 月 3 日，深交所称，明汯投资名下琥珀账户在开盘后集中大量卖出股票，深交所自 3 月 4 日起对其暂停交易三个交易日。

  深交所还称，明汯投资琥珀账户此前已多次被书面警示。
`;

const AMBER_EVENT = `filing: event
id: szse-trading-suspension-minghong-amber-2025-03-03
type: TRADING_SUSPENSION
date: 2025-03-03
title: 深交所暂停明汯投资琥珀账户交易
titleEn: SZSE suspends Minghong's amber account from trading
summary: 深交所对明汯投资名下琥珀账户暂停交易三个交易日。
authority: SZSE
managers: [minghong]
startDate: 2025-03-04
tradingDays: 3
sources:
  - document: szse-statement-minghong-amber-2025
    quote: 2025 年 3 月 3 日，深交所称，明汯投资名下琥珀账户在开盘后集中大量卖出股票，深交所自 3 月 4 日起对其暂停交易三个交易日。
`;

describe('search facets in memory across a load of new filings', () => {
  let server: TestServer;
  let ds: DataSource;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    ds = server.dataSource;
  });
  afterAll(() => server.stop());

  it('finds the new filings with their kind, year and authority, as the other engine and the server do', async () => {
    const memory = new EmbeddedSearchEngine(ds);
    await memory.warm();
    const joined = new EmbeddedSearchEngine(ds, { facetsInMemory: false });
    const terms = ['琥珀', '暂停交易', '明汯', '深交所', '明汯 暂停交易'];
    const before = new Map<string, EngineResult>();
    for (const term of terms) before.set(term, await searchWith(memory, term));
    expect(before.get('琥珀')!.totalCount).toBe(0);

    const dir = copySeed();
    fs.writeFileSync(path.join(dir, 'filings/documents/szse-statement-minghong-amber-2025.yaml'), AMBER_DOCUMENT);
    fs.writeFileSync(path.join(dir, 'filings/events/2025-03-03-szse-trading-suspension-minghong-amber.yaml'), AMBER_EVENT);
    const changes = (await loadSeed(ds, dir))!;
    expect(changes.searchDocuments).toEqual({ inserted: 3, updated: 0, deleted: 0 });
    await untilVersionFollowed(ds);

    // The first search after the load, its facets still loading (read with the matches), and the searches once they are.
    const loading = await statementsDuring(ds, () => searchWith(memory, '琥珀'));
    expect(joinReads(loading.statements)).toBeGreaterThan(0);
    await memory.warm();
    const amber = await statementsDuring(ds, () => searchWith(memory, '琥珀'));
    expect(joinReads(amber.statements)).toBe(0);
    expect(amber.result).toEqual(loading.result);
    expect(amber.result).toEqual(await searchWith(joined, '琥珀'));
    expect(amber.result.totalCount).toBe(3);
    expect(amber.result.hits.map((h) => [h.kind, h.nodeKey, h.passageIndex]).sort()).toEqual([
      [ANNOUNCEMENT, 'szse-statement-minghong-amber-2025', 0],
      [ANNOUNCEMENT, 'szse-statement-minghong-amber-2025', 1],
      [EVENT, 'szse-trading-suspension-minghong-amber-2025-03-03', null],
    ]);
    expect(amber.result.facets).toEqual({
      kinds: [
        { value: ANNOUNCEMENT, count: 2 },
        { value: EVENT, count: 1 },
      ],
      authorities: [{ value: 'SZSE', count: 3 }],
      years: [{ value: '2025', count: 3 }],
    });
    const inEvents2025 = await searchWith(memory, '琥珀', { kinds: [EVENT], from: '2025-01-01', authorities: ['SZSE'], managerSlugs: ['minghong'] });
    expect(inEvents2025.hits.map((h) => h.nodeKey)).toEqual(['szse-trading-suspension-minghong-amber-2025-03-03']);

    // Each term's count follows: the new filings hold 暂停交易 twice (the event, the first passage), 明汯 and 深交所 three times.
    const added: Record<string, number> = { 琥珀: 3, 暂停交易: 2, 明汯: 3, 深交所: 3, '明汯 暂停交易': 2 };
    for (const term of terms) {
      const after = await searchWith(memory, term);
      expect({ term, after }).toEqual({ term, after: await searchWith(joined, term) });
      expect({ term, added: after.totalCount - before.get(term)!.totalCount }).toEqual({ term, added: added[term] });
      expect(after.totalCount).toBe(await countMatches(ds, term));
      const years = countsOf(after.facets.years);
      expect({ term, y2025: years['2025'] }).toEqual({ term, y2025: added[term] });
    }

    // The server's own engine, warmed at its start for the data before the load, follows too.
    const served = dataOf(
      await server.query(
        '{ search(query: "琥珀", first: 10) { totalCount hits { kind node { __typename } } facets { years { value count } authorities { value count } } } }',
      ),
    ).search;
    expect(served.totalCount).toBe(3);
    expect(served.hits.map((h: { node: { __typename: string } }) => h.node.__typename).sort()).toEqual(['Announcement', 'Announcement', 'TradingSuspension']);
    expect(served.facets).toEqual({ years: [{ value: '2025', count: 3 }], authorities: [{ value: 'SZSE', count: 3 }] });
  });
});

describe('a match written after the facets were loaded', () => {
  let server: TestServer;
  let ds: DataSource;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    ds = server.dataSource;
  });
  afterAll(() => server.stop());

  /** A passage of a new announcement, written in the data version the facets were loaded for. */
  const LATE: SearchDocumentInput = {
    key: 'ANNOUNCEMENT:late-statement:0',
    kind: ANNOUNCEMENT,
    nodeType: 'Announcement',
    nodeKey: 'late-statement',
    passageIndex: 0,
    title: '迟到的表态',
    body: '深交所称，宁波灵均名下账户再次被书面警示。',
    date: '2025-06-30',
    year: 2025,
    authorities: ['SZSE'],
    managers: ['ningbo-lingjun'],
    aliases: [],
    titleExtra: '',
  };

  it('is not filled from the facets, which leave the matches as read, and the engine reads its columns with the matches instead', async () => {
    const facets = await SearchFacets.load(sqlOf(ds));
    const memory = new EmbeddedSearchEngine(ds);
    await memory.warm();
    const joined = new EmbeddedSearchEngine(ds, { facetsInMemory: false });
    await joined.warm();
    const reference = new EmbeddedSearchEngine(ds, { facetsInMemory: false });
    const earlier = await searchWith(reference, '灵均');
    const readVersion = async () => Number((await ds.query('SELECT "version" AS "version" FROM data_version WHERE "id" = 1'))[0].version);
    const version = await readVersion();

    // Written as a load writes it, without moving the data version: the engine keeps what it has for that version.
    const changes = await ds.transaction(async (em) => syncSearchIndex(em, [...(await buildSearchDocuments(em)), LATE]));
    expect(changes).toEqual({ inserted: 1, updated: 0, deleted: 0 });
    expect(await readVersion()).toBe(version);

    const [{ id: lateId }] = await sqlOf(ds).all<{ id: number }>('SELECT id AS "id" FROM search_document WHERE "key" = ?', [LATE.key]);
    const [{ id: heldId }] = await sqlOf(ds).all<{ id: number }>('SELECT MIN(id) AS "id" FROM search_document');
    const read = [
      { id: Number(heldId), rank: -2.5, kind: MANAGER, year: null, authorities: '  ' },
      { id: Number(lateId), rank: -1.5, kind: ANNOUNCEMENT, year: 2025, authorities: ' SZSE ' },
    ] as MatchRow[];
    const asRead = structuredClone(read);
    expect(facets.size).toBe(Number((await ds.query('SELECT COUNT(*) AS n FROM search_document'))[0].n) - 1);
    expect(facets.fill(read)).toBe(false);
    expect(read).toEqual(asRead);

    for (const [query, filter] of [
      ['灵均', {}],
      ['书面警示', {}],
      ['灵均', { authorities: ['SZSE'] }],
      ['灵均', { from: '2025-01-01' }],
      ['宁波灵均 深交所', {}],
    ] as [string, SearchFilterValues][]) {
      const a = await statementsDuring(ds, () => searchWith(memory, query, filter));
      expect(joinReads(a.statements)).toBeGreaterThan(0);
      expect({ query, filter, result: a.result }).toEqual({ query, filter, result: await searchWith(joined, query, filter) });
      const late = a.result.hits.find((h) => h.nodeKey === LATE.nodeKey);
      expect({ query, filter, late: late && [late.kind, late.passageIndex] }).toEqual({ query, filter, late: [ANNOUNCEMENT, 0] });
      expect(countsOf(a.result.facets.years)['2025']).toBe(1);
    }
    const now = await searchWith(memory, '灵均');
    expect(now.totalCount).toBe(earlier.totalCount + 1);
    expect(countsOf(now.facets.kinds)[ANNOUNCEMENT]).toBe(countsOf(earlier.facets.kinds)[ANNOUNCEMENT] + 1);
    expect(countsOf(now.facets.authorities).SZSE).toBe(countsOf(earlier.facets.authorities).SZSE + 1);
  });
});

describe('explanations of written documents', () => {
  let server: TestServer;
  let engine: EmbeddedSearchEngine;
  /** Documents whose texts put the terms where exactRanges must find them. */
  const DOCUMENTS: [key: string, title: string, body: string][] = [
    ['repeated', '重复', '明汯的产品、明汯的规模与明汯的业绩。'],
    ['adjacent', '相邻', '基金基金基金，母基金。'],
    ['prefix', 'Prefix', 'Ningbo Lingjun Investment; lingjuntouzi and Ailingjun, then Lingj.'],
    ['inside', 'Inside', 'MH and mh2 and OhMH and BSSE and SSE; last MH'],
    ['spacing', '间隔', '中证 1000 指数、中证·1000 与中证1000。Public reprimand, public-reprimand and publicreprimand.'],
    ['end-cjk', '结尾', '处罚对象为宁波灵均'],
    ['end-latin', 'End', 'Report by ＬＩＮＧＪＵＮ'],
    ['touching', '相接', '中证1000指数与DMA产品'],
    ['decimal', '小数', '9.30 开盘，9 点前'],
  ];
  beforeAll(async () => {
    server = await startTestServer();
    await server.dataSource.transaction(async (em) => {
      await syncSearchIndex(
        em,
        DOCUMENTS.map(([key, title, body]) => ({
          key: `ANNOUNCEMENT:${key}:0`,
          kind: ANNOUNCEMENT,
          nodeType: 'Announcement',
          nodeKey: key,
          passageIndex: 0,
          title,
          body,
          date: '2024-02-20',
          year: 2024,
          authorities: [],
          managers: [],
          aliases: [],
          titleExtra: '',
        })),
      );
      await bumpDataVersion(em);
    });
    await untilVersionFollowed(server.dataSource);
    engine = new EmbeddedSearchEngine(server.dataSource);
    await engine.warm();
  });
  afterAll(() => server.stop());

  /** The hit of one written document for a query (it must be found). */
  async function hitOf(query: string, key: string) {
    const hit = (await searchWith(engine, query)).hits.find((h) => h.nodeKey === key);
    if (!hit) throw new Error(`${query} does not find ${key}`);
    return hit;
  }
  const body = (term: string, matched: string, form: MatchForm = MatchForm.EXACT) => ({ term, matched, form, field: MatchField.BODY });

  it('marks each of several occurrences of a term in one field', async () => {
    const hit = await hitOf('明汯', 'repeated');
    expect(hit.snippet).toBe('<mark>明汯</mark>的产品、<mark>明汯</mark>的规模与<mark>明汯</mark>的业绩。');
    expect(hit.matches).toEqual([body('明汯', '明汯')]);
  });

  it('marks a term repeated back to back (基金基金基金) all along, and the next one apart', async () => {
    const hit = await hitOf('基金', 'adjacent');
    expect(hit.snippet).toBe('<mark>基金基金基金</mark>，母<mark>基金</mark>。');
  });

  it('lingj marks the whole of each word it begins, and not a word it is inside', async () => {
    const hit = await hitOf('lingj', 'prefix');
    expect(hit.snippet).toBe('Ningbo <mark>Lingjun</mark> Investment; <mark>lingjuntouzi</mark> and Ailingjun, then <mark>Lingj</mark>.');
    // Listed most exact first: the word that is the prefix itself, then the words it begins.
    expect(hit.matches.filter((m) => m.field === MatchField.BODY)).toEqual([
      body('lingj', 'Lingj'),
      body('lingj', 'Lingjun', MatchForm.PREFIX),
      body('lingj', 'lingjuntouzi', MatchForm.PREFIX),
    ]);
  });

  it('a Latin word matches whole words only: mh not in mh2 or OhMH, sse not in BSSE', async () => {
    expect((await hitOf('mh', 'inside')).snippet).toBe('<mark>MH</mark> and mh2 and OhMH and BSSE and SSE; last <mark>MH</mark>');
    expect((await hitOf('sse', 'inside')).snippet).toBe('MH and mh2 and OhMH and BSSE and <mark>SSE</mark>; last MH');
  });

  it('a phrase matches across a space, a middle dot or nothing between its segments, in Chinese and in English', async () => {
    const spaced = await hitOf('"中证 1000"', 'spacing');
    expect(markedTexts(spaced.snippet)).toEqual(['中证 1000', '中证·1000', '中证1000']);
    expect((await hitOf('"中证1000"', 'spacing')).snippet).toBe(spaced.snippet);
    const english = await hitOf('"public reprimand"', 'spacing');
    expect(markedTexts(english.snippet)).toEqual(expect.arrayContaining(['Public reprimand', 'public-reprimand']));
  });

  it('marks a term that ends its field, through the map back to the original text (full-width Latin included)', async () => {
    expect((await hitOf('灵均', 'end-cjk')).snippet).toBe('处罚对象为宁波<mark>灵均</mark>');
    const latin = await hitOf('lingjun', 'end-latin');
    expect(latin.snippet).toBe('Report by <mark>ＬＩＮＧＪＵＮ</mark>');
    expect(latin.matches).toContainEqual(body('lingjun', 'ＬＩＮＧＪＵＮ'));
  });

  it('finds the documents of the word-boundary cases below for each of their queries (so that those fail for their marks alone)', async () => {
    for (const [query, key] of [
      ['"中证 1000"', 'touching'],
      ['1000', 'touching'],
      ['dma', 'touching'],
      ['9', 'decimal'],
      ['"public reprimand"', 'spacing'],
    ]) {
      // Found (hitOf throws otherwise), its short body shown whole.
      expect(plainSnippet((await hitOf(query, key)).snippet)).toBe(DOCUMENTS.find(([k]) => k === key)![2]);
    }
  });

  // The word boundaries of a Latin term are the index's: a Chinese character ends a word (they were
  // \p{L}\p{N}, which hold Chinese characters, before this was fixed).
  it('"中证 1000" and 1000 are marked in 中证1000指数, which the index finds for both', async () => {
    expect(markedTexts((await hitOf('"中证 1000"', 'touching')).snippet)).toEqual(['中证1000']);
    expect(markedTexts((await hitOf('1000', 'touching')).snippet)).toEqual(['1000']);
  });

  it('dma marks DMA in DMA产品 as an exact match, not DMA产品 as a prefix', async () => {
    const hit = await hitOf('dma', 'touching');
    expect(hit.snippet).toBe('中证1000指数与<mark>DMA</mark>产品');
    expect(hit.matches).toEqual([body('dma', 'DMA')]);
  });

  // The index keeps 9.30 one word (segments() joins digits across a decimal point) and publicreprimand
  // one word: 9 matches the lone 9, "public reprimand" the two words, and nothing inside those words.
  it('9 is not marked inside 9.30, nor "public reprimand" inside publicreprimand', async () => {
    expect((await hitOf('9', 'decimal')).snippet).toBe('9.30 开盘，<mark>9</mark> 点前');
    expect(markedTexts((await hitOf('"public reprimand"', 'spacing')).snippet)).toEqual(['Public reprimand', 'public-reprimand']);
  });
});

describe('search facets of a column with more than 65,536 values', () => {
  let ds: DataSource;
  beforeAll(async () => {
    const { openDataSource } = await import('../src/database/open');
    const { databaseOptions, tempDatabase } = await import('./support/database');
    ds = await openDataSource(databaseOptions(await tempDatabase('facets-wide')));
  });
  afterAll(() => ds.destroy());

  it('holds 70,000 distinct managers, 300 distinct dates and 3 kinds, each document with its own, in codes as wide as each needs', async () => {
    // Rows of search_document alone (the facets read nothing else), written in one statement per 1,000.
    const rows = Array.from({ length: 70_000 }, (_, i) => [
      `k${i}`,
      ['EVENT', 'PASSAGE', 'MANAGER'][i % 3],
      `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 25) + 1).padStart(2, '0')}`,
      2020 + (i % 5),
      ` m${i} `,
    ]);
    await ds.transaction(async (em) => {
      for (let at = 0; at < rows.length; at += 1000) {
        const chunk = rows.slice(at, at + 1000);
        const values = chunk.map((_, j) => `($${j * 5 + 1}, $${j * 5 + 2}, 'x', 'x', 't', 'b', $${j * 5 + 3}, $${j * 5 + 4}, ' SSE ', $${j * 5 + 5}, 'h')`);
        const sql = `INSERT INTO search_document ("key", kind, "nodeType", "nodeKey", title, body, date, year, authorities, managers, hash) VALUES ${values.join(', ')}`;
        await em.query(onPostgres ? sql : sql.replace(/\$\d+/g, '?'), chunk.flat());
      }
      await em.query('DELETE FROM search_stats');
      await em.query('INSERT INTO search_stats ("documents", "tokens", "maxId") SELECT COUNT(*), 0, MAX(id) FROM search_document');
    });
    const facets = await SearchFacets.load(sqlOf(ds));
    expect(facets.size).toBe(70_000);
    // 4 bytes of id, 4 of managers (past 65,536 values), 2 of dates (300 values), 1 each for the rest.
    expect(facets.bytes).toBe(70_000 * (4 + 4 + 2 + 1 + 1 + 1 + 1));
    const stored: { id: number; key: string }[] = await ds.query('SELECT id, "key" FROM search_document ORDER BY id');
    const matches = stored.map((r) => ({ id: r.id, rank: 0 }) as MatchRow);
    expect(facets.fill(matches)).toBe(true);
    const held = matches.map((m) => [m.kind, m.date, m.year, m.managers, m.authorities].join('|'));
    expect(held).toEqual(stored.map((r) => [...rows[Number(r.key.slice(1))].slice(1), ' SSE '].join('|')));
  });
});
