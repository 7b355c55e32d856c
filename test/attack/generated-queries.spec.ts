import http from 'node:http';
import { committedSchema, nested, nestedJson, withRawVariable } from './query-generator';
import { GeneratedRequest, generateRequests } from './request-mutator';
import { inPool, plainRequest, PlainResponse, postGraphQL, removeTempDb, RestartingTarget, tempDbPath } from './support';

/**
 * A second generator (test/attack/request-mutator.ts, not the one in test/fuzz.spec.ts): 5,000 requests
 * from a fixed seed against the compiled server as `npm start` runs it, mutating operationName,
 * variables (depth, size, shape), extensions, the query text, GET parameters and headers. Zero 5xx,
 * every body JSON, no masked INTERNAL_SERVER_ERROR. Then the promises of GraphQL over HTTP that the
 * classes stand for, one by one, on both executors.
 */
const COUNT = 5000;
const SEED = 20_261_201;
const CONCURRENCY = 8;
/** Restarts of a server that died: each death is a finding, and the cases after it still run. */
const MAX_RESTARTS = 5;

function problemWith(response: PlainResponse | null, error?: string): string | null {
  if (!response) return `no answer (${error})`;
  if (response.status >= 500) return `a ${response.status}`;
  if (response.status === 304 && response.text === '') return null;
  try {
    JSON.parse(response.text);
  } catch {
    return `a ${response.status} whose body is not JSON: ${JSON.stringify(response.text.slice(0, 60))}`;
  }
  if (response.text.includes('INTERNAL_SERVER_ERROR')) return `a ${response.status} with a masked INTERNAL_SERVER_ERROR`;
  return null;
}

/** What a failed expectation should show: the status, the code and the start of the message. */
function outcomeOf(response: PlainResponse) {
  let body: { errors?: { message?: string; extensions?: { code?: string } }[] } = {};
  try {
    body = JSON.parse(response.text);
  } catch {
    return { status: response.status, code: null, message: `not JSON: ${response.text.slice(0, 80)}` };
  }
  return { status: response.status, code: body.errors?.[0]?.extensions?.code ?? null, message: (body.errors?.[0]?.message ?? '').slice(0, 120) };
}

function expectRefused(response: PlainResponse, status: number | '4xx', code: string | null = null) {
  const outcome = outcomeOf(response);
  if (status === '4xx') expect({ ...outcome, is4xx: outcome.status >= 400 && outcome.status < 500 }).toMatchObject({ is4xx: true });
  else expect(outcome).toMatchObject({ status });
  if (code) expect(outcome).toMatchObject({ code });
  expect(outcome.code).not.toBe('INTERNAL_SERVER_ERROR');
  expect(response.text).not.toContain('INTERNAL_SERVER_ERROR');
}

interface KindTally {
  count: number;
  statuses: Record<number, number>;
  problems: string[];
}

/** Sends every request (CONCURRENCY at once) and tallies statuses and problems by mutation class. */
async function sendAll(target: RestartingTarget, requests: GeneratedRequest[]): Promise<Map<string, KindTally>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const byKind = new Map<string, KindTally>();
  await inPool(requests, CONCURRENCY, async (request, index) => {
    const entry = byKind.get(request.kind) ?? { count: 0, statuses: {}, problems: [] };
    byKind.set(request.kind, entry);
    entry.count += 1;
    let response: PlainResponse | null = null;
    let error = 'server dead';
    // A server that died is started again (at most MAX_RESTARTS times) so the remaining classes still run.
    if (await target.ensureUp(`request ${index} (${request.kind})`, { probe: false })) {
      try {
        response = await plainRequest(target.url, { ...request, agent, timeoutMs: 15_000 });
        entry.statuses[response.status] = (entry.statuses[response.status] ?? 0) + 1;
      } catch (e) {
        error = (e as Error).message;
      }
    }
    const problem = problemWith(response, error);
    if (problem)
      entry.problems.push(
        `#${index} ${problem} <- ${request.method} ${request.path.slice(0, 100)} ${(request.body ?? '').slice(0, Number(process.env.ATTACK_SHOW_BYTES ?? 120))}`,
      );
  });
  agent.destroy();
  return byKind;
}

const targets = { jit: new RestartingTarget(tempDbPath('generated'), {}, MAX_RESTARTS), graphql: null as unknown as RestartingTarget };
beforeAll(async () => {
  await targets.jit.start();
  targets.graphql = new RestartingTarget(targets.jit.dbPath, { GRAPHQL_EXECUTOR: 'graphql' });
  await targets.graphql.start();
}, 90_000);
afterAll(async () => {
  await targets.jit.stop();
  await targets.graphql?.stop();
  removeTempDb(targets.jit.dbPath);
});

describe('generated and mutated requests', () => {
  it(`answers ${COUNT} generated requests with no 5xx, every body JSON`, async () => {
    const started = performance.now();
    const byKind = await sendAll(targets.jit, generateRequests(committedSchema(), COUNT, SEED));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const deaths = targets.jit.replacements;
    const lines = [...byKind].map(
      ([kind, e]) =>
        `  ${kind}: ${e.count} requests, statuses ${JSON.stringify(e.statuses)}, ${e.problems.length} problems${
          e.problems.length
            ? `\n${e.problems
                .slice(0, 4)
                .map((p) => `      ${p}`)
                .join('\n')}`
            : ''
        }`,
    );
    process.stdout.write(
      `generated requests: ${COUNT} in ${seconds} s (seed ${SEED})\n${lines.join('\n')}\n${deaths.map((d) => `  server died after ${d}`).join('\n')}\n`,
    );
    const problems = [...byKind.values()].reduce((sum, e) => sum + e.problems.length, 0);
    expect({ problems, deaths }).toEqual({ problems: 0, deaths: [] });
    expect(byKind.get('valid')!.statuses[200]).toBeGreaterThan(byKind.get('valid')!.count * 0.3); // the generator reaches execution
  }, 300_000);
});

describe('the promises of GraphQL over HTTP', () => {
  describe.each(['jit', 'graphql'] as const)('on the %s executor', (executor) => {
    beforeEach(() => targets[executor].ensureUp('a previous test'));
    const send = (payload: unknown) => postGraphQL(targets[executor].url, payload, { timeoutMs: 15_000 });

    it.each([
      ['mutation', 'mutation { __typename }'],
      ['named mutation', 'mutation M { __typename }'],
      ['subscription', 'subscription { __typename }'],
      ['named subscription', 'subscription S { __typename }'],
    ])('refuses a %s with a 400 and a code of its own', async (_label, query) => {
      const response = await send({ query });
      expect(outcomeOf(response)).toMatchObject({ status: 400, code: expect.any(String) });
      expectRefused(response, 400);
    });

    it('refuses a mutation over GET with a 4xx that is not INTERNAL_SERVER_ERROR', async () => {
      const response = await plainRequest(targets[executor].url, {
        path: `/graphql?query=${encodeURIComponent('mutation { __typename }')}`,
        headers: { 'apollo-require-preflight': 'true' },
      });
      expectRefused(response, '4xx');
    });

    it.each([
      ['names no operation', { query: 'query A { __typename }', operationName: 'B' }],
      ['names no operation of two', { query: 'query A { __typename } query B { __typename }', operationName: 'C' }],
      ['is given for an anonymous operation', { query: '{ __typename }', operationName: 'A' }],
    ])('answers 400 when operationName %s', async (_label, payload) => {
      expectRefused(await send(payload), 400);
    });

    it.each([
      [40, 'object', 'unused'],
      [100, 'array', 'unused'],
      [2000, 'object', 'unused'],
      [2000, 'array', 'unused'],
      [2000, 'mixed', 'unused'],
      [10_000, 'object', 'unused'],
      [40, 'object', 'declared'],
      [2000, 'array', 'declared'],
    ] as const)('answers 400 VARIABLES_TOO_DEEP for variables %i deep (%s, %s)', async (depth, shape, where) => {
      const value = nestedJson(depth, shape);
      const body =
        where === 'declared'
          ? withRawVariable({ query: 'query($f: EventFilter) { events(filter: $f) { totalCount } }' }, 'f', value)
          : withRawVariable({ query: '{ __typename }' }, 'pad', value);
      expectRefused(await send(body), 400, 'VARIABLES_TOO_DEEP');
    });

    it('answers variables 8 deep as usual', async () => {
      const response = await send({ query: '{ __typename }', variables: { pad: nested(8, 'mixed') } });
      expect(outcomeOf(response)).toMatchObject({ status: 200 });
    });

    it.each(['\\u0000', '\\u0001', '\\u001B', '\\uD800', '\\uDFFF'])('refuses %s written as an escape in query text', async (escape) => {
      expectRefused(await send({ query: `{ manager(slug: "a${escape}b") { slug } }` }), 400);
    });

    it.each([
      ['NUL in GET variables', 'query($s: String!) { manager(slug: $s) { slug } }', '{"s":"a\\u0000b"}'],
      ['a lone surrogate in GET variables', 'query($s: String!) { manager(slug: $s) { slug } }', '{"s":"\\ud800"}'],
      ['NUL nested in GET variables', 'query($f: EventFilter) { events(filter: $f) { totalCount } }', '{"f":{"managerSlugs":["a\\u0000"]}}'],
      ['a NUL escape in GET query text', '{ manager(slug: "a\\u0000b") { slug } }', ''],
    ])('refuses %s with a 400', async (_label, query, variables) => {
      const search = new URLSearchParams({ query, ...(variables ? { variables } : {}) });
      expectRefused(await plainRequest(targets[executor].url, { path: `/graphql?${search}`, headers: { 'apollo-require-preflight': 'true' } }), 400);
    });
  });
});

describe('a 90 kB value in any argument', () => {
  beforeEach(() => targets.jit.ensureUp('a previous test'));
  const BIG = 'q'.repeat(90_000);
  it.each([
    ['search(query:)', 'query($v: String!) { search(query: $v) { totalCount } }'],
    ['search(filter: { managerSlugs })', 'query($v: String!) { search(query: "灵均", filter: { managerSlugs: [$v] }) { totalCount } }'],
    ['search(filter: { authorities })', 'query($v: String!) { search(query: "灵均", filter: { authorities: [$v] }) { totalCount } }'],
    ['events(filter: { managerSlugs })', 'query($v: String!) { events(filter: { managerSlugs: [$v] }) { totalCount } }'],
    ['events(filter: { authorities })', 'query($v: String!) { events(filter: { authorities: [$v] }) { totalCount } }'],
    ['announcements(filter: { managerSlugs })', 'query($v: String!) { announcements(filter: { managerSlugs: [$v] }) { totalCount } }'],
    ['products(filter: { managerSlugs })', 'query($v: String!) { products(filter: { managerSlugs: [$v] }) { totalCount } }'],
    ['timeline(filter: { managerSlugs })', 'query($v: String!) { timeline(filter: { managerSlugs: [$v] }) { date } }'],
    ['marketWindows(filter: { instrumentCode })', 'query($v: String!) { marketWindows(filter: { instrumentCode: $v }) { totalCount } }'],
    [
      'marketWindowFromBars(instrumentCode:)',
      'query($v: String!) { marketWindowFromBars(instrumentCode: $v, start: "2024-02-19T09:30:00+08:00", end: "2024-02-19T10:30:00+08:00") { start } }',
    ],
    ['events(after:)', 'query($v: String!) { events(after: $v) { totalCount } }'],
  ])('answers a 90 kB value for %s with a 4xx', async (_label, query) => {
    expectRefused(await postGraphQL(targets.jit.url, { query, variables: { v: BIG } }), '4xx');
  });

  it.each([
    ['manager(slug:)', 'query($v: String!) { manager(slug: $v) { slug } }'],
    ['product(slug:)', 'query($v: String!) { product(slug: $v) { slug } }'],
    ['announcement(slug:)', 'query($v: String!) { announcement(slug: $v) { slug } }'],
    ['concept(slug:)', 'query($v: String!) { concept(slug: $v) { slug } }'],
    ['person(slug:)', 'query($v: String!) { person(slug: $v) { slug } }'],
    ['authority(code:)', 'query($v: String!) { authority(code: $v) { code } }'],
    ['node(id:)', 'query($v: ID!) { node(id: $v) { id } }'],
  ])('answers a 90 kB key for %s with a 4xx', async (_label, query) => {
    expectRefused(await postGraphQL(targets.jit.url, { query, variables: { v: BIG } }), '4xx');
  });
});
