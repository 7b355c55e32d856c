import { buildSchema } from 'graphql';
import fs from 'node:fs';
import path from 'node:path';
import { generateFilings } from '../bench/dataset';
import { projectPath } from '../src/config/config';
import { Filing } from '../seed/filing-schema';
import { applyRows, compileFilings, Located, parseFiling, SeedProblem } from '../seed/loader';
import { ArgumentValues, ListQueryGenerator, objectsIn } from './journalist/list-query-generator';
import { openTestDataSource, tempDatabase } from './support/database';
import { startTestServer, TestServer } from './support/server';
import { prng } from '../bench/synthetic-corpus';

/**
 * Limits out of the way but for the node budget and cost, raised to answers a spec can build: the
 * property is about the estimate, so nearly every generated query must run.
 */
const LIFTED = {
  maxNodes: 200_000,
  maxCost: 200_000,
  maxInflightCost: 200_000,
  maxTokens: 100_000,
  maxExpandedFields: 100_000,
  maxDepth: 100,
  maxAliases: 10_000,
  maxBodyBytes: 1_000_000,
};
const QUERIES_PER_DATASET = 150;

/** A synthetic dataset small enough for a spec, shaped like the benchmark's (zipf-distributed managers, long lists). */
async function syntheticDatabase(): Promise<string> {
  const generated = generateFilings({ managers: 30, products: 90, events: 600, passages: 400, windows: 20, episodes: 60 }, 11);
  const problems: SeedProblem[] = [];
  const filings: Located<Filing>[] = [];
  for (const { file, filing } of generated.filings) {
    const parsed = parseFiling(filing, file, problems);
    if (parsed) filings.push({ file, filing: parsed });
  }
  // Synthetic quotes are drawn at random from synthetic passages: the facts are not in them.
  const compiled = compileFilings(projectPath('bench'), filings, undefined, { facts: false });
  expect([...problems, ...compiled.problems]).toEqual([]);
  const database = await tempDatabase('synthetic');
  const dataSource = await openTestDataSource(database);
  try {
    await applyRows(dataSource, compiled.rows);
  } finally {
    await dataSource.destroy();
  }
  return database;
}

async function argumentValues(server: TestServer): Promise<ArgumentValues> {
  const { body } = await server.query(`{
    managers(first: 100) { nodes { id slug people { slug } } }
    products(first: 100) { nodes { id slug } }
    announcements(first: 100) { nodes { id slug } }
    events(first: 100) { nodes { id } }
    concepts { slug }
    authorities { code id }
  }`);
  const d = body.data!;
  const slugs = (list: { slug: string }[]) => list.map((x) => x.slug);
  return {
    managerSlugs: [...slugs(d.managers.nodes), 'no-such-manager'],
    productSlugs: slugs(d.products.nodes),
    announcementSlugs: slugs(d.announcements.nodes),
    personSlugs: [...new Set(d.managers.nodes.flatMap((m: any) => slugs(m.people)))] as string[],
    conceptSlugs: slugs(d.concepts).concat('dma'),
    authorityCodes: d.authorities.map((a: any) => a.code),
    years: [2024, 2020],
    ids: [d.managers, d.products, d.announcements, d.events].flatMap((c: any) => c.nodes.map((n: any) => n.id)).concat(d.authorities.map((a: any) => a.id)),
    words: ['灵均', '量化', '公告', 'Lingjun', '合成', '暂停交易', 'DMA'],
  };
}

/**
 * The estimate is an upper bound: for generated queries against the curated seed and against a
 * synthetic dataset, the objects an answer holds, and the objects and fetches counted as it ran,
 * never exceed what was estimated before it ran.
 */
describe.each([
  ['the curated seed', () => startTestServer({ seed: true, limits: LIFTED, responseCache: { maxBytes: 0, maxAgeSeconds: 0 } })],
  [
    'a synthetic dataset',
    async () => startTestServer({ database: await syntheticDatabase(), limits: LIFTED, responseCache: { maxBytes: 0, maxAgeSeconds: 0 } }),
  ],
])('estimates over %s', (label, start) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await start();
  }, 120_000);
  afterAll(() => server.stop());

  it('never estimate less than an answer holds or took', async () => {
    const schema = buildSchema(fs.readFileSync(path.join(projectPath('schema'), 'schema.graphql'), 'utf8'));
    const generator = new ListQueryGenerator(schema, await argumentValues(server), prng(label.length));
    let answered = 0;
    let largestRatio = 0;
    let largestObjects = 0;
    for (let i = 0; i < QUERIES_PER_DATASET; i += 1) {
      const query = generator.build();
      const answer = await server.query(query);
      if (answer.status !== 200 || !answer.body.data) {
        // A generated query may name a missing slug or be estimated past even the raised budget: the property holds for what runs.
        expect({ query, errors: answer.body.errors?.map((e) => e.extensions?.code) }).toEqual({
          query,
          errors: expect.arrayContaining([expect.stringMatching(/BAD_USER_INPUT|NOT_FOUND|NODE_LIMIT_EXCEEDED|COST_LIMIT_EXCEEDED/)]),
        });
        continue;
      }
      answered += 1;
      const { estimated, actual } = answer.body.extensions!.cost;
      const held = objectsIn(answer.body.data);
      expect({ query, held, actual: actual.nodes }).toEqual({ query, held, actual: held });
      expect({ query, fits: held <= estimated.nodes && actual.cost <= estimated.cost }).toEqual({ query, fits: true });
      if (estimated.nodes > 0) largestRatio = Math.max(largestRatio, held / estimated.nodes);
      largestObjects = Math.max(largestObjects, held);
    }
    expect(answered).toBeGreaterThan(QUERIES_PER_DATASET * 0.6);
    console.log(
      `${label}: ${answered} of ${QUERIES_PER_DATASET} generated queries answered; largest answer ${largestObjects} objects; largest actual/estimated ${largestRatio.toFixed(3)}`,
    );
  }, 300_000);
});
