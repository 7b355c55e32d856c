import { CostGate } from '../src/api/protection';
import { dataOf, startTestServer } from './support/server';

/** Cost points executing at once are bounded; queries over the budget wait their turn and all finish. */
describe('in-flight cost budget', () => {
  it('admits queries while they fit, then in arrival order as others finish', async () => {
    const gate = new CostGate(10);
    const admitted: string[] = [];
    const take = (name: string, cost: number) => gate.acquire(cost).then(() => admitted.push(name));
    await take('a', 6);
    const b = take('b', 6); // would pass the budget: waits
    const c = take('c', 1); // fits, but arrived after b: waits behind it
    await Promise.resolve();
    expect(admitted).toEqual(['a']);
    expect(gate.state).toEqual({ inflight: 6, waiting: 2 });
    gate.release(6);
    await Promise.all([b, c]);
    expect(admitted).toEqual(['a', 'b', 'c']);
    expect(gate.state).toEqual({ inflight: 7, waiting: 0 });
    // One query is always let through, even one costing more than the whole budget.
    const big = new CostGate(5);
    await big.acquire(50);
    expect(big.state).toEqual({ inflight: 50, waiting: 0 });
  });

  it('answers every one of many concurrent queries when only one fits at a time', async () => {
    const server = await startTestServer({ seed: true, limits: { maxInflightCost: 12 }, responseCache: { maxBytes: 0, maxAgeSeconds: 0 } });
    try {
      const query = 'query($first: Int) { managers(first: 10) { nodes { slug events(first: $first) { totalCount } } } }';
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => server.query(query, { first: 1 + (i % 5) })));
      for (const answer of answers) {
        expect(answer.body.extensions?.cost.estimated.cost).toBe(12);
        expect(dataOf(answer).managers.nodes.length).toBeGreaterThan(0);
      }
    } finally {
      await server.stop();
    }
  });

  it('gives back its place and the points of a query another check refused while it was being measured', async () => {
    // Apollo answers as soon as one plugin refuses: here the argument check (a search query over 200
    // characters), while the limits plugin is still measuring. Twelve such refusals must leave the
    // gate and the client's budget as they were, so the next query runs at once.
    const server = await startTestServer({
      seed: true,
      limits: { maxInflightCost: 30, executionTimeoutMs: 3000, rateLimitPointsPerMinute: 1000 },
      responseCache: { maxBytes: 0, maxAgeSeconds: 0 },
    });
    try {
      const refusedQuery = `{ managers(first: 20) { nodes { slug } } search(query: "${'x'.repeat(201)}") { totalCount } }`;
      for (let i = 0; i < 12; i += 1) expect((await server.query(refusedQuery)).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const answer = await server.query('{ managers(first: 20) { nodes { slug } } }');
      expect(answer.status).toBe(200);
      expect(answer.body.extensions!.cost.remaining).toBe(1000 - 12 - answer.body.extensions!.cost.actual.cost);
    } finally {
      await server.stop();
    }
  });
});
