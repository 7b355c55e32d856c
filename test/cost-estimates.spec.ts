import { getNamedType, getNullableType, isInterfaceType, isListType, isObjectType } from 'graphql';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../src/core/limits';
import { isPagedType, ListBounds } from '../src/core/query-analysis';
import { ListBoundsService } from '../src/limits/list-bounds.service';
import { MarketService } from '../src/market/market.service';
import { createSchema } from '../src/api/schema';
import { loadSeed } from '../seed/loader';
import { copySeed, editSeedFile } from './support/seed-fixture';
import { startTestServer, TestServer } from './support/server';

const boundsOf = (server: TestServer): Promise<ListBounds> => new ListBoundsService(server.dataSource, new MarketService(server.dataSource)).current();

/** Estimates from the data's list bounds, charges from what answers took, refusals that say what to change. */
describe('cost estimates', () => {
  let server: TestServer;
  let seedDir: string;
  beforeAll(async () => {
    seedDir = copySeed();
    server = await startTestServer({ seed: true, limits: { ...DEFAULT_LIMITS }, responseCache: { maxBytes: 0, maxAgeSeconds: 0 } });
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(seedDir, { recursive: true, force: true });
  });

  it('has a bound from the data for every plain list of the schema', async () => {
    const schema = await createSchema();
    const bounds = await boundsOf(server);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type)) || isPagedType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type)) || field.args.some((a) => a.name === 'ids')) continue;
        const inherited =
          isObjectType(type) && type.getInterfaces().some((face) => bounds.largest.has(`${face.name}.${field.name}`) && face.getFields()[field.name]);
        if (!bounds.largest.has(`${type.name}.${field.name}`) && !inherited) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(getNamedType(schema.getQueryType()!.getFields().nodes.type).name).toBe('Node');
  });

  it('grows a bound when a load brings a longer list, and the estimate with it', async () => {
    const query = '{ manager(slug: "ningbo-lingjun") { sources { quote } } }';
    const before = (await server.query(query)).body.extensions!.cost.estimated.nodes;
    const bound = (await boundsOf(server)).largest.get('Manager.sources')!;
    expect(before).toBe(bound);
    // Six more citations of the manager, each a verbatim sentence of the article that names it.
    const article = fs.readFileSync(path.join(seedDir, 'documents', 'article-quant-funds-darkest-hour.zh.txt'), 'utf8');
    const sentences = [
      ...new Set(
        article
          .split(/[。\n]/)
          .map((s) => s.trim())
          .filter((s) => s.includes('灵均') && s.length > 10 && !s.includes('"')),
      ),
    ].slice(0, bound + 1);
    expect(sentences.length).toBe(bound + 1);
    editSeedFile(seedDir, 'filings/managers/ningbo-lingjun.yaml', (text) =>
      text.replace('sources:\n', `sources:\n${sentences.map((s) => `  - document: article-quant-funds-darkest-hour\n    quote: "${s}"\n`).join('')}`),
    );
    await loadSeed(server.dataSource, seedDir);
    const after = await server.query(query);
    const grown = (await boundsOf(server)).largest.get('Manager.sources')!;
    expect(grown).toBeGreaterThan(bound);
    expect(after.body.data!.manager.sources.length).toBe(grown);
    expect(after.body.extensions!.cost.estimated.nodes).toBe(grown);
  });

  it('counts selections on different event types as the largest of them, not their sum', async () => {
    const { largest } = await boundsOf(server);
    const penalty = largest.get('ExchangePenalty.tradingEpisodes')!;
    const suspension = largest.get('TradingSuspension.tradingEpisodes')!;
    const answer = await server.query(
      '{ events(first: 100) { nodes { ... on ExchangePenalty { tradingEpisodes { id } } ... on TradingSuspension { tradingEpisodes { id } } } } }',
    );
    expect(answer.body.extensions!.cost.estimated.nodes).toBe(100 + 100 * Math.max(penalty, suspension));
  });

  it('refuses naming the lists that add most, and the largest first that passes', async () => {
    const asked = (first: number) => `{ managers(first: 100) { nodes { events(first: ${first}) { nodes { sources { quote } managers { slug } } } } } }`;
    const refused = await server.query(asked(100));
    expect(refused.status).toBe(400);
    const [error] = refused.body.errors!;
    expect(error.extensions!.code).toBe('NODE_LIMIT_EXCEEDED');
    const contributors = error.extensions!.contributors as { path: string; multiplier: number; nodes: number }[];
    const { largest } = await boundsOf(server);
    expect(contributors[0]).toEqual({
      path: 'managers.nodes.events.nodes.sources',
      multiplier: largest.get('Event.sources'),
      nodes: 100 * 100 * largest.get('Event.sources')!,
    });
    expect(contributors.map((c) => c.path)).toContain('managers.nodes.events.nodes');
    expect(error.message).toContain(`managers.nodes.events.nodes.sources (×${largest.get('Event.sources')}`);
    const passing = error.extensions!.largestPassing as { path: string; argument: string; value: number };
    expect(passing).toMatchObject({ path: 'managers.nodes.events', argument: 'first' });
    expect(error.message).toContain(`with first: ${passing.value} on managers.nodes.events it would pass`);
    // The suggestion is exact: it passes, and one more does not.
    expect((await server.query(asked(passing.value))).status).toBe(200);
    expect((await server.query(asked(passing.value + 1))).status).toBe(400);
  });

  it('suggests the size argument further up when no size of the list adding most would pass', async () => {
    const asked = (outer: number) =>
      `{ managers(first: 100) { nodes { events(first: ${outer}) { nodes { managers { events(first: 100) { nodes { id } } } } } } } }`;
    const [error] = (await server.query(asked(100))).body.errors!;
    expect((error.extensions!.contributors as { path: string }[])[0].path).toBe('managers.nodes.events.nodes.managers.events.nodes');
    const passing = error.extensions!.largestPassing as { path: string; value: number };
    expect(passing.path).toBe('managers.nodes.events');
    expect((await server.query(asked(passing.value))).status).toBe(200);
    expect((await server.query(asked(passing.value + 1))).status).toBe(400);
  });

  it('charges what the answer took, and reports it with what the client has left', async () => {
    const limited = await startTestServer({ seed: true, limits: { ...DEFAULT_LIMITS, rateLimitPointsPerMinute: 5_000 } });
    try {
      const query = '{ events(first: 100) { nodes { id sources { quote } managers { slug products { slug } } } } }';
      const first = await limited.query(query);
      const { estimated, actual, remaining } = first.body.extensions!.cost;
      expect(actual.cost).toBeLessThan(estimated.cost);
      expect(remaining).toBe(5_000 - actual.cost);
      expect(first.headers.get('x-ratelimit-remaining')).toBe(String(remaining));
      // Asked again it runs again (the cache keeps what is asked twice), and the third time it is answered from the cache, for 1 point.
      const second = await limited.query(query);
      expect(second.body.extensions!.cost).toMatchObject({ cached: false, actual, remaining: remaining - actual.cost });
      const third = await limited.query(query);
      expect(third.body.data).toEqual(first.body.data);
      expect(third.body.extensions!.cost).toMatchObject({ cached: true, estimated, actual: { nodes: 0, cost: 1 }, remaining: remaining - actual.cost - 1 });
      expect(third.headers.get('x-ratelimit-remaining')).toBe(String(remaining - actual.cost - 1));
    } finally {
      await limited.stop();
    }
  });
});
