import { fromGlobalId } from '../src/core/global-id';
import { RELEVANCE_SET } from './search/relevance-set';
import { databaseKind, itOnPostgres, tempDbPath } from './support/database';
import { dataOf, startTestServer, TestServer } from './support/server';

const PREFIX: Record<string, string> = { MANAGER: 'M', PRODUCT: 'P', EVENT: 'E', ANNOUNCEMENT: 'A' };
const SEARCH =
  'query($q: String!) { search(query: $q, first: 10) { engine totalCount countsAreExact hits { kind passageIndex score node { id } } facets { kinds { value count } authorities { value count } years { value count } } } }';

/** The top ten of a query as "<kind>:<key>[#passage]", and what else the answer says. */
async function answer(server: TestServer, query: string) {
  const { search } = dataOf(await server.query(SEARCH, { q: query }));
  const ids: string[] = search.hits.map((h: any) => `${PREFIX[h.kind]}:${fromGlobalId(h.node.id).key}${h.passageIndex === null ? '' : `#${h.passageIndex}`}`);
  return {
    engine: search.engine,
    ids,
    scores: search.hits.map((h: any) => h.score as number),
    totalCount: search.totalCount,
    countsAreExact: search.countsAreExact,
    facets: search.facets,
  };
}

/** Recall@3 and MRR of the embedded engine over the relevance set, through the GraphQL endpoint. */
describe(`search relevance (${databaseKind})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  it('finds the right answer in the top 3 for at least 95% of the relevance set', async () => {
    expect(RELEVANCE_SET.length).toBeGreaterThanOrEqual(40);
    let found = 0;
    let reciprocal = 0;
    const misses: string[] = [];
    for (const c of RELEVANCE_SET) {
      const { engine, ids } = await answer(server, c.query);
      expect(engine).toBe('embedded');
      const rank = ids.findIndex((id: string) => c.expect.some((e) => id === e || (!e.includes('#') && id.startsWith(`${e}#`)))) + 1;
      if (rank > 0) reciprocal += 1 / rank;
      if (rank > 0 && rank <= 3) found += 1;
      else misses.push(`${c.query} (${c.why}): rank ${rank || '>10'}; top 3 were ${ids.slice(0, 3).join(', ')}`);
    }
    const recall = found / RELEVANCE_SET.length;
    const mrr = reciprocal / RELEVANCE_SET.length;
    process.stdout.write(
      `search relevance (embedded on ${databaseKind}, ${RELEVANCE_SET.length} queries): recall@3 ${recall.toFixed(3)}, MRR ${mrr.toFixed(3)}\n${misses.map((m) => `  miss: ${m}`).join('\n')}\n`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  // PostgreSQL's tsvector index and the BM25 computed here against SQLite's FTS5 and its bm25(): the
  // same hits in the same order, the same counts and facets, scores equal to nine places.
  itOnPostgres('answers every query of the relevance set as the engine on SQLite does', async () => {
    const sqlite = await startTestServer({ seed: true, database: tempDbPath('relevance') });
    try {
      for (const c of RELEVANCE_SET) {
        const [onPostgres, onSqlite] = [await answer(server, c.query), await answer(sqlite, c.query)];
        expect([c.query, onPostgres.ids]).toEqual([c.query, onSqlite.ids]);
        expect(onPostgres.ids.length).toBeGreaterThan(0);
        onPostgres.scores.forEach((score: number, i: number) => expect(score).toBeCloseTo(onSqlite.scores[i], 9));
        expect({ ...onPostgres, scores: null }).toEqual({ ...onSqlite, scores: null });
      }
    } finally {
      await sqlite.stop();
    }
  });
});
