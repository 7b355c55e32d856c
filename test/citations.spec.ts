import Ajv from 'ajv';
import { parse as parseRis } from 'astrocite-ris';
import { ConfigError, loadConfig } from '../src/config/config';
import { DEFAULT_LIMITS } from '../src/core/limits';
import { createLogger } from '../src/core/logger';
import { startServer } from '../src/http/server';
import { loadSeed } from '../seed/loader';
import { parseBibTeX } from './support/citation-parsers';
import { openTestDataSource, tempDatabase } from './support/database';
import { dataOf, SEED_DIR, startTestServer, TestServer } from './support/server';
import { CSL_DATA_SCHEMA } from './support/csl-data-schema';

const FORMATS = ['CSL_JSON', 'RIS', 'BIBTEX', 'BIBLATEX'] as const;
const validateCsl = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(CSL_DATA_SCHEMA);

/** CSL-JSON that the schema accepts, parsed. */
function cslOf(text: string): Record<string, any>[] {
  const items = JSON.parse(text);
  expect(validateCsl(items) ? [] : validateCsl.errors).toEqual([]);
  expect(text).not.toMatch(/\\u[0-9a-f]{4}/i);
  return items;
}

/** Every format of one record's citation, parsed back by real parsers. */
function parsedAll(citations: Record<(typeof FORMATS)[number], string>) {
  const bibtex = parseBibTeX(citations.BIBTEX);
  const biblatex = parseBibTeX(citations.BIBLATEX);
  expect(bibtex.errors).toEqual([]);
  expect(biblatex.errors).toEqual([]);
  return { csl: cslOf(citations.CSL_JSON), ris: parseRis(citations.RIS) as Record<string, any>[], bibtex: bibtex.entries, biblatex: biblatex.entries };
}

const CITE_ALL = FORMATS.map((f) => `${f}: citation(format: ${f})`).join(' ');

describe('citations', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  const eventCitations = async () =>
    dataOf(
      await server.query(
        `{ events(first: 100) { nodes { __typename id title sources { quote announcement { slug kind title } } ${CITE_ALL} ... on PerformanceDisclosure { figures { id sources { quote announcement { slug } } ${CITE_ALL} } } } } }`,
      ),
    ).events.nodes as any[];

  it('cites every event and figure in every format: one item per document it cites, each with its quotes, parsed back', async () => {
    const events = await eventCitations();
    const types = new Set(events.map((e) => e.__typename));
    expect(types).toEqual(new Set(['ExchangePenalty', 'TradingSuspension', 'LiquidationNotice', 'RegulatoryMeasure', 'PerformanceDisclosure', 'MarketRumor']));
    const records = [...events, ...events.flatMap((e) => e.figures ?? [])];
    expect(records.length).toBeGreaterThan(events.length);
    for (const record of records) {
      const documents = [...new Set(record.sources.map((s: any) => s.announcement.slug))];
      const { csl, ris, bibtex, biblatex } = parsedAll(record);
      for (const items of [csl, ris, bibtex, biblatex]) expect(items).toHaveLength(documents.length);
      const keys = csl.map((item) => item.id);
      expect(new Set(keys).size).toBe(keys.length);
      expect(bibtex.map((e) => e.key)).toEqual(keys);
      expect(keys.every((key) => /^[A-Za-z0-9_.:-]+$/.test(key))).toBe(true);
      for (const source of record.sources) {
        const at = documents.indexOf(source.announcement.slug);
        const quote = source.quote.replace(/\s+/g, ' ');
        expect(csl[at].note.replace(/\s+/g, ' ')).toContain(quote);
        expect(ris[at].note).toContain(quote);
        expect(bibtex[at].fields.note.replace(/\s+/g, ' ')).toContain(quote);
      }
      for (const item of csl) expect(item.note).toContain(`fundwatch record: ${server.url}/records/${record.id}`);
    }
  });

  it("maps a regulator's decision to a legal case with its authority; the article names no publisher, URL or date", async () => {
    const events = await eventCitations();
    const suspension = events.find(
      (e) => e.__typename === 'ExchangePenalty' && e.sources.some((s: any) => s.announcement.slug === 'sse-statement-lingjun-abnormal-trading'),
    );
    const { csl, ris, bibtex, biblatex } = parsedAll(suspension);
    const at = csl.findIndex((item) => item.title === '上交所关于宁波灵均异常交易的表态（据文章引述）');
    expect(csl[at]).toMatchObject({ type: 'legal_case', authority: '上海证券交易所', language: 'zh' });
    expect(csl[at].number).toBeUndefined();
    expect(ris[at]).toMatchObject({ type: 'legal_case', title: csl[at].title, publisher: '上海证券交易所', language: 'zh' });
    expect(bibtex[at]).toMatchObject({ type: 'misc', fields: { title: csl[at].title, organization: ['上海证券交易所'] } });
    expect(biblatex[at]).toMatchObject({ type: 'jurisdiction', fields: { title: csl[at].title, institution: ['上海证券交易所'], langid: 'chinese' } });
    const article = csl.findIndex((item) => item.type === 'article-newspaper');
    expect(csl[article].title).toBe('量化私募“至暗时刻”：微盘股崩塌后何以至此');
    for (const absent of ['publisher', 'URL', 'issued', 'author', 'container-title']) expect(csl[article][absent]).toBeUndefined();
    for (const absent of ['publisher', 'URL', 'issued', 'author']) expect(ris[article][absent]).toBeUndefined();
    expect(ris[article].type).toBe('article-newspaper');
    for (const absent of ['publisher', 'url', 'year', 'date', 'author', 'journal']) expect(bibtex[article].fields[absent]).toBeUndefined();
    expect(biblatex[article]).toMatchObject({ type: 'article', fields: { entrysubtype: 'newspaper' } });
  });

  it("gives a document's own citation: the disclosure's stated day and its manager as publisher, a curator's note a document", async () => {
    const data = dataOf(
      await server.query(
        `{ d: announcement(slug: "ningbo-mingling-dissolution-disclosure") { id documentNumber ${CITE_ALL} } n: announcement(slug: "curator-note-names") { id ${CITE_ALL} } }`,
      ),
    );
    const disclosure = parsedAll(data.d);
    expect(data.d.documentNumber).toBeNull();
    expect(disclosure.csl).toEqual([
      expect.objectContaining({
        type: 'report',
        publisher: '宁波明崚投资管理有限公司',
        issued: { 'date-parts': [[2024, 2, 8]] },
        archive_location: `${server.url}/records/${data.d.id}`,
      }),
    ]);
    expect(disclosure.ris[0]).toMatchObject({ type: 'report', publisher: '宁波明崚投资管理有限公司', issued: { 'date-parts': [['2024', '02', '08']] } });
    expect(disclosure.bibtex[0]).toMatchObject({ type: 'techreport', fields: { institution: ['宁波明崚投资管理有限公司'], year: '2024' } });
    expect(disclosure.biblatex[0]).toMatchObject({ type: 'report', fields: { date: '2024-02-08' } });
    const note = parsedAll(data.n);
    expect(note.csl[0]).toMatchObject({ type: 'document', language: 'en', title: "Curator's note: English names and codes" });
    expect(note.ris[0].type).toBe('article'); // RIS GEN, which astrocite reads as a generic article (Zotero: a journal article)
    expect(note.bibtex[0].type).toBe('misc');
  });

  it('charges a citation as the fetch it is, in the estimate and in the count of the answer', async () => {
    const cost = async (selection: string) => (await server.query(`{ events(first: 20) { totalCount nodes { title ${selection} } } }`)).body.extensions!.cost;
    const bare = await cost('');
    const cited = await cost('citation(format: RIS)');
    const twice = await cost('a: citation(format: RIS) b: citation(format: BIBTEX)');
    const events = (await server.query('{ events(first: 20) { nodes { id } } }')).body.data!.events.nodes.length;
    expect(cited.actual.cost - bare.actual.cost).toBe(events);
    expect(twice.actual.cost - bare.actual.cost).toBe(2 * events);
    // The estimate stays an upper bound of what the answer took.
    expect(cited.estimated.cost).toBeGreaterThanOrEqual(cited.actual.cost);
    expect(twice.estimated.cost).toBeGreaterThanOrEqual(twice.actual.cost);
  });

  it('refuses a bad format with the values it takes', async () => {
    const response = await server.query('{ events(first: 1) { nodes { citation(format: APA) } } }');
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].message).toMatch(/CitationFormat/);
  });
});

describe('citation exports and permalinks', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  const get = (pathAndQuery: string, headers: Record<string, string> = {}) => fetch(`${server.url}${pathAndQuery}`, { headers });

  it('downloads CSL-JSON, RIS, BibTeX and BibLaTeX over the events filters, as attachments with their media types', async () => {
    const cases = [
      ['/export/citations.json', 'application/vnd.citationstyles.csl+json; charset=utf-8'],
      ['/export/citations.ris', 'application/x-research-info-systems; charset=utf-8'],
      ['/export/citations.bib', 'application/x-bibtex; charset=utf-8'],
      ['/export/citations.bib?dialect=biblatex', 'application/x-bibtex; charset=utf-8'],
    ];
    const counts: number[] = [];
    for (const [address, type] of cases) {
      const response = await get(address);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="fundwatch-citations\.(json|ris|bib)"$/);
      expect(response.headers.get('x-ratelimit-remaining')).not.toBeNull();
      const text = await response.text();
      const items = address.includes('.json') ? cslOf(text) : address.includes('.ris') ? parseRis(text) : parseBibTeX(text).entries;
      counts.push(items.length);
      expect(text).toContain('量化私募“至暗时刻”：微盘股崩塌后何以至此');
      if (address.includes('.bib')) expect(new Set(items.map((e: any) => e.key)).size).toBe(items.length);
    }
    const events = dataOf(await server.query('{ events(first: 100) { nodes { sources { announcement { slug } } } } }')).events.nodes;
    const expected = events.reduce((sum: number, e: any) => sum + new Set(e.sources.map((s: any) => s.announcement.slug)).size, 0);
    expect(counts).toEqual([expected, expected, expected, expected]);
    const suspensions = cslOf(await (await get('/export/citations.json?types=EXCHANGE_PENALTY&authorities=SSE')).text());
    expect(suspensions.length).toBeGreaterThan(0);
    expect(suspensions.length).toBeLessThan(expected);
    expect(suspensions.some((item) => item.type === 'legal_case' && item.authority === '上海证券交易所')).toBe(true);
  });

  it('answers a bad filter or dialect with 400 naming the parameter, and serves on', async () => {
    for (const [address, named] of [
      ['/export/citations.json?types=NOPE', /"types"/],
      ['/export/citations.ris?colour=red', /"colour"/],
      ['/export/citations.bib?dialect=amsrefs', /"dialect"/],
      ['/export/citations.json?dialect=biblatex', /"dialect"/],
      ['/export/citations.bib?from=yesterday', /from/],
    ] as const) {
      const response = await get(address);
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors[0].message).toMatch(named);
    }
    expect((await get('/export/citations.ris')).status).toBe(200);
  });

  it('resolves every permalink an export gives; 404 for an id of nothing, 400 for a malformed one', async () => {
    const items = cslOf(await (await get('/export/citations.json')).text());
    const permalinks = [...new Set(items.map((item) => item.archive_location as string))];
    expect(permalinks.length).toBeGreaterThan(10);
    for (const permalink of permalinks) {
      expect(permalink.startsWith(`${server.url}/records/`)).toBe(true);
      const response = await fetch(permalink);
      expect(response.status).toBe(200);
      const { record } = (await response.json()) as any;
      expect(record.id).toBe(permalink.slice(`${server.url}/records/`.length));
      expect(record.sources.length).toBeGreaterThan(0);
    }
    const figure = dataOf(
      await server.query('{ events(first: 100, filter: { types: [PERFORMANCE_DISCLOSURE] }) { nodes { ... on PerformanceDisclosure { figures { id } } } } }'),
    ).events.nodes.flatMap((e: any) => e.figures)[0];
    const record = (await (await get(`/records/${figure.id}`)).json()) as any;
    expect(record.record).toMatchObject({ __typename: 'PerformanceFigure', id: figure.id });
    const missing = Buffer.from('ExchangePenalty:no-such-event').toString('base64url');
    expect((await get(`/records/${missing}`)).status).toBe(404);
    for (const bad of ['not%20an%20id', Buffer.from('Spaceship:x').toString('base64url'), '']) {
      const response = await get(`/records/${bad}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it("never takes a permalink's origin from the Host header: a cached answer is the same for every client", async () => {
    const query = '{ announcement(slug: "article-quant-funds-darkest-hour") { citation(format: CSL_JSON) } }';
    const ask = async (host: string) => {
      const response = await fetch(`${server.graphqlUrl}?query=${encodeURIComponent(query)}`, { headers: { host, 'apollo-require-preflight': 'true' } });
      return JSON.parse(((await response.json()) as any).data.announcement.citation)[0].archive_location as string;
    };
    const answers = [await ask('evil.example'), await ask('evil.example'), await ask('other.example'), await ask('other.example')];
    expect(new Set(answers)).toEqual(new Set([answers[0]]));
    expect(answers[0].startsWith(`${server.url}/records/`)).toBe(true);
  });
});

describe('PUBLIC_URL', () => {
  it('takes an http(s) origin and refuses anything else, naming the setting', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://fundwatch.example.org/' }).publicUrl).toBe('https://fundwatch.example.org');
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({}).publicUrl).toBeNull();
    for (const bad of [
      'fundwatch.example.org',
      'ftp://example.org',
      'https://example.org/kb',
      'https://example.org/?x=1',
      'https://example.org/#top',
      'https://user:pw@example.org',
      'https://example.org?',
    ]) {
      expect(() => loadConfig({ PUBLIC_URL: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ PUBLIC_URL: bad })).toThrow(/PUBLIC_URL/);
    }
  });

  it('gives permalinks at the configured origin', async () => {
    const database = await tempDatabase();
    const ds = await openTestDataSource(database);
    await loadSeed(ds, SEED_DIR);
    const running = await startServer(
      ds,
      { port: 0, host: '127.0.0.1', exposeStackTraces: false, publicUrl: 'https://fundwatch.example.org', limits: DEFAULT_LIMITS },
      null,
      createLogger('silent'),
    );
    try {
      const response = await fetch(`${running.url}/export/citations.ris?types=LIQUIDATION_NOTICE`);
      const records = parseRis(await response.text()) as any[];
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) expect(record.note).toMatch(/fundwatch record: https:\/\/fundwatch\.example\.org\/records\/[A-Za-z0-9_-]+$/);
    } finally {
      await running.stop();
      await ds.destroy();
    }
  });
});
