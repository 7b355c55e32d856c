import { buildEvent, buildManager } from './support/factories';
import { dataOf, startTestServer, TestServer } from './support/server';

/** Relay pagination, on data each test builds itself. */
describe('pagination', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    for (let i = 0; i < 25; i += 1) await buildManager(server.dataSource, { key: `m-${String(i).padStart(2, '0')}` });
    const anchor = await buildManager(server.dataSource, { key: 'z-anchor' });
    for (let i = 0; i < 12; i += 1)
      await buildEvent(server.dataSource, {
        key: `e-${String(i).padStart(2, '0')}`,
        date: `2024-01-${String(10 + (i % 6)).padStart(2, '0')}`,
        managers: [anchor],
      });
  });
  afterAll(() => server.stop());

  const page = async (args: string) =>
    dataOf(
      await server.query(
        `{ managers${args ? `(${args})` : ''} { totalCount edges { cursor node { slug } } nodes { slug } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      ),
    ).managers;

  it('returns 20 items when neither first nor last is given, with totalCount of the whole list', async () => {
    const result = await page('');
    expect(result.totalCount).toBe(26);
    expect(result.nodes).toHaveLength(20);
    expect(result.edges.map((e: any) => e.node.slug)).toEqual(result.nodes.map((n: any) => n.slug));
    expect(result.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('walks forward with first/after and back with last/before, visiting every item once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await page(`first: 10${after ? `, after: "${after}"` : ''}`);
      seen.push(...result.nodes.map((n: any) => n.slug));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect(seen).toEqual([...seen].sort());
    const tail = await page('last: 5');
    expect(tail.nodes.map((n: any) => n.slug)).toEqual(seen.slice(21));
    expect(tail.pageInfo.hasPreviousPage).toBe(true);
    const before = await page(`last: 3, before: "${tail.pageInfo.startCursor}"`);
    expect(before.nodes.map((n: any) => n.slug)).toEqual(seen.slice(18, 21));
  });

  it("pages a nested connection (a manager's events, newest first) with the same cursors", async () => {
    const query = (args: string) =>
      server.query(`{ manager(slug: "z-anchor") { events(${args}) { totalCount nodes { date title } pageInfo { hasNextPage endCursor } } } }`);
    const first = dataOf(await query('first: 5')).manager.events;
    expect(first.totalCount).toBe(12);
    const rest = dataOf(await query(`first: 20, after: "${first.pageInfo.endCursor}"`)).manager.events;
    const all = [...first.nodes, ...rest.nodes];
    expect(all).toHaveLength(12);
    expect(all.map((e: any) => e.date)).toEqual([...all.map((e: any) => e.date)].sort().reverse());
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it.each([['first: 0'], ['first: -1'], ['first: 101'], ['last: 0'], ['first: 5, last: 5']])('rejects %s with BAD_USER_INPUT', async (args) => {
    const response = await server.query(`{ managers(${args}) { totalCount } }`);
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0].message).toMatch(/first|last/);
  });

  it('rejects 2^31, as a literal and as a variable, with BAD_USER_INPUT', async () => {
    const literal = await server.query('{ managers(first: 2147483648) { totalCount } }');
    expect([literal.status, literal.body.errors?.[0].extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
    const variable = await server.query('query($n: Int) { managers(first: $n) { totalCount } }', { n: 2 ** 31 });
    expect([variable.status, variable.body.errors?.[0].extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
  });

  it('rejects a cursor that is not from the list', async () => {
    const response = await server.query('{ managers(after: "bm90LWEtY3Vyc29y") { totalCount } }');
    expect(response.body.errors?.[0]).toMatchObject({ message: '"after" is not a cursor from this list', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
