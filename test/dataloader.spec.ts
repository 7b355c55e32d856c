import { buildAnnouncement, buildCitation, buildEvent, buildManager, buildProduct } from './support/factories';
import { createContext } from '../src/api/context';
import { createServices } from '../src/api/services';
import { dataOf, startTestServer, TestServer } from './support/server';

/** Nested lists are batched: the number of SQL statements does not grow with the number of rows. */
describe('DataLoader batching', () => {
  let server: TestServer;

  async function buildManagers(count: number, prefix: string) {
    const ds = server.dataSource;
    const doc = await buildAnnouncement(ds);
    await ds.transaction(async () => {
      for (let i = 0; i < count; i += 1) {
        const manager = await buildManager(ds, { key: `${prefix}-${String(i).padStart(3, '0')}` });
        const products = [await buildProduct(ds, manager), await buildProduct(ds, manager)];
        for (let e = 0; e < 3; e += 1) {
          const event = await buildEvent(ds, {
            date: `2024-02-${String(10 + e).padStart(2, '0')}`,
            authorityCode: null,
            managers: [manager],
            products: e === 0 ? products : [],
          });
          await buildCitation(ds, 'Event', event.key, doc);
        }
        await buildCitation(ds, 'Manager', manager.key, doc);
      }
    });
  }

  const QUERY = `query($first: Int) {
    managers(first: $first) {
      totalCount
      nodes {
        slug
        sources { quote announcement { slug } }
        products { slug manager { slug } }
        events(first: 10) { totalCount nodes { title date manager { slug } managers { slug } products { slug } sources { quote } } }
      }
    }
  }`;

  async function statementsFor(first: number): Promise<{ statements: number; data: any }> {
    const before = server.dataSource.queryCounter.count;
    const data = dataOf(await server.query(QUERY, { first }));
    return { statements: server.dataSource.queryCounter.count - before, data };
  }

  beforeAll(async () => {
    server = await startTestServer();
    await buildManagers(100, 'batched');
  });
  afterAll(() => server.stop());

  it('resolves 100 managers with their events, products and sources in a bounded number of queries', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(hundred.data.managers.nodes).toHaveLength(100);
    for (const manager of hundred.data.managers.nodes) {
      expect(manager.products).toHaveLength(2);
      expect(manager.events.totalCount).toBe(3);
      expect(manager.events.nodes.map((e: any) => e.products.length)).toEqual([0, 0, 2]);
      expect(manager.events.nodes.every((e: any) => e.sources.length === 1 && e.manager.slug === manager.slug)).toBe(true);
      expect(manager.sources).toHaveLength(1);
    }
    // count + page of managers, page + count of their events, one batch per relation, whatever the number of managers
    expect(hundred.statements).toBeLessThanOrEqual(13);
    expect(hundred.statements).toBe(ten.statements);
  });
});

/** Loaders are made when first read, per request: none is built unread, none is shared. */
describe('lazy loaders', () => {
  it('builds a feature group on first read, keeps it for the request and never shares it', async () => {
    const server = await startTestServer();
    try {
      const services = createServices(server.dataSource);
      const [first, second] = [createContext(services, 'a'), createContext(services, 'b')];
      expect(Object.keys(first.loaders)).toEqual([]);
      const loader = first.loaders.windowByKey;
      expect(first.loaders.windowByKey).toBe(loader);
      expect(Object.keys(first.loaders)).toContain('instrumentByCode');
      expect(Object.keys(first.loaders)).not.toContain('managerBySlug');
      expect(second.loaders.windowByKey).not.toBe(loader);
      expect(Object.keys(second.loaders)).toEqual(Object.keys(first.loaders));
    } finally {
      await server.stop();
    }
  });
});
