import { DEFAULT_LIMITS } from '../src/core/limits';
import { dossier, EVENT_FIELDS, HOSTILE_QUERIES, JOURNALIST_QUERIES } from './journalist/queries';
import { startTestServer, TestServer } from './support/server';

/** The value at a dotted path of an answer's data. */
const at = (data: unknown, path: string): unknown => path.split('.').reduce<any>((value, key) => value?.[key], data);

/**
 * What journalists write in the playground is answered under the default limits, the rate limit
 * included: the limits refuse what is hostile (test/hostile.spec.ts, test/attack), not what a reader asks.
 */
describe('questions journalists write, under the default limits', () => {
  let server: TestServer;
  const report: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({ seed: true, limits: { ...DEFAULT_LIMITS } });
  });
  afterAll(async () => {
    await server.stop();
    console.log(`estimated and actual cost of each question:\n${report.join('\n')}`);
  });

  it('has at least 15 questions', () => expect(JOURNALIST_QUERIES.length).toBeGreaterThanOrEqual(15));

  it.each(JOURNALIST_QUERIES.map((q) => [q.name, q] as const))('answers %s', async (_name, question) => {
    const answer = await server.query(question.query, question.variables);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    const list = at(answer.body.data, question.answered);
    expect(Array.isArray(list) && list.length > 0).toBe(true);
    const { estimated, actual } = answer.body.extensions!.cost;
    expect(estimated.nodes).toBeLessThanOrEqual(DEFAULT_LIMITS.maxNodes);
    expect(actual.nodes).toBeLessThanOrEqual(estimated.nodes);
    report.push(`${question.name}: estimated ${estimated.nodes} objects / ${estimated.cost} points, actual ${actual.nodes} / ${actual.cost}`);
  });

  it('never refuses one client reworking the dossier a dozen times in a minute', async () => {
    const explorer = await startTestServer({ seed: true, limits: { ...DEFAULT_LIMITS }, responseCache: { maxBytes: 0, maxAgeSeconds: 0 } });
    try {
      const extras = ['', 'aliases', 'sources { quote }', 'people { name }', 'products { slug events { id } }', 'performance { metric valuePercent }'];
      const answers = [];
      for (let attempt = 0; attempt < 12; attempt += 1) {
        answers.push(
          await explorer.query(dossier([100, 50, 30, 25, 20][attempt % 5], extras[attempt % extras.length]), {
            slug: attempt % 2 ? 'minghong' : 'ningbo-lingjun',
          }),
        );
      }
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
      const last = answers[11].body.extensions!.cost;
      // Charged what the answers took, the budget is nearly whole after a dozen dossiers.
      expect(last.remaining).toBeGreaterThan(DEFAULT_LIMITS.rateLimitPointsPerMinute * 0.9);
    } finally {
      await explorer.stop();
    }
  });

  it.each(HOSTILE_QUERIES.map((q) => [q.name, q] as const))('still refuses %s, with a 4xx and its code', async (_name, hostile) => {
    const refused = await server.query(hostile.query);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.errors!.map((e) => e.extensions!.code)).toContain(hostile.code);
    expect(refused.body.data).toBeUndefined();
  });

  it('answers every event with every field through fragments on each type, named or inline', async () => {
    const named = await server.query(`{ events(first: 100) { nodes { ...EventFields } } }\n${EVENT_FIELDS}`);
    const types = new Set((named.body.data!.events.nodes as { type: string }[]).map((e) => e.type));
    expect(types.size).toBeGreaterThanOrEqual(5);
  });
});
