import { performance } from 'node:perf_hooks';
import { fromGlobalId } from '../src/core/global-id';
import { dataOf, GraphQLResponse, startTestServer, TestServer } from './support/server';
import { markedTexts, plainSnippet } from './support/snippets';

/**
 * The search box as a hostile client, a careless user and a curious journalist meet it, through
 * GraphQL over HTTP against the seeded server: the web-style operators (src/search/query-syntax.ts),
 * a fuzzer of what people and scripts type, the English analysis (src/search/english.ts) and the
 * ranking of exact matches before stemmed ones, the explanation of every hit (src/search/explain.ts),
 * and the glossary reaching the authorities.
 */

const PREFIX: Record<string, string> = { MANAGER: 'M', PRODUCT: 'P', EVENT: 'E', ANNOUNCEMENT: 'A', CONCEPT: 'C' };

/** The text a hit's node holds, as the API serves it: what its search document's title and body are made of. */
const NODE_TEXT = `
  id
  __typename
  ... on Announcement { title body }
  ... on Event { title titleEn summary sources { quote } }
  ... on ExchangePenalty { reason ruleCited ruleText }
  ... on RegulatoryMeasure { reason }
  ... on TradingSuspension { reason scope }
  ... on MarketRumor { claim assessment denials { speaker statement } }
  ... on PerformanceDisclosure { dataVendor }
  ... on Manager { shortName legalName englishName aliases description }
  ... on Product { name aliases strategy }
  ... on Concept { term termEn aliases definition }
`;

const SEARCH = `query($q: String!, $first: Int) {
  search(query: $q, first: $first) {
    totalCount countsAreExact readAs
    hits { kind score title snippet matchedTerms passageIndex matches { term matched form field } node { id } }
  }
}`;

const SEARCH_WITH_TEXT = `query($q: String!, $first: Int) {
  search(query: $q, first: $first) {
    totalCount readAs
    hits { kind score title snippet matchedTerms passageIndex matches { term matched form field } node { ${NODE_TEXT} } }
  }
}`;

interface Match {
  term: string;
  matched: string;
  form: string;
  field: 'TITLE' | 'BODY' | 'NAMES';
}

interface Hit {
  kind: string;
  score: number;
  title: string;
  snippet: string;
  matchedTerms: string[];
  passageIndex: number | null;
  matches: Match[];
  node: Record<string, unknown> & { id: string };
}

interface Results {
  totalCount: number;
  countsAreExact: boolean;
  readAs: string;
  hits: Hit[];
}

/** A hit as "<kind>:<key>", the node's key decoded from its global id (as test/search-relevance.spec.ts does). */
const idOf = (hit: Hit) => `${PREFIX[hit.kind]}:${fromGlobalId(hit.node.id).key}`;

const SSE_SUSPENSION = 'E:sse-trading-suspension-lingjun-2024-02-20';
const SZSE_SUSPENSION = 'E:szse-trading-suspension-lingjun-2024-02-20';
const SSE_REPRIMAND = 'E:sse-public-reprimand-procedure-lingjun';
const LINGJUN = 'M:ningbo-lingjun';
const MINGHONG = 'M:minghong';

/** What is wrong with a snippet's HTML: a '<' that is not one of its marks, or marks that do not pair up. */
function snippetProblem(snippet: string): string | null {
  if (snippet.replace(/<\/?mark>/g, '').includes('<')) return `an unescaped '<' in ${JSON.stringify(snippet)}`;
  const tags = [...snippet.matchAll(/<(\/?)mark>/g)].map((m) => m[1]);
  if (tags.some((closing, i) => closing !== (i % 2 === 1 ? '/' : '')) || tags.length % 2 !== 0) return `unpaired marks in ${JSON.stringify(snippet)}`;
  return null;
}

/** Every string anywhere in a value, joined: the node's text as the API serves it. */
function textsOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textsOf).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(textsOf).join('\n');
  return '';
}

const squeeze = (text: string) => text.replace(/\s+/gu, '');

/** The exact-like forms (the plan's EXACT level: the same characters, a prefix, folded, pinyin, another name), then stems and variants, then the glossary. */
const LEVEL_OF_FORM: Record<string, number> = { EXACT: 0, PREFIX: 0, TRADITIONAL: 0, PINYIN: 0, ALIAS: 0, VARIANT: 1, STEM: 1, GLOSSARY: 2 };

/** A hit of a one-word query: the level of its best match. */
const levelOfHit = (hit: Hit) => Math.min(...hit.matches.map((m) => LEVEL_OF_FORM[m.form]));

/** The characters of a string that no text of the API may hold, as src/core/characters.ts refuses them: lone surrogates among them. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The refusals a search query may meet for what it is: empty, nothing to search for, too long, too many terms. */
const QUERY_REFUSALS = [
  /^The search query is empty$/,
  /^The search query has no letters, digits or Chinese characters to search for$/,
  /^The search query is longer than 200 characters$/,
  /^The search query has more than 16 terms$/,
  /^The argument "query" of search is \d+ characters long; at most 200 are taken$/,
];

describe('search syntax, English analysis and explanations, over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  const raw = (q: string, first = 100, document = SEARCH) => server.query(document, { q, first });
  const search = async (q: string, first = 100): Promise<Results> => dataOf(await raw(q, first)).search;
  const searchWithText = async (q: string, first = 30): Promise<Results> => dataOf(await raw(q, first, SEARCH_WITH_TEXT)).search;
  const ids = (results: Results) => results.hits.map(idOf);

  /** A refusal of the query itself: HTTP 400, BAD_USER_INPUT, naming the argument. */
  function expectQueryRefused(response: GraphQLResponse, message: RegExp) {
    expect(response.status).toBe(400);
    expect(response.body.data ?? null).toBeNull();
    const [error] = response.body.errors ?? [];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.argument).toBe('query');
    expect(error?.message).toMatch(message);
  }

  describe('operators', () => {
    it('OR takes either side: both managers among the hits, every hit of each side, and the union counted exactly', async () => {
      const [either, lingjun, minghong, both] = await Promise.all(['灵均 OR 明汯', '灵均', '明汯', '灵均 明汯'].map((q) => search(q)));
      expect(either.readAs).toBe('灵均 OR 明汯');
      expect(ids(either)).toEqual(expect.arrayContaining([LINGJUN, MINGHONG]));
      expect(either.totalCount).toBeGreaterThan(lingjun.totalCount);
      expect(either.totalCount).toBeGreaterThan(minghong.totalCount);
      for (const r of [either, lingjun, minghong, both]) expect(r.countsAreExact).toBe(true);
      // inclusion–exclusion: |A ∪ B| = |A| + |B| − |A ∩ B|
      expect(either.totalCount).toBe(lingjun.totalCount + minghong.totalCount - both.totalCount);
      const key = (h: Hit) => `${idOf(h)}#${h.passageIndex}`;
      expect(either.hits.map(key)).toEqual(expect.arrayContaining([...lingjun.hits, ...minghong.hits].map(key)));
      for (const hit of either.hits) expect(`${hit.title} ${plainSnippet(hit.snippet)}`).toMatch(/灵均|明汯/);
    });

    // OR only widens: whatever one side finds alone, through the glossary's Chinese too (SSE finds what
    // says 上交所, AMAC what says 基金业协会), the two sides joined find as well.
    it.each([
      ['AMAC', 'SSE'],
      ['SSE', '深交所'],
      ['knock-in', 'DMA'],
      ['"public reprimand"', '暂停交易'],
      ['灵均', '明汯'],
    ])('%s OR %s finds every hit of each side', async (a, b) => {
      const key = (h: Hit) => `${idOf(h)}#${h.passageIndex}`;
      const [either, left, right] = await Promise.all([search(`${a} OR ${b}`), search(a), search(b)]);
      expect(either.readAs).toBe(`${a} OR ${b}`);
      const found = new Set(either.hits.map(key));
      expect({ query: either.readAs, missing: [...left.hits, ...right.hits].map(key).filter((k) => !found.has(k)) }).toEqual({
        query: either.readAs,
        missing: [],
      });
      expect(either.totalCount).toBeGreaterThanOrEqual(Math.max(left.totalCount, right.totalCount));
    });

    it('-term excludes: 公开谴责 -明汯 has no hit that mentions 明汯, and exactly the hits of 公开谴责 that do not', async () => {
      const [without, all, withIt, phrase] = await Promise.all(['公开谴责 -明汯', '公开谴责', '公开谴责 明汯', '公开谴责 -"明汯"'].map((q) => search(q)));
      expect(without.readAs).toBe('公开谴责 -明汯');
      expect(without.hits.length).toBeGreaterThan(0);
      expect(without.totalCount).toBeLessThan(all.totalCount);
      expect(without.totalCount).toBe(all.totalCount - withIt.totalCount);
      for (const hit of without.hits) {
        expect(hit.title).not.toContain('明汯');
        expect(plainSnippet(hit.snippet)).not.toContain('明汯');
      }
      expect(ids(without)).toContain(SSE_REPRIMAND);
      expect(ids(without)).not.toContain('E:amac-public-reprimand-minghong-2023-09');
      expect(phrase.readAs).toBe('公开谴责 -"明汯"');
      expect(ids(phrase)).toEqual(ids(without));
    });

    // A journalist asking for the Ningbo managers other than Lingjun: the manager whose very name the
    // words spell (宁波 + 灵均 is 宁波灵均) is ranked first by the exact-name rule, which must not
    // bring back what the query excludes.
    it.each([
      ['宁波 -灵均', LINGJUN, '灵均'],
      ['ningbo -lingjun', LINGJUN, 'Lingjun'],
      ['明汯 -投资', MINGHONG, '投资'],
    ])('an exclusion holds for the entity the words name too: %s', async (q, excludedNode, excludedText) => {
      const result = await search(q);
      expect(result.hits.length).toBeGreaterThan(0);
      expect(ids(result)).not.toContain(excludedNode);
      for (const hit of result.hits) expect(`${hit.title} ${plainSnippet(hit.snippet)}`).not.toContain(excludedText);
    });

    it('quoted phrases work in straight, curly and corner quotes, and readAs writes them back', async () => {
      const english = await search('"public reprimand"');
      expect(english.readAs).toBe('"public reprimand"');
      expect(ids(english)).toEqual(expect.arrayContaining([SSE_REPRIMAND, 'E:amac-public-reprimand-minghong-2023-09']));
      const plain = await search('公开谴责');
      for (const q of ['“公开谴责”', '「公开谴责」', '"公开谴责"']) {
        const quoted = await search(q);
        expect([q, quoted.readAs]).toEqual([q, '"公开谴责"']);
        expect([q, ids(quoted)]).toEqual([q, ids(plain)]);
      }
    });

    it.each([
      ['灵均 OR 明汯 -雪球', '灵均 OR 明汯 -雪球'],
      ['OR 灵均', '灵均'],
      ['灵均 OR OR 明汯', '灵均 OR 明汯'],
      ['灵均 OR -明汯', '灵均 -明汯'],
      ['-灵均 -明汯', '灵均 明汯'],
      ['-28.82%', '-28.82%'],
      ['"unclosed', '"unclosed"'],
    ])('readAs says how %s was read', async (q, readAs) => {
      expect((await search(q)).readAs).toBe(readAs);
    });

    it('a query of exclusions alone searches for them: -灵均 finds what 灵均 finds', async () => {
      const [excluded, plain, spaced] = await Promise.all(['-灵均', '灵均', '- 灵均'].map((q) => search(q)));
      expect(excluded.readAs).toBe('灵均');
      expect(plain.hits.length).toBeGreaterThan(0);
      expect(excluded.totalCount).toBe(plain.totalCount);
      expect(ids(excluded)).toEqual(ids(plain));
      // a minus standing alone is no operator: the word after it is searched
      expect(ids(spaced)).toEqual(ids(plain));
    });

    it.each(['OR', 'OR OR', '灵均 OR', '"unclosed', '--x', '- 灵均', '灵均 -', '灵均"', '“灵均', '」灵均「', '-"灵均"', 'OR -灵均'])(
      'a malformed query is read, not refused: %s',
      async (q) => {
        const response = await raw(q);
        expect(response.body.errors).toBeUndefined();
        expect(response.status).toBe(200);
        const result = response.body.data!.search as Results;
        expect(typeof result.readAs).toBe('string');
        expect(result.totalCount).toBeGreaterThanOrEqual(0);
        for (const hit of result.hits) expect(hit.matchedTerms.length).toBeGreaterThan(0);
      },
    );

    // `""` and a lone `-` hold nothing to search for: they are refused as "!!! ---" is (the
    // syntax refuses no query for its form, only for having nothing in it).
    it.each(['!!! ---', '""', '-', '“”', '- - -', '«»'])(
      'a query with no letters, digits or Chinese characters is refused, naming the query: %s',
      async (q) => {
        expectQueryRefused(await raw(q), /^The search query has no letters, digits or Chinese characters to search for$/);
      },
    );

    it('holds a query to 200 characters and 16 terms, and says so', async () => {
      expect((await raw('灵'.repeat(200))).status).toBe(200);
      expectQueryRefused(await raw('灵'.repeat(201)), /201 characters long; at most 200/);
      const words = 'abcdefghijklmnopq'.split('');
      expect((await raw(words.slice(0, 16).join(' '))).status).toBe(200);
      expectQueryRefused(await raw(words.join(' ')), /^The search query has more than 16 terms$/);
      expectQueryRefused(await raw(`${words.slice(0, 8).join(' ')} OR ${words.slice(8).join(' -')}`), /more than 16 terms/);
    });

    it('counts the 200 characters as characters: emoji are one each', async () => {
      // 102 characters, 201 UTF-16 units (99 emoji of two each): within the limit the syntax counts in characters.
      const q = `灵均 ${'😀'.repeat(99)}`;
      expect([...q].length).toBeLessThanOrEqual(200);
      const response = await raw(q);
      expect(response.body.errors).toBeUndefined();
      expect(response.status).toBe(200);
    });

    it('reads a minus before a digit as a sign: -28.82% is the figure, not an exclusion', async () => {
      const [signed, unsigned] = await Promise.all([search('-28.82%'), search('28.82%')]);
      expect(signed.readAs).toBe('-28.82%');
      expect(signed.hits.length).toBeGreaterThan(0);
      expect(ids(signed)).toEqual(ids(unsigned));
      for (const hit of signed.hits) expect(hit.matches.map((m) => m.matched)).toContain('28.82');
      // as an exclusion alone it would have searched the same; beside another term it must still be a figure
      const beside = await search('-28.82% 量化');
      expect(beside.hits.length).toBeGreaterThan(0);
      for (const hit of beside.hits) expect(hit.matchedTerms).toContain('28.82');
    });
  });

  describe('a fuzzer of queries', () => {
    it('answers 300 generated queries with data or a refusal of the query, fast, and stays up', async () => {
      const queries = fuzzQueries(300, 0x5eed);
      const failures: string[] = [];
      const outcomes: Record<Outcome, number> = { data: 0, refused: 0, 'invalid character': 0, wrong: 0 };
      let slowest = 0;
      const started = performance.now();
      for (const q of queries) {
        const before = performance.now();
        let response: GraphQLResponse;
        try {
          response = await raw(q, 20);
        } catch (error) {
          failures.push(`${JSON.stringify(q)}: no answer (${(error as Error).message})`);
          continue;
        }
        const took = performance.now() - before;
        slowest = Math.max(slowest, took);
        if (took > 3000) failures.push(`${JSON.stringify(q)}: took ${Math.round(took)} ms`);
        const { outcome, problem } = fuzzOutcome(q, response);
        outcomes[outcome] += 1;
        if (problem) failures.push(`${JSON.stringify(q)}: ${problem}`);
      }
      expect(failures).toEqual([]);
      // the generator reaches every way of answering, mostly with hits or none
      expect(outcomes.data).toBeGreaterThan(queries.length / 2);
      expect(outcomes.refused).toBeGreaterThan(0);
      expect(outcomes['invalid character']).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(25_000);
      expect(slowest).toBeLessThan(3000);
      const after = await search('灵均');
      expect(ids(after)[0]).toBe(LINGJUN);
    }, 40_000);
  });

  describe('English analysis', () => {
    it.each(['suspended', 'suspends', 'suspension', 'Suspended', 'SUSPENSIONS'])('%s finds both trading suspensions', async (q) => {
      expect(ids(await search(q))).toEqual(expect.arrayContaining([SSE_SUSPENSION, SZSE_SUSPENSION]));
    });

    it('rumour and rumor (and their plurals) find the same events, through a VARIANT or a STEM', async () => {
      const [british, american, britishPlural, americanPlural] = await Promise.all(['rumour', 'rumor', 'rumours', 'rumors'].map((q) => search(q)));
      const events = (r: Results) =>
        r.hits
          .filter((h) => h.kind === 'EVENT')
          .map(idOf)
          .sort();
      expect(events(british).length).toBeGreaterThan(0);
      expect(events(american)).toEqual(events(british));
      expect(events(britishPlural)).toEqual(events(british));
      expect(events(americanPlural)).toEqual(events(british));
      expect(american.hits.flatMap((h) => h.matches.map((m) => m.form))).toContain('VARIANT');
    });

    it('reprimands finds the SSE reprimand procedure', async () => {
      const result = await search('reprimands');
      expect(ids(result)).toContain(SSE_REPRIMAND);
      const hit = result.hits.find((h) => idOf(h) === SSE_REPRIMAND)!;
      expect(hit.matches.map((m) => m.form)).toContain('STEM');
    });

    // The ranking (src/search/search.resolver.ts): tiers first (an entity named, events of a kind of action
    // named, the actions of a named manager or authority, their other events, the rest); within each,
    // exact matches before stemmed ones before glossary ones, then BM25. None of these queries names an
    // entity, so every hit that is not an event is in the last tier: there the levels must not go back.
    it.each(['suspends', 'suspension', 'suspended', 'reprimands', 'reprimand', 'rumours', 'rumour', 'rumors', 'orders'])(
      '%s: among hits of one tier, exact matches rank above stemmed ones, which rank above glossary ones',
      async (q) => {
        const result = await search(q);
        expect(result.hits.length).toBeGreaterThan(0);
        const levels = result.hits.filter((h) => h.kind !== 'EVENT').map(levelOfHit);
        expect(levels).toEqual([...levels].sort((a, b) => a - b));
      },
    );

    it('suspends: every hit exact for its term ranks above every stemmed-only hit, even one BM25 scores higher', async () => {
      // The two trading suspensions are tier 1 (the glossary's trading suspension is named) and exact
      // (their English titles say suspends); every other hit is of the last tier.
      const result = await search('suspends');
      const levels = result.hits.map(levelOfHit);
      expect(levels).toEqual([...levels].sort((a, b) => a - b));
      const exact = result.hits.filter((h) => levelOfHit(h) === 0);
      const stemmed = result.hits.filter((h) => levelOfHit(h) === 1);
      expect(exact.length).toBeGreaterThan(0);
      expect(stemmed.length).toBeGreaterThan(0);
      for (const hit of stemmed) expect(hit.matches.every((m) => ['STEM', 'VARIANT', 'GLOSSARY'].includes(m.form))).toBe(true);
      // the order is the level's, not BM25's: a stemmed-only hit scoring above an exact one still follows it
      const lowestExact = Math.min(...exact.map((h) => h.score));
      expect(stemmed.some((h) => h.score > lowestExact)).toBe(true);
    });
  });

  describe('explanations', () => {
    const QUERIES = [
      '灵均',
      '明汯',
      '靈均',
      '明汯投資',
      'lingjun',
      'Lingjun',
      'lingj',
      'minghong',
      'Ningbo Lingjun',
      '宁波灵均',
      '公开谴责',
      '暂停交易',
      'public reprimand',
      '"public reprimand"',
      'Shanghai Stock Exchange',
      'SSE',
      '上交所',
      '深交所',
      'Shenzhen Stock Exchange',
      'knock-in',
      '雪球',
      'DMA',
      'window guidance',
      '窗口指导',
      'suspended',
      'suspension',
      'trading suspension',
      '"trading suspension" Lingjun',
      'rumour',
      'rumor',
      'reprimands',
      '灵均 OR 明汯',
      '公开谴责 -明汯',
      '28.82%',
      '微盘股',
      'AMAC',
    ];

    it('explains every hit: terms and matches never empty, each matched text in the hit, glossary Chinese marked, snippets safe', async () => {
      const problems: string[] = [];
      let glossaryHits = 0;
      for (const q of QUERIES) {
        const result = await searchWithText(q);
        if (result.hits.length === 0) problems.push(`${q}: no hits`);
        for (const hit of result.hits) {
          const at = `${q} → ${idOf(hit)}${hit.passageIndex === null ? '' : `#${hit.passageIndex}`}`;
          problems.push(...explanationProblems(hit).map((p) => `${at}: ${p}`));
          if (hit.matches.some((m) => m.form === 'GLOSSARY' && m.field === 'BODY')) glossaryHits += 1;
        }
      }
      expect(problems).toEqual([]);
      expect(glossaryHits).toBeGreaterThan(10);
    });

    it('靈均 reports TRADITIONAL and marks 灵均', async () => {
      const result = await search('靈均');
      expect(result.hits.length).toBeGreaterThan(0);
      for (const hit of result.hits) {
        const textual = hit.matches.filter((m) => m.field !== 'NAMES');
        expect(textual.length).toBeGreaterThan(0);
        for (const m of textual) expect(m).toEqual({ term: '灵均', matched: '灵均', form: 'TRADITIONAL', field: m.field });
        expect(hit.matchedTerms).toContain('灵均');
      }
      expect(ids(result)[0]).toBe(LINGJUN);
    });

    it('lingjun reports PINYIN on the manager', async () => {
      const result = await search('lingjun');
      const manager = result.hits.find((h) => idOf(h) === LINGJUN);
      expect(manager).toBeDefined();
      expect(manager!.matches).toContainEqual(expect.objectContaining({ term: 'lingjun', form: 'PINYIN', field: 'NAMES' }));
      const product = result.hits.find((h) => h.kind === 'PRODUCT');
      expect(product?.matches.map((m) => m.form)).toContain('PINYIN');
    });

    it('public reprimand marks 公开谴责 in the snippet of a hit written only in Chinese', async () => {
      const result = await search('public reprimand');
      const hit = result.hits.find((h) => idOf(h) === SSE_REPRIMAND)!;
      expect(hit.matches).toContainEqual({ term: 'public reprimand', matched: '公开谴责', form: 'GLOSSARY', field: 'BODY' });
      expect(hit.snippet).toContain('<mark>公开谴责</mark>');
      expect(hit.matchedTerms).toContain('公开谴责');
    });
  });

  describe('the glossary reaching the authorities', () => {
    it.each(['Shanghai Stock Exchange', 'SSE', '上交所', 'shanghai stock exchange', '上海证券交易所'])(
      '%s has the SSE trading suspension and reprimand procedure in its top 5',
      async (q) => {
        const top = ids(await search(q, 5));
        expect([q, top]).toEqual([q, expect.arrayContaining([SSE_SUSPENSION, SSE_REPRIMAND])]);
      },
    );
  });
});

/** What is wrong with a hit's explanation (src/search/explain.ts), fetched with its node's text. */
function explanationProblems(hit: Hit): string[] {
  const problems: string[] = [];
  if (hit.matchedTerms.length === 0) problems.push('no matchedTerms');
  if (hit.matches.length === 0) problems.push('no matches');
  const snippetIssue = snippetProblem(hit.snippet);
  if (snippetIssue) problems.push(snippetIssue);
  const nodeText = squeeze(textsOf(hit.node));
  const shown = plainSnippet(hit.snippet);
  const marked = markedTexts(hit.snippet);
  for (const m of hit.matches) {
    if (m.matched === '') problems.push(`an empty matched text (${m.form} ${m.field})`);
    if (m.field === 'TITLE' && !hit.title.includes(m.matched))
      problems.push(`TITLE match ${JSON.stringify(m.matched)} is not in the title ${JSON.stringify(hit.title)}`);
    if (m.field === 'BODY' && !nodeText.includes(squeeze(m.matched)) && !squeeze(shown).includes(squeeze(m.matched)))
      problems.push(`BODY match ${JSON.stringify(m.matched)} (${m.form}) is in neither the node's text nor the snippet`);
    // The glossary's Chinese, where the snippet shows it, is marked: a journalist who typed English sees why.
    if (m.form === 'GLOSSARY' && m.field === 'BODY' && shown.includes(m.matched) && !marked.some((t) => t.includes(m.matched)))
      problems.push(`GLOSSARY match ${JSON.stringify(m.matched)} is shown unmarked in ${JSON.stringify(hit.snippet)}`);
  }
  const glossaryInBody = hit.matches.filter((m) => m.form === 'GLOSSARY' && m.field === 'BODY');
  if (glossaryInBody.length && !glossaryInBody.some((m) => marked.some((t) => t.includes(m.matched))))
    problems.push(`none of its GLOSSARY matches (${glossaryInBody.map((m) => m.matched).join(', ')}) is marked in ${JSON.stringify(hit.snippet)}`);
  for (const term of hit.matchedTerms)
    if (!hit.matches.some((m) => m.matched === term)) problems.push(`matchedTerms' ${JSON.stringify(term)} is no match's text`);
  return problems;
}

type Outcome = 'data' | 'refused' | 'invalid character' | 'wrong';

/** How a generated query was answered, and what is wrong with it: anything but data, or a refusal of the query for what it is. */
function fuzzOutcome(q: string, response: GraphQLResponse): { outcome: Outcome; problem: string | null } {
  const { status, body } = response;
  const error = body.errors?.[0];
  const wrong = (problem: string) => ({ outcome: 'wrong' as const, problem });
  if (!error) {
    if (status !== 200) return wrong(`HTTP ${status} without errors`);
    const result = body.data?.search as Results | undefined;
    if (!result || typeof result.readAs !== 'string') return wrong('no search results');
    for (const hit of result.hits) {
      if (hit.matchedTerms.length === 0 || hit.matches.length === 0) return wrong(`a hit without matchedTerms or matches: ${JSON.stringify(hit)}`);
      const snippetIssue = snippetProblem(hit.snippet);
      if (snippetIssue) return wrong(snippetIssue);
    }
    return { outcome: 'data', problem: null };
  }
  const code = error.extensions?.code;
  if (status !== 400) return wrong(`HTTP ${status} with ${code}: ${error.message}`);
  // Lone surrogates are not text: the request checks refuse them before GraphQL (src/core/characters.ts).
  if (code === 'INVALID_CHARACTER' && LONE_SURROGATE.test(q)) return { outcome: 'invalid character', problem: null };
  if (code === 'BAD_USER_INPUT' && QUERY_REFUSALS.some((r) => r.test(error.message))) return { outcome: 'refused', problem: null };
  return wrong(`refused with ${code}: ${error.message}`);
}

/** Mulberry32: a small seeded PRNG, so that a failing query is the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LATIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The pieces queries are drawn from, each class with its weight. */
const ALPHABET: [weight: number, pieces: string[]][] = [
  [6, ['"', '“', '”', '「', '」', '""', '“”']],
  [6, ['-', ' -', '--', '- ']],
  [5, ['OR', ' OR ', 'or', 'OR ']],
  [12, [' ', ' ', '  ', '\u3000', '\t', '\n']],
  [16, [...'灵均明汯公开谴责暂停交易', '靈', '宁波']],
  [14, [...LATIN, 'suspended', 'rumour', 'lingjun', 'public', 'reprimand', 'SSE', 'knock-in', 'NEAR', 'AND', 'NOT']],
  [8, [...'0123456789', '28.82%', '-28.82%', '.', '11.95', '-0', '.5']],
  [10, [..."!?*():^~\\/<>&',，。%_#@${}[]|+=;`", '&amp;', '<mark>', '</mark>', '<script>']],
  [4, ['😀', '🀄', '👨‍👩‍👧', '\u200d', '🇨🇳', '１', 'é', 'ǅ', 'ﬁ']],
  [1, ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d']],
];

/** `count` queries from ALPHABET: mostly short, some long enough to pass the 200-character limit. */
function fuzzQueries(count: number, seed: number): string[] {
  const random = prng(seed);
  const total = ALPHABET.reduce((sum, [w]) => sum + w, 0);
  const piece = () => {
    let pick = random() * total;
    for (const [weight, pieces] of ALPHABET) {
      if ((pick -= weight) < 0) return pieces[Math.floor(random() * pieces.length)];
    }
    return ' ';
  };
  const queries: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    const length = roll < 0.05 ? 80 + Math.floor(random() * 140) : 1 + Math.floor(random() * random() * 30);
    queries.push(Array.from({ length }, piece).join(''));
  }
  return queries;
}
