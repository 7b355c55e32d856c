import { fromGlobalId } from '../src/core/global-id';
import { MEILI_RANKING_RULES } from '../src/search/meilisearch-engine';
import { postQuery, startMain } from './support/main-process';
import { runSeedCli } from './support/seed-fixture';
import { databaseEnv, tempDatabase } from './support/database';
import { RELEVANCE_SET } from './search/relevance-set';

const live = process.env.MEILI_URL ? describe : describe.skip;
if (!process.env.MEILI_URL) {
  process.stdout.write('Meilisearch live tests skipped: set MEILI_URL (and MEILI_MASTER_KEY) to run them against a Meilisearch server.\n');
}

/** Against a real Meilisearch server, when MEILI_URL is set. */
live('the Meilisearch engine against a live server', () => {
  const index = `fundwatch_test_${process.pid}`;
  const env = () => ({ ...databaseEnv(database), MEILI_URL: process.env.MEILI_URL!, MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY ?? '', MEILI_INDEX: index });
  let database: string;

  beforeAll(async () => {
    database = await tempDatabase();
    const load = runSeedCli([], env());
    expect([load.code, load.stderr]).toEqual([0, '']);
    expect(load.stdout).toMatch(/Meilisearch index "fundwatch_test_\d+" synced: \d+ documents/);
  });

  it('answers search from Meilisearch, with snippets, facets and nodes', async () => {
    const server = await startMain(env());
    try {
      const body = await postQuery(
        server.url,
        '{ search(query: "灵均", first: 5) { engine totalCount hits { kind snippet node { id } } facets { kinds { value count } } } }',
      );
      expect(body.data.search.engine).toBe('meilisearch');
      expect(body.data.search.totalCount).toBeGreaterThan(0);
      expect(body.data.search.hits.some((h: any) => h.snippet.includes('<mark>'))).toBe(true);
      let found = 0;
      for (const c of RELEVANCE_SET) {
        const result = await postQuery(server.url, 'query($q: String!) { search(query: $q, first: 3) { hits { kind passageIndex node { id } } } }', {
          q: c.query,
        });
        const ids = result.data.search.hits.map(
          (h: any) =>
            `${{ MANAGER: 'M', PRODUCT: 'P', EVENT: 'E', ANNOUNCEMENT: 'A' }[h.kind as string]}:${fromGlobalId(h.node.id).key}${h.passageIndex === null ? '' : `#${h.passageIndex}`}`,
        );
        if (ids.some((id: string) => c.must.some((e) => id === e || (!e.includes('#') && id.startsWith(`${e}#`))))) found += 1;
      }
      process.stdout.write(`search relevance (meilisearch): recall@3 ${(found / RELEVANCE_SET.length).toFixed(3)}\n`);
    } finally {
      await server.stop();
    }
  });

  it('holds the settings built from the knowledge base: the glossary and variant synonyms, the ranking rules, no stop words', async () => {
    const headers: Record<string, string> = process.env.MEILI_MASTER_KEY ? { authorization: `Bearer ${process.env.MEILI_MASTER_KEY}` } : {};
    const settings = (await (await fetch(`${process.env.MEILI_URL}/indexes/${index}/settings`, { headers })).json()) as {
      rankingRules: string[];
      stopWords: string[];
      synonyms: Record<string, string[]>;
    };
    expect(settings.rankingRules).toEqual(MEILI_RANKING_RULES);
    expect(settings.stopWords).toEqual([]);
    expect(settings.synonyms['public reprimand']).toEqual(['公开谴责']);
    expect(settings.synonyms['shanghai stock exchange']).toEqual(expect.arrayContaining(['上海证券交易所', '上交所']));
    expect(settings.synonyms['rumour']).toContain('rumor');
  });

  it('reads the query syntax and the synonyms: English finds Chinese, spellings fold, exclusions exclude', async () => {
    const server = await startMain(env());
    try {
      const search = async (q: string) => {
        const body = await postQuery(server.url, 'query($q: String!) { search(query: $q, first: 10) { engine totalCount readAs hits { snippet } } }', { q });
        expect([q, body.errors]).toEqual([q, undefined]);
        expect(body.data.search.engine).toBe('meilisearch');
        return body.data.search;
      };
      const reprimand = await search('public reprimand');
      expect(reprimand.hits.some((h: { snippet: string }) => h.snippet.includes('公开谴责'))).toBe(true);
      const [rumour, rumor] = [await search('rumour'), await search('rumor')];
      expect(rumour.totalCount).toBeGreaterThan(0);
      expect(rumour.totalCount).toBe(rumor.totalCount);
      const [lingjun, without] = [await search('灵均'), await search('灵均 -明汯')];
      expect(without.readAs).toBe('灵均 -明汯');
      expect(without.totalCount).toBeGreaterThan(0);
      expect(without.totalCount).toBeLessThan(lingjun.totalCount);
      expect((await search('"trading suspension"')).totalCount).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });
});
