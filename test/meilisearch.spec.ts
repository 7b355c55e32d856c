import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import {
  documentVocabulary,
  fromMeiliResponse,
  markHighlights,
  MAX_SYNONYMS_PER_KEY,
  MEILI_RANKING_RULES,
  MEILI_SETTINGS,
  meiliSettings,
  meiliSynonyms,
  toMeiliDocument,
  toMeiliFilter,
  toMeiliQuery,
} from '../src/search/meilisearch-engine';
import { spellingsOf } from '../src/search/english';
import { SearchKind } from '../src/search/search.enums';
import { parseQuery } from '../src/search/query-syntax';
import { GlossaryEntry, loadSearchGlossary, SearchGlossary } from '../src/search/search-glossary';
import { buildSearchDocuments } from '../src/search/search-indexer';
import { sqlOf } from '../src/core/sql';
import { postQuery, startMain } from './support/main-process';
import { databaseEnv, tempDatabase } from './support/database';
import { startTestServer, TestServer } from './support/server';

/** The compiled seed CLI (dist/, built by `npm test`), run without blocking, so that a stand-in server in this process can answer it. */
function runSeedCliAsync(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = path.join(__dirname, '..', 'dist', 'src', 'cli', 'seed.js');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run the tests with npm test, which builds first`);
  const child = spawn(process.execPath, [file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const SEARCH = `query($q: String!, $filter: SearchFilter) { search(query: $q, filter: $filter, first: 3) {
  engine fallbackReason totalCount hits { kind title snippet score matchedTerms node { __typename ... on Manager { slug } } }
  facets { kinds { value count } authorities { value count } years { value count } } } }`;

/** The Meilisearch engine without a Meilisearch server: mapping, settings, filters, and the fallback. */
describe('the Meilisearch engine', () => {
  it('maps a search document to a Meilisearch document with a valid id and filterable fields', () => {
    const doc = toMeiliDocument({
      key: 'ANNOUNCEMENT:article-quant-funds-darkest-hour:4',
      kind: SearchKind.ANNOUNCEMENT,
      nodeType: 'Announcement',
      nodeKey: 'article-quant-funds-darkest-hour',
      passageIndex: 4,
      title: '量化私募“至暗时刻”',
      body: '上交所称……',
      date: '2024-02-20',
      year: 2024,
      authorities: ['SSE'],
      managers: ['ningbo-lingjun'],
      aliases: [],
      titleExtra: 'Lingjun lingjun',
    });
    expect(doc.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(doc.id, 'base64url').toString()).toBe('ANNOUNCEMENT:article-quant-funds-darkest-hour:4');
    expect(doc).toMatchObject({ dateDay: 19773, year: 2024, authorities: ['SSE'], managers: ['ningbo-lingjun'], aliases: ['Lingjun', 'lingjun'] });
  });

  it('declares searchable, filterable and sortable attributes, Chinese locales and typo tolerance', () => {
    expect(MEILI_SETTINGS.searchableAttributes).toEqual(['title', 'aliases', 'body']);
    expect(MEILI_SETTINGS.filterableAttributes).toEqual(expect.arrayContaining(['kind', 'authorities', 'managers', 'year', 'dateDay']));
    expect(MEILI_SETTINGS.sortableAttributes).toEqual(['dateDay']);
    expect(MEILI_SETTINGS.localizedAttributes).toEqual([{ attributePatterns: ['title', 'aliases', 'body'], locales: ['cmn', 'eng'] }]);
    expect(MEILI_SETTINGS.typoTolerance).toMatchObject({ enabled: true });
  });

  it('ranks exact before derived (exactness right after words), newest last, and drops no stop words', () => {
    expect(MEILI_SETTINGS.rankingRules).toEqual(['words', 'exactness', 'typo', 'proximity', 'attribute', 'sort', 'dateDay:desc']);
    expect(MEILI_RANKING_RULES).toBe(MEILI_SETTINGS.rankingRules);
    // A custom rule sorts on a sortable attribute.
    expect(MEILI_SETTINGS.sortableAttributes).toContain('dateDay');
    expect(MEILI_SETTINGS.stopWords).toEqual([]);
  });

  describe('settings built from the knowledge base', () => {
    const entries: GlossaryEntry[] = [
      { key: 'public-reprimand', english: ['public reprimand'], chinese: ['公开谴责'], eventTypes: ['EXCHANGE_PENALTY'], authority: null },
      {
        key: 'trading-suspension',
        english: ['trading suspension', 'suspension'],
        chinese: ['暂停交易', '限制交易'],
        eventTypes: ['TRADING_SUSPENSION'],
        authority: null,
      },
      {
        key: 'authority:SSE',
        english: ['Shanghai Stock Exchange', 'SSE'],
        chinese: ['上海证券交易所', '上交所'],
        eventTypes: [],
        authority: 'SSE',
      },
      {
        key: 'authority:CSRC',
        english: ['China Securities Regulatory Commission', 'CSRC'],
        chinese: ['中國證監會'],
        eventTypes: [],
        authority: 'CSRC',
      },
    ];
    const glossary = new SearchGlossary(entries);

    it('maps each English term of the glossary to its Chinese terms, one way', () => {
      const settings = meiliSettings(glossary);
      expect(settings).toMatchObject(MEILI_SETTINGS);
      const synonyms = settings.synonyms!;
      expect(synonyms['public reprimand']).toEqual(['公开谴责']);
      expect(synonyms['shanghai stock exchange']).toEqual(expect.arrayContaining(['上海证券交易所', '上交所']));
      expect(synonyms['sse']).toEqual(['上海证券交易所', '上交所']);
      expect(synonyms['trading suspension']).toEqual(['暂停交易', '限制交易']);
      expect(synonyms['suspension']).toEqual(['暂停交易', '限制交易']);
      // Chinese is normalised as the analyser does (traditional folded to simplified), keys are lower case.
      expect(synonyms['csrc']).toEqual(['中国证监会']);
      // The embedded engine expands English to Chinese only: no Chinese key, no English among the values.
      expect(Object.keys(synonyms).filter((k) => /[\u4e00-\u9fff]/u.test(k))).toEqual([]);
      expect(
        Object.values(synonyms)
          .flat()
          .filter((v) => /[a-z]/.test(v)),
      ).toEqual([]);
      // Meilisearch looks synonyms up for up to three consecutive words: a longer term is not sent.
      expect(synonyms['china securities regulatory commission']).toBeUndefined();
      // A glossary given as its entries is the same.
      expect(meiliSettings(entries)).toEqual(settings);
    });

    it('folds British and American spellings both ways, and joins the forms of a stem, over the words of the documents', () => {
      const synonyms = meiliSynonyms(glossary, ['rumour', 'rumours', 'centers', 'penalized', 'suspended', 'suspensions', 'canceled', 'liquidation']);
      expect(synonyms['rumour']).toContain('rumor');
      expect(synonyms['rumor']).toContain('rumour');
      expect(synonyms['rumours']).toEqual(expect.arrayContaining(['rumors', 'rumour', 'rumor']));
      // American words in the documents get their British keys: what a British query types.
      expect(synonyms['centres']).toContain('centers');
      expect(synonyms['penalised']).toContain('penalized');
      expect(synonyms['cancelled']).toContain('canceled');
      // The stem match of the embedded engine (englishKey): suspended, suspensions and suspension are one.
      expect(synonyms['suspended']).toEqual(expect.arrayContaining(['suspensions', 'suspension']));
      // A glossary term is met in every spelling of the documents with the same English keys, as the embedded engine meets it.
      expect(synonyms['trading suspensions']).toEqual(['暂停交易', '限制交易']);
      expect(synonyms['suspended']).toEqual(expect.arrayContaining(['暂停交易', '限制交易']));
      // A word alone in its family has no synonyms.
      expect(synonyms['liquidation']).toBeUndefined();
      expect(Object.values(synonyms).every((v) => v.length > 0 && v.length <= MAX_SYNONYMS_PER_KEY)).toBe(true);
      expect(Object.entries(synonyms).every(([k, v]) => !v.includes(k))).toBe(true);
    });

    it("takes the variant table's word for what a spelling variant is", () => {
      expect(spellingsOf('rumor').sort()).toEqual(['rumor', 'rumour']);
      expect(spellingsOf('rumour').sort()).toEqual(['rumor', 'rumour']);
      expect(spellingsOf('licensed').sort()).toEqual(['licenced', 'licensed']);
      expect(spellingsOf('analyzed').sort()).toEqual(['analysed', 'analyzed']);
      // Proposals the table does not fold back are not variants: order is not ourder, error not erroor.
      expect(spellingsOf('order')).toEqual(['order']);
      expect(spellingsOf('error')).toEqual(['error']);
    });

    describe('from the curated seed', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer({ seed: true });
      });
      afterAll(async () => {
        await server?.stop();
      });

      it("carries the real glossary's and authorities' synonyms and the variants of the documents' words", async () => {
        const real = await loadSearchGlossary(sqlOf(server.dataSource));
        const docs = await buildSearchDocuments(server.dataSource.manager);
        const synonyms = meiliSettings(real, documentVocabulary(docs)).synonyms!;
        expect(synonyms['public reprimand']).toEqual(['公开谴责']);
        expect(synonyms['written warning']).toEqual(['书面警示']);
        expect(synonyms['trading halt']).toEqual(['暂停交易', '限制交易']);
        expect(synonyms['shanghai stock exchange']).toEqual(expect.arrayContaining(['上海证券交易所', '上交所']));
        expect(synonyms['shenzhen stock exchange']).toEqual(expect.arrayContaining(['深圳证券交易所', '深交所']));
        expect(synonyms['sse']).toEqual(expect.arrayContaining(['上海证券交易所', '上交所']));
        expect(synonyms['knock in']).toEqual(expect.arrayContaining(['敲入']));
        // Every glossary and authority term Meilisearch can meet is a key.
        for (const entry of real.entries) {
          for (const term of entry.english) {
            const key = term
              .toLowerCase()
              .replace(/[^\p{L}\p{N}]+/gu, ' ')
              .trim();
            if (key.split(' ').length <= 3) expect([term, synonyms[key]]).toEqual([term, expect.arrayContaining(entry.chinese)]);
          }
        }
        // The seed writes rumour (the event titles) and rumor (its keys): both fold to each other.
        expect(synonyms['rumour']).toContain('rumor');
        expect(synonyms['rumor']).toContain('rumour');
      });

      it('sends those settings before the documents when the seed CLI syncs (a stand-in Meilisearch)', async () => {
        const requests: { method: string; url: string; body: any }[] = [];
        let tasks = 0;
        const standIn = http.createServer((req, res) => {
          let text = '';
          req.on('data', (c) => (text += c));
          req.on('end', () => {
            requests.push({ method: req.method!, url: req.url!.split('?')[0], body: /^[[{]/.test(text) ? JSON.parse(text) : text });
            res.setHeader('content-type', 'application/json');
            const task = /^\/tasks\/(\d+)$/.exec(req.url!);
            if (task) return res.end(JSON.stringify({ uid: Number(task[1]), status: 'succeeded', error: null }));
            if (req.method === 'GET') return res.end(JSON.stringify({ uid: 'fundwatch', primaryKey: 'id' }));
            res.statusCode = 202;
            res.end(JSON.stringify({ taskUid: (tasks += 1), status: 'enqueued', type: 'settingsUpdate', enqueuedAt: new Date().toISOString() }));
          });
        });
        await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
        try {
          const env = {
            ...databaseEnv(await tempDatabase()),
            MEILI_URL: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`,
            MEILI_INDEX: 'fundwatch',
          };
          const load = await runSeedCliAsync(env);
          expect([load.code, load.stderr]).toEqual([0, '']);
          expect(load.stdout).toMatch(/Meilisearch index "fundwatch" synced: \d+ documents/);
          const settings = requests.find((r) => r.method === 'PATCH' && r.url === '/indexes/fundwatch_staging/settings')!;
          expect(settings.body).toMatchObject({ rankingRules: MEILI_RANKING_RULES, stopWords: [], searchableAttributes: ['title', 'aliases', 'body'] });
          expect(settings.body.synonyms['public reprimand']).toEqual(['公开谴责']);
          expect(settings.body.synonyms['shanghai stock exchange']).toEqual(expect.arrayContaining(['上海证券交易所', '上交所']));
          expect(settings.body.synonyms['rumour']).toContain('rumor');
          const order = requests.map((r) => `${r.method} ${r.url}`).filter((r) => !r.startsWith('GET /tasks'));
          expect(order.indexOf('PATCH /indexes/fundwatch_staging/settings')).toBeLessThan(order.indexOf('POST /indexes/fundwatch_staging/documents'));
          expect(order.slice(-2)).toEqual(['POST /swap-indexes', 'DELETE /indexes/fundwatch_staging']);
        } finally {
          await new Promise<void>((resolve) => standIn.close(() => resolve()));
        }
      });
    });
  });

  describe('the query in Meilisearch syntax', () => {
    const meili = (query: string) => toMeiliQuery(parseQuery(query));

    it('requires every word, folds characters, and leaves a last word being typed a prefix', () => {
      expect(meili('靈均 暂停交易')).toEqual({ q: '灵均 暂停交易 ', matchingStrategy: 'all' });
      // Ends in a letter: the parser reads lingj as a prefix, and so does Meilisearch (nothing follows it).
      expect(meili('Lingj')).toEqual({ q: 'lingj', matchingStrategy: 'all' });
      // Ends in a digit or a quote: no prefix, so a space follows the last word.
      expect(meili('halt 2024')).toEqual({ q: 'halt 2024 ', matchingStrategy: 'all' });
      expect(meili('high-flyer')).toEqual({ q: 'high flyer', matchingStrategy: 'all' });
    });

    it('writes phrases in double quotes', () => {
      expect(meili('"trading suspension" 灵均')).toEqual({ q: '"trading suspension" 灵均 ', matchingStrategy: 'all' });
      expect(meili('"public reprimand')).toEqual({ q: '"public reprimand" ', matchingStrategy: 'all' });
      // A quoted CJK run is one run (the parser joins it): Meilisearch segments it itself.
      expect(meili('"公开 谴责"')).toEqual({ q: '公开谴责 ', matchingStrategy: 'all' });
    });

    it('writes exclusions first, a word as -word and anything else as -"…"', () => {
      expect(meili('灵均 -明汯')).toEqual({ q: '-"明汯" 灵均 ', matchingStrategy: 'all' });
      expect(meili('suspension -halt')).toEqual({ q: '-halt suspension ', matchingStrategy: 'all' });
      expect(meili('suspension -"trading halt" -high-flyer')).toEqual({ q: '-"trading halt" -"high flyer" suspension ', matchingStrategy: 'all' });
      // A minus before a digit is a sign, not an exclusion.
      expect(meili('跌幅 -28.82%').q).not.toMatch(/(^| )-/);
    });

    it('sends an OR query as one search with every alternative after the required words, matching from the first word (strategy last)', () => {
      expect(meili('灵均 OR 明汯')).toEqual({ q: '灵均 明汯 ', matchingStrategy: 'last' });
      expect(meili('灵均 OR 明汯 暂停交易 -雪球')).toEqual({ q: '-"雪球" 暂停交易 灵均 明汯 ', matchingStrategy: 'last' });
      expect(meili('"public reprimand" OR "written warning" sse')).toEqual({ q: 'sse "public reprimand" "written warning" ', matchingStrategy: 'last' });
    });
  });

  it('translates every filter into Meilisearch syntax, quoting values', () => {
    expect(
      toMeiliFilter({
        kinds: [SearchKind.EVENT, SearchKind.MANAGER],
        authorities: ['SSE'],
        managerSlugs: ['ningbo-lingjun', 'a"b'],
        from: '2024-02-19',
        to: '2024-02-20',
      }),
    ).toEqual(['kind IN ["EVENT", "MANAGER"]', 'authorities IN ["SSE"]', 'managers IN ["ningbo-lingjun", "a\\"b"]', 'dateDay >= 19772', 'dateDay <= 19773']);
    expect(toMeiliFilter({})).toEqual([]);
  });

  it('maps a response: escaped snippets with marks, scores, totals and facets', () => {
    expect(markHighlights('<b>\u0001灵均\u0002</b>')).toEqual({ snippet: '&lt;b&gt;<mark>灵均</mark>&lt;/b&gt;', matched: ['灵均'] });
    const result = fromMeiliResponse(
      {
        hits: [
          {
            id: 'x',
            key: 'MANAGER:ningbo-lingjun',
            kind: SearchKind.MANAGER,
            nodeType: 'Manager',
            nodeKey: 'ningbo-lingjun',
            passageIndex: null,
            title: '宁波灵均',
            aliases: [],
            body: '宁波灵均投资管理合伙企业',
            authorities: [],
            managers: ['ningbo-lingjun'],
            year: null,
            dateDay: null,
            _formatted: { title: '宁波\u0001灵均\u0002', body: '宁波\u0001灵均\u0002投资管理合伙企业' },
            _rankingScore: 0.97,
          },
        ],
        estimatedTotalHits: 24,
        facetDistribution: { kind: { EVENT: 10, MANAGER: 1 }, authorities: { SSE: 3 }, year: { '2024': 12 } },
      },
      '灵均',
    );
    expect(result).toEqual({
      engine: 'meilisearch',
      totalCount: 24,
      countsAreExact: false,
      readAs: '灵均',
      hits: [
        {
          kind: 'MANAGER',
          nodeType: 'Manager',
          nodeKey: 'ningbo-lingjun',
          passageIndex: null,
          title: '宁波灵均',
          score: 0.97,
          snippet: '宁波<mark>灵均</mark>投资管理合伙企业',
          matchedTerms: ['灵均'],
          matches: [{ term: '灵均', matched: '灵均', form: 'EXACT', field: 'BODY' }],
        },
      ],
      facets: {
        kinds: [
          { value: 'EVENT', count: 10 },
          { value: 'MANAGER', count: 1 },
        ],
        authorities: [{ value: 'SSE', count: 3 }],
        years: [{ value: '2024', count: 12 }],
      },
    });
  });

  it('falls back to the embedded engine when Meilisearch cannot be reached, says so, and reports degraded', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const server = await startMain({ ...databaseEnv(await tempDatabase()), MEILI_URL: `http://127.0.0.1:${port}` });
    try {
      const body = await postQuery(server.url, SEARCH, { q: '灵均' });
      expect(body.errors).toBeUndefined();
      expect(body.data.search.engine).toBe('embedded');
      expect(body.data.search.fallbackReason).toMatch(/^meilisearch did not answer/);
      expect(body.data.search.hits[0].node).toEqual({ __typename: 'Manager', slug: 'ningbo-lingjun' });
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'current', search: { engine: 'meilisearch', status: 'degraded' } });
      expect(server.output()).toMatch(/"level":40,.*"msg":"search fell back to the embedded engine"/);
    } finally {
      await server.stop();
    }
  });

  it.each([
    [
      'answering 500',
      (res: http.ServerResponse) => {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ message: 'internal', code: 'internal', type: 'internal', link: '' }));
      },
    ],
    [
      'too slow to answer',
      (res: http.ServerResponse) => {
        setTimeout(() => res.end('{}'), 4000).unref();
      },
    ],
  ])('falls back to the embedded engine when Meilisearch is %s, and /readyz says degraded', async (_label, answer) => {
    const standIn = http.createServer((req, res) => {
      req.resume();
      answer(res);
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    const server = await startMain({ ...databaseEnv(await tempDatabase()), MEILI_URL: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}` });
    try {
      const started = Date.now();
      const body = await postQuery(server.url, SEARCH, { q: '明汯' });
      expect(Date.now() - started).toBeLessThan(3500);
      expect(body.data.search).toMatchObject({ engine: 'embedded', hits: expect.arrayContaining([expect.objectContaining({ kind: 'MANAGER' })]) });
      expect(body.data.search.fallbackReason).toMatch(/^meilisearch did not answer/);
      const ready = (await (await fetch(`${server.url}/readyz`)).json()) as any;
      expect(ready).toMatchObject({ status: 'ready', search: { engine: 'meilisearch', status: 'degraded' } });
    } finally {
      await server.stop();
      standIn.closeAllConnections();
      await new Promise<void>((resolve) => standIn.close(() => resolve()));
    }
  });

  it('sends the query, filter, facets and page to Meilisearch and maps what it answers (a stand-in server)', async () => {
    const requests: { url: string; body: any }[] = [];
    const standIn = http.createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        requests.push({ url: req.url!, body: text ? JSON.parse(text) : null });
        res.setHeader('content-type', 'application/json');
        if (req.url === '/health') return res.end(JSON.stringify({ status: 'available' }));
        if (req.url === '/indexes/fundwatch/search') {
          return res.end(
            JSON.stringify({
              hits: [
                {
                  id: 'x',
                  key: 'MANAGER:ningbo-lingjun',
                  kind: 'MANAGER',
                  nodeType: 'Manager',
                  nodeKey: 'ningbo-lingjun',
                  passageIndex: null,
                  title: '宁波灵均',
                  aliases: [],
                  body: '宁波灵均',
                  authorities: [],
                  managers: ['ningbo-lingjun'],
                  year: null,
                  dateDay: null,
                  _formatted: { body: '宁波\u0001灵均\u0002' },
                  _rankingScore: 0.9,
                },
              ],
              estimatedTotalHits: 1,
              facetDistribution: { kind: { MANAGER: 1 } },
              offset: 0,
              limit: 3,
              processingTimeMs: 1,
              query: '灵均',
            }),
          );
        }
        // index management during the start-up sync: accept and report tasks as failed, which the server logs
        res.statusCode = 404;
        res.end(JSON.stringify({ message: 'not here', code: 'index_not_found', type: 'invalid_request', link: '' }));
      });
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    const server = await startMain({ ...databaseEnv(await tempDatabase()), MEILI_URL: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}` });
    try {
      const body = await postQuery(server.url, SEARCH, { q: '靈均', filter: { kinds: ['MANAGER'], from: '2024-01-01' } });
      expect(body.data.search).toMatchObject({
        engine: 'meilisearch',
        fallbackReason: null,
        totalCount: 1,
        hits: [{ kind: 'MANAGER', snippet: '宁波<mark>灵均</mark>', score: 0.9, matchedTerms: ['灵均'] }],
      });
      const search = requests.find((r) => r.url === '/indexes/fundwatch/search')!;
      expect(search.body).toMatchObject({
        q: '灵均 ',
        matchingStrategy: 'all',
        filter: ['kind IN ["MANAGER"]', 'dateDay >= 19723'],
        facets: ['kind', 'authorities', 'year'],
        offset: 0,
        limit: 3,
        showRankingScore: true,
        locales: ['cmn', 'eng'],
      });
      // The operators in Meilisearch's syntax; the query as read is the parser's, whatever Meilisearch answers.
      const operators = await postQuery(server.url, 'query($q: String!) { search(query: $q, first: 3) { engine readAs } }', { q: '靈均 OR 明汯 -"雪球 产品"' });
      expect(operators.data.search).toEqual({ engine: 'meilisearch', readAs: '靈均 OR 明汯 -"雪球 产品"' });
      expect(requests.filter((r) => r.url === '/indexes/fundwatch/search').at(-1)!.body).toMatchObject({
        q: '-"雪球产品" 灵均 明汯 ',
        matchingStrategy: 'last',
      });
      expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ search: { engine: 'meilisearch', status: 'ok' } });
    } finally {
      await server.stop();
      await new Promise<void>((resolve) => standIn.close(() => resolve()));
    }
  });
});
