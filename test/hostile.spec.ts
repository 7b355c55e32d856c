import { startTestServer, TestServer } from './support/server';
import { fastest, harmlessBodyOfSize, quickBound, sideBySide } from './support/side-by-side';

/**
 * Hostile requests: each rejected with a 4xx and our code, quickly, and `{ __typename }` answers at
 * once afterwards. "Quickly" is measured side by side with a harmless body of the same size
 * (test/support/side-by-side.ts): the hostile one's fastest of five tries is within 250 ms plus five
 * times the harmless one's: the bound of a server that blocks, not of a slow one.
 */
describe('hostile requests', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  const timeOnce = async (body: string) => {
    const started = performance.now();
    const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const json = JSON.parse(await response.text());
    return { status: response.status, json, ms: performance.now() - started };
  };
  const send = async (body: string) => {
    const tries = await sideBySide(
      () => timeOnce(body),
      () => timeOnce(harmlessBodyOfSize(body)),
    );
    return { ...tries.hostile[tries.hostile.length - 1], ms: fastest(tries.hostile.map((t) => t.ms)), harmlessMs: fastest(tries.harmless.map((t) => t.ms)) };
  };
  const operation = (query: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra });

  const CASES: [string, () => string, number, string][] = [
    ['a 100,000-alias query', () => operation(`{ ${Array.from({ length: 100_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`), 413, 'PAYLOAD_TOO_LARGE'],
    [
      'a 5,000-deep query',
      () => operation(`${'{ manager(slug: "x") '.repeat(1)}${'{ products '.repeat(5000)}{ slug }${' }'.repeat(5002)}`),
      400,
      'TOO_MANY_TOKENS',
    ],
    ['10,000 directives', () => operation(`{ __typename ${'@include(if: true) '.repeat(10_000)} }`), 413, 'PAYLOAD_TOO_LARGE'],
    ['50,000 duplicate fields', () => operation(`{ ${'__typename '.repeat(50_000)} }`), 413, 'PAYLOAD_TOO_LARGE'],
    ['3,000 duplicate fields', () => operation(`{ ${'__typename '.repeat(3000)} }`), 400, 'TOO_MANY_TOKENS'],
    [
      'a fragment cycle',
      () =>
        operation(
          'query { manager(slug: "x") { ...A } } fragment A on Manager { products { manager { ...B } } } fragment B on Manager { products { manager { ...A } } }',
        ),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['an unknown fragment', () => operation('{ manager(slug: "x") { ...Nope } }'), 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['two operations without operationName', () => operation('query A { __typename } query B { __typename }'), 400, 'OPERATION_RESOLUTION_FAILURE'],
    ['a JSON batch', () => JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]), 400, 'BAD_REQUEST'],
    [
      'a variable of the wrong type',
      () => operation('query($n: Int) { managers(first: $n) { totalCount } }', { variables: { n: 'ten' } }),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a 1 MB string variable',
      () => operation('query($q: String!) { search(query: $q) { totalCount } }', { variables: { q: 'x'.repeat(1_000_000) } }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a 50 kB string variable',
      () => operation('query($q: String!) { search(query: $q) { totalCount } }', { variables: { q: 'x'.repeat(50_000) } }),
      400,
      'BAD_USER_INPUT',
    ],
    ['a lone surrogate in a query', () => operation('{ manager(slug: "\ud800") { slug } }'), 400, 'INVALID_CHARACTER'],
    [
      'a lone surrogate in a variable',
      () => operation('query($q: String!) { search(query: $q) { totalCount } }', { variables: { q: '灵均\udc00' } }),
      400,
      'INVALID_CHARACTER',
    ],
    [
      'a NUL character in a variable',
      () => operation('query($q: String!) { search(query: $q) { totalCount } }', { variables: { q: '灵\u0000均' } }),
      400,
      'INVALID_CHARACTER',
    ],
    ['a NUL character', () => operation('{ manager(slug: "a\u0000b") { slug } }'), 400, 'INVALID_CHARACTER'],
    ['a right-to-left override in the query', () => operation('{ search(query: "\u202e灵均") { totalCount } }'), 400, 'INVALID_CHARACTER'],
    [
      'a right-to-left override in a variable',
      () => operation('query($q: String!) { search(query: $q) { totalCount } }', { variables: { q: '\u202e灵均' } }),
      400,
      'INVALID_CHARACTER',
    ],
    ['a query that is not a string', () => JSON.stringify({ query: { not: 'a string' } }), 400, 'BAD_REQUEST'],
  ];

  it.each(CASES)('handles %s', async (_label, body, status, code) => {
    const result = await send(body());
    expect(result.status).toBe(status);
    if (status === 200) expect(result.json.errors).toBeUndefined();
    else {
      expect(result.json.errors[0].extensions.code).toBe(code);
      expect(result.json.data ?? null).toBeNull();
    }
    expect(result.ms).toBeLessThan(quickBound(result.harmlessMs));
    const after = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(((await after.json()) as any).data).toEqual({ __typename: 'Query' });
  });
});
