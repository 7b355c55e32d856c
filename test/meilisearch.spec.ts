import http from 'node:http';
import { AddressInfo } from 'node:net';
import { fromMeiliResponse, markHighlights, MEILI_SETTINGS, toMeiliDocument, toMeiliFilter } from '../src/search/meilisearch-engine';
import { SearchKind } from '../src/search/search.enums';
import { postQuery, startMain } from './support/main-process';
import { databaseEnv, tempDatabase } from './support/database';

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
        q: '灵均',
        filter: ['kind IN ["MANAGER"]', 'dateDay >= 19723'],
        facets: ['kind', 'authorities', 'year'],
        offset: 0,
        limit: 3,
        showRankingScore: true,
        locales: ['cmn', 'eng'],
      });
      expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ search: { engine: 'meilisearch', status: 'ok' } });
    } finally {
      await server.stop();
      await new Promise<void>((resolve) => standIn.close(() => resolve()));
    }
  });
});
