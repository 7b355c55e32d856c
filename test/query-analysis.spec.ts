import { DocumentNode, FieldNode, getIntrospectionQuery, GraphQLSchema, Kind, OperationDefinitionNode, parse, print, visit } from 'graphql';
import { DEFAULT_LIMITS } from '../src/core/limits';
import { ListBoundsService } from '../src/limits/list-bounds.service';
import { MarketService } from '../src/market/market.service';
import { AnalysisTally, MEASURE_CEILING, measureQuery, measureShape } from '../src/core/query-analysis';
import { createSchema } from '../src/api/schema';
import { startTestServer, TestServer } from './support/server';
import { fastest, harmlessQueryOfSize, quickBound, sideBySide } from './support/side-by-side';

/**
 * A fragment bomb: F0 spreads F1 twice, F1 spreads F2 twice, and so on, `levels` deep, each fragment
 * also selecting `own`. About 48 bytes a level; it expands to 2^(levels+1) - 1 copies of `own`.
 */
function fragmentBomb(levels: number, own = 'slug'): string {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Manager { ${own} ...F${i + 1} ...F${i + 1} }`);
  return [`{ manager(slug: "minghong") { ...F0 } }`, ...fragments, `fragment F${levels} on Manager { ${own} }`].join('\n');
}

const operationOf = (document: DocumentNode) => document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;

const expandedCopies = (levels: number) => 2 ** (levels + 1) - 1;

/**
 * What the playground's GraphiQL 3 sends (getIntrospectionQuery with its `inputValueDeprecation` and
 * `schemaDescription` props, which the playground leaves unset), and the query with every option on.
 */
const GRAPHIQL_INTROSPECTION = getIntrospectionQuery({ inputValueDeprecation: undefined, schemaDescription: undefined });
const FULL_INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});

/**
 * Query analysis in linear time: depth, expanded size, node budget and cost are measured once per
 * fragment, so a fragment bomb of any depth is refused at once and the server stays responsive;
 * introspection counts toward the limits like any other field, and one full introspection passes.
 */
describe('query analysis', () => {
  let server: TestServer;
  const report: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    // A process's first requests compile its code paths; the timings below are of a warm server.
    for (let i = 0; i < 5; i += 1) await withHealthCheck(server, fragmentBomb(20));
  });
  afterAll(async () => {
    process.stdout.write(`query analysis: ${report.join('; ')}\n`);
    await server.stop();
  });

  async function timed(url: string, init?: RequestInit) {
    const started = performance.now();
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, json: JSON.parse(text) as any, ms: performance.now() - started };
  }
  const post = (target: TestServer, query: string) =>
    timed(target.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  /** A request and, sent right behind it, /healthz: the second waits if the first blocks the process. */
  const withHealthCheck = async (target: TestServer, query: string) => {
    const request = post(target, query);
    const health = timed(`${target.url}/healthz`);
    const [answer, healthz] = await Promise.all([request, health]);
    return { ...answer, healthzMs: healthz.ms, healthzStatus: healthz.status };
  };

  /**
   * The bomb with /healthz behind it, five times in turn with a harmless query of the same size (and
   * /healthz behind that): the bomb's fastest try, and /healthz's behind it, are within 250 ms plus five times
   * the harmless one's (test/support/side-by-side.ts). Expanding 2^41 copies takes forever; measuring
   * each fragment once takes what parsing takes.
   */
  const beside = async (target: TestServer, bomb: string) => {
    const tries = await sideBySide(
      () => withHealthCheck(target, bomb),
      () => withHealthCheck(target, harmlessQueryOfSize(bomb)),
    );
    const times = (of: 'hostile' | 'harmless') => ({
      ms: fastest(tries[of].map((t) => t.ms)),
      healthzMs: fastest(tries[of].map((t) => t.healthzMs)),
    });
    return { runs: tries.hostile, bomb: times('hostile'), harmless: times('harmless') };
  };
  const expectQuick = ({ bomb, harmless }: Awaited<ReturnType<typeof beside>>) => {
    expect(bomb.ms).toBeLessThan(quickBound(harmless.ms));
    expect(bomb.healthzMs).toBeLessThan(quickBound(harmless.healthzMs));
  };
  const timesOf = ({ bomb, harmless }: Awaited<ReturnType<typeof beside>>) =>
    `${bomb.ms.toFixed(1)} ms, /healthz ${bomb.healthzMs.toFixed(1)} ms (a harmless query of its size ${harmless.ms.toFixed(1)} ms, /healthz ${harmless.healthzMs.toFixed(1)} ms)`;

  it.each([10, 20, 30, 40])('refuses a %i-level fragment bomb with TOO_MANY_FIELDS quickly, /healthz answering meanwhile', async (levels) => {
    const bomb = fragmentBomb(levels);
    const measured = await beside(server, bomb);
    for (const refused of measured.runs) {
      expect(refused.status).toBe(400);
      expect(refused.json.errors[0].extensions).toEqual({
        code: 'TOO_MANY_FIELDS',
        limit: DEFAULT_LIMITS.maxExpandedFields,
        measured: expandedCopies(levels) + 1,
      }); // and `manager`
      expect(refused.json.data).toBeUndefined();
      expect(refused.healthzStatus).toBe(200);
    }
    report.push(`${levels}-level bomb (${bomb.length} bytes) refused in ${timesOf(measured)}`);
    expectQuick(measured);
  });

  it('refuses a bomb by its node budget, a huge finite number, when the expanded-size limit is lifted', async () => {
    const lifted = await startTestServer({ seed: true, limits: { maxExpandedFields: MEASURE_CEILING } });
    try {
      const measured = await beside(lifted, fragmentBomb(40, 'products { slug }'));
      const runs = measured.runs;
      expect(runs[0].status).toBe(400);
      // Each copy of `products` counts the most products a manager has.
      const products = (await new ListBoundsService(lifted.dataSource, new MarketService(lifted.dataSource)).current()).largest.get('Manager.products')!;
      expect(runs[0].json.errors[0].extensions).toMatchObject({
        code: 'NODE_LIMIT_EXCEEDED',
        limit: DEFAULT_LIMITS.maxNodes,
        measured: Math.max(1, products) * expandedCopies(40),
      });
      report.push(`40-level bomb by node budget in ${timesOf(measured)}`);
      expectQuick(measured);
    } finally {
      await lifted.stop();
    }
  });

  it('refuses a bomb nested in fields by its depth', async () => {
    const nested = Array.from({ length: 10 }, (_, i) => `fragment F${i} on Manager { products { manager { ...F${i + 1} ...F${i + 1} } } }`);
    const result = await post(server, [`{ manager(slug: "minghong") { ...F0 } }`, ...nested, 'fragment F10 on Manager { slug }'].join('\n'));
    expect(result.status).toBe(400);
    expect(result.json.errors.map((e: any) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP', 'TOO_MANY_FIELDS']);
    expect(result.json.errors[0].extensions.measured).toBe(22);
  });

  it('refuses 30 aliased __schema blocks: by node budget, and by expanded size when they share a fragment', async () => {
    const blocks = (body: string) => `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: __schema { ${body} }`).join(' ')} }`;
    const listed = await post(server, blocks('types { name fields { name type { name } } }'));
    expect(listed.status).toBe(400);
    expect(listed.json.errors[0].extensions).toMatchObject({ code: 'NODE_LIMIT_EXCEEDED', limit: DEFAULT_LIMITS.maxNodes });
    // The full introspection's `__schema` selection as a fragment, spread under 30 aliases.
    const introspection = parse(FULL_INTROSPECTION);
    const schemaField = operationOf(introspection).selectionSet.selections[0] as FieldNode;
    const full = [
      `fragment Schema on __Schema ${print(schemaField.selectionSet!)}`,
      ...introspection.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => print(d)),
    ].join('\n');
    const shared = await post(server, `${blocks('...Schema')}\n${full}`);
    expect(shared.status).toBe(400);
    expect(shared.json.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_FIELDS', limit: DEFAULT_LIMITS.maxExpandedFields });
    // With the expanded-size limit lifted, the node budget still refuses them.
    const lifted = await startTestServer({ limits: { maxExpandedFields: MEASURE_CEILING } });
    try {
      const again = await post(lifted, `${blocks('...Schema')}\n${full}`);
      expect([again.status, again.json.errors[0].extensions.code]).toEqual([400, 'NODE_LIMIT_EXCEEDED']);
    } finally {
      await lifted.stop();
    }
  });

  it.each([
    ['the playground sends it', GRAPHIQL_INTROSPECTION],
    ['every option on', FULL_INTROSPECTION],
  ])('answers the full introspection query, %s, within every default limit', async (label, query) => {
    const result = await post(server, query);
    expect(result.status).toBe(200);
    expect(result.json.errors).toBeUndefined();
    expect(result.json.data.__schema.types.length).toBeGreaterThan(50);
    const { nodes, cost } = result.json.extensions.cost.estimated;
    expect(nodes).toBeGreaterThan(1000);
    expect(nodes).toBeLessThanOrEqual(DEFAULT_LIMITS.maxNodes);
    expect(cost).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    const shape = measureShape(await createSchema(), parse(query));
    expect(shape.depth).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDepth);
    expect(shape.fields).toBeLessThanOrEqual(DEFAULT_LIMITS.maxExpandedFields);
    report.push(
      `introspection (${label}): depth ${shape.depth}, ${shape.fields} expanded fields, ${nodes} nodes, cost ${cost}, ${JSON.stringify(result.json.data).length} bytes`,
    );
  });

  describe('the analysis itself', () => {
    let schema: GraphQLSchema;
    beforeAll(async () => {
      schema = await createSchema();
    });
    const selectionsIn = (document: DocumentNode) => {
      let count = 0;
      visit(document, { Field: () => void (count += 1), InlineFragment: () => void (count += 1), FragmentSpread: () => void (count += 1) });
      return count;
    };

    it('visits each selection of a bomb once, at 20 levels as at 40: work proportional to the document', () => {
      const visits = [20, 40].map((levels) => {
        const document = parse(fragmentBomb(levels, 'products { slug }'));
        const shape: AnalysisTally = { visits: 0 };
        const cost: AnalysisTally = { visits: 0 };
        expect(measureShape(schema, document, shape).fields).toBe(2 * expandedCopies(levels) + 1);
        expect(measureQuery(schema, document, operationOf(document), {}, { tally: cost })).toMatchObject({
          nodes: 10 * expandedCopies(levels),
          cost: 1 + expandedCopies(levels),
        });
        expect([shape.visits, cost.visits]).toEqual([selectionsIn(document), selectionsIn(document)]);
        return shape.visits;
      });
      expect(visits[1] - visits[0]).toBe(20 * 4); // four selections a level
    });

    it('saturates: a bomb past the range of exact numbers measures MEASURE_CEILING, never Infinity or NaN', () => {
      const document = parse(fragmentBomb(1100, 'products { slug }'));
      expect(measureShape(schema, document).fields).toBe(MEASURE_CEILING);
      expect(measureQuery(schema, document, operationOf(document), {})).toMatchObject({ nodes: MEASURE_CEILING, cost: MEASURE_CEILING });
      const huge = parse('query($n: Int) { managers(first: $n) { nodes { events(first: $n) { nodes { sources { quote } } } } } }');
      expect(measureQuery(schema, huge, operationOf(huge), { n: 1e300 })).toMatchObject({ nodes: MEASURE_CEILING, cost: MEASURE_CEILING });
    });

    it('ends on a fragment cycle, which validation refuses', () => {
      const cycle = parse(
        '{ manager(slug: "x") { ...A } } fragment A on Manager { products { manager { ...B } } } fragment B on Manager { products { manager { ...A } } }',
      );
      expect(measureShape(schema, cycle)).toEqual({ depth: 5, fields: 5 });
    });
  });
});
