import { fromGlobalId } from '../src/core/global-id';
import { RELEVANCE_SET } from './search/relevance-set';
import { dataOf, startTestServer, TestServer } from './support/server';

const PREFIX: Record<string, string> = { MANAGER: 'M', PRODUCT: 'P', EVENT: 'E', ANNOUNCEMENT: 'A' };

/** Recall@3 and MRR of the embedded engine over the relevance set, through the GraphQL endpoint. */
describe('search relevance', () => {
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
      const data = dataOf(await server.query('query($q: String!) { search(query: $q, first: 10) { engine hits { kind passageIndex node { id } } } }', { q: c.query }));
      expect(data.search.engine).toBe('embedded');
      const ids = data.search.hits.map((h: any) => {
        const { key } = fromGlobalId(h.node.id);
        return `${PREFIX[h.kind]}:${key}${h.passageIndex === null ? '' : `#${h.passageIndex}`}`;
      });
      const rank = ids.findIndex((id: string) => c.expect.some((e) => id === e || (!e.includes('#') && id.startsWith(`${e}#`)))) + 1;
      if (rank > 0) reciprocal += 1 / rank;
      if (rank > 0 && rank <= 3) found += 1;
      else misses.push(`${c.query} (${c.why}): rank ${rank || '>10'}; top 3 were ${ids.slice(0, 3).join(', ')}`);
    }
    const recall = found / RELEVANCE_SET.length;
    const mrr = reciprocal / RELEVANCE_SET.length;
    process.stdout.write(`search relevance (embedded, ${RELEVANCE_SET.length} queries): recall@3 ${recall.toFixed(3)}, MRR ${mrr.toFixed(3)}\n${misses.map((m) => `  miss: ${m}`).join('\n')}\n`);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
