import { loadSeed } from '../seed/loader';
import { dataOf, SEED_DIR, startTestServer, TestServer } from './support/server';
import { openTestDataSource, tempDatabase } from './support/database';

/** Global ids: every object can be fetched back by id, and ids survive a re-seed into a new database. */
describe('node ids', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  const ID_QUERY = `{
    managers(first: 100) { nodes { id slug products { id } people { id } tradingEpisodes { id marketWindows { id } } } }
    events(first: 100) { nodes { id __typename } }
    announcements(first: 100) { nodes { id slug } }
    authorities { id code }
    concepts { id slug }
  }`;

  function collectIds(data: any): string[] {
    const ids: string[] = [];
    JSON.stringify(data, (key, value) => {
      if (key === 'id') ids.push(value);
      return value;
    });
    return ids;
  }

  it('fetches every object back through node(id:) as its own type', async () => {
    const data = dataOf(await server.query(ID_QUERY));
    const ids = [...new Set(collectIds(data))];
    expect(ids.length).toBeGreaterThan(40);
    const result = dataOf(await server.query('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: ids.slice(0, 100) }));
    expect(result.nodes.map((n: any) => n?.id)).toEqual(ids.slice(0, 100));
    const suspension = data.events.nodes.find((e: any) => e.__typename === 'TradingSuspension');
    const one = dataOf(await server.query(`{ node(id: "${suspension.id}") { __typename ... on TradingSuspension { endDate } } }`));
    expect(one.node).toEqual({ __typename: 'TradingSuspension', endDate: '2024-02-22' });
  });

  it('gives the same ids after the curated data is loaded into a new database', async () => {
    const before = collectIds(dataOf(await server.query(ID_QUERY)));
    const other = await startTestServer({ seed: true });
    try {
      expect(collectIds(dataOf(await other.query(ID_QUERY)))).toEqual(before);
    } finally {
      await other.stop();
    }
  });

  it('answers null for a well-formed id of nothing, and BAD_USER_INPUT for a malformed one', async () => {
    const missing = Buffer.from('Manager:no-such-manager').toString('base64url');
    const wrongType = Buffer.from('Spaceship:x').toString('base64url');
    expect(dataOf(await server.query(`{ node(id: "${missing}") { id } }`)).node).toBeNull();
    for (const id of ['not an id', wrongType]) {
      const response = await server.query(`{ node(id: "${id}") { id } }`);
      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(dataOf(await server.query('{ manager(slug: "nobody") { id } product(slug: "nothing") { id } }'))).toEqual({ manager: null, product: null });
  });

  it('keeps ids when the seed is re-run on the same database', async () => {
    const database = await tempDatabase();
    const ds = await openTestDataSource(database);
    await loadSeed(ds, SEED_DIR);
    await loadSeed(ds, SEED_DIR);
    await ds.destroy();
    const again = await startTestServer({ database });
    try {
      expect(collectIds(dataOf(await again.query(ID_QUERY)))).toEqual(collectIds(dataOf(await server.query(ID_QUERY))));
    } finally {
      await again.stop();
    }
  });
});
