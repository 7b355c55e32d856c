import { fromGlobalId } from '../src/core/global-id';
import { startTestServer, TestServer } from './support/server';
import { writeFileSync } from 'node:fs';

const Q = `query($q: String!, $first: Int) { search(query: $q, first: $first) { totalCount readAs hits { kind score title snippet matchedTerms matches { term matched form field } node { id } } } }`;
const queries: string[] = JSON.parse(process.env.EXPLORE_QUERIES ?? '[]');
describe('explore', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ seed: true }); });
  afterAll(() => server.stop());
  it('runs', async () => {
    const out: any[] = [];
    for (const q of queries) {
      const r = await server.query(Q, { q, first: 100 });
      const s = r.body.data?.search;
      out.push({ q, status: r.status, errors: r.body.errors?.map((e) => [e.message, e.extensions?.code]), readAs: s?.readAs, total: s?.totalCount,
        hits: s?.hits.map((h: any) => ({ id: `${h.kind[0]}:${fromGlobalId(h.node.id).key}`, score: h.score, title: h.title, snippet: h.snippet, matches: h.matches.map((m: any) => `${m.term}|${m.matched}|${m.form}|${m.field}`).join('; ') })) });
    }
    writeFileSync('/tmp/explore/out.json', JSON.stringify(out, null, 1));
  }, 120000);
});
