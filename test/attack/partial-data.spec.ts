import { plainRequest, PlainResponse } from './support';
import { startTestServer, TestServer } from '../support/server';

/**
 * Partial data, per GraphQL over HTTP: a response that carries `data` (one field failed, others
 * resolved) is 200 with application/json, and 2xx with application/graphql-response+json; the
 * errors come with it. Each query here has a field that fails on bad input beside fields that resolve.
 */
const PARTIAL = [
  ['a bad node id beside __typename', '{ __typename node(id: "garbage!!") { id } }', '__typename'],
  ['a bad node id beside a manager', '{ manager(slug: "minghong") { slug } node(id: "garbage!!") { id } }', 'manager'],
  [
    'a bad cursor inside a nullable manager, beside authorities',
    '{ authorities { code } manager(slug: "minghong") { slug events(after: "not a cursor") { totalCount } } }',
    'authorities',
  ],
] as const;

const ACCEPTS = [
  ['application/json', (status: number) => status === 200],
  ['application/graphql-response+json', (status: number) => status >= 200 && status < 300],
  ['application/graphql-response+json, application/json;q=0.9', (status: number) => status >= 200 && status < 300],
] as const;

describe('partial data over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  function shapeOf(response: PlainResponse, resolvedField: string) {
    const body = JSON.parse(response.text);
    return {
      hasData: body.data !== null && body.data !== undefined,
      resolved: body.data?.[resolvedField] !== undefined && body.data?.[resolvedField] !== null,
      errors: body.errors?.length ?? 0,
    };
  }

  describe.each(ACCEPTS)('accepting %s', (accept, statusOk) => {
    it.each(PARTIAL)('POST: %s', async (_label, query, resolvedField) => {
      const response = await plainRequest(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query }),
      });
      expect(shapeOf(response, resolvedField)).toEqual({ hasData: true, resolved: true, errors: expect.any(Number) });
      expect(shapeOf(response, resolvedField).errors).toBeGreaterThan(0);
      expect(statusOk(response.status) ? 'an allowed status' : `status ${response.status}`).toBe('an allowed status');
    });

    it.each(PARTIAL)('GET: %s', async (_label, query, resolvedField) => {
      const response = await plainRequest(server.url, {
        path: `/graphql?query=${encodeURIComponent(query)}`,
        headers: { accept, 'apollo-require-preflight': 'true' },
      });
      expect(shapeOf(response, resolvedField)).toEqual({ hasData: true, resolved: true, errors: expect.any(Number) });
      expect(statusOk(response.status) ? 'an allowed status' : `status ${response.status}`).toBe('an allowed status');
    });
  });
});
