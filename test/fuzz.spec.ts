import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { prng } from '../bench/synthetic-corpus';
import { createSchema } from '../src/api/schema';
import { startTestServer, TestServer } from './support/server';

const QUERIES = 2000;

/** Random valid and invalid queries generated from the schema, with a fixed seed: no 5xx, every body a GraphQL response. */
describe('fuzzing the API', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, limits: { rateLimitPointsPerMinute: 10_000_000 } });
    schema = await createSchema();
  });
  afterAll(() => server.stop());

  it(`answers ${QUERIES} generated queries without a 5xx`, async () => {
    const random = prng(424242);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const junk = [
      '',
      '"',
      '\\',
      '{',
      '}',
      '(',
      ')',
      '$',
      '@',
      '...',
      '#',
      '\u0000',
      '\ud800',
      '\u202e',
      'null',
      '-1',
      '2147483648',
      '1e400',
      '"\u0000"',
      '[[[[',
      ':',
      '灵均',
    ];

    // Six queries in ten are built to be valid; the rest carry junk values, truncations and unknown fields.
    let hostile = false;
    const value = (type: GraphQLInputType, depth: number): string => {
      if (hostile && random() < 0.08) return pick(junk);
      if (isNonNullType(type)) return value(type.ofType, depth);
      if (isListType(type)) return `[${Array.from({ length: Math.floor(random() * 3) }, () => value(type.ofType, depth)).join(', ')}]`;
      if (isEnumType(type)) return !hostile || random() < 0.9 ? pick(type.getValues()).name : 'NOT_A_VALUE';
      if (isInputObjectType(type)) {
        if (depth > 2) return '{}';
        const fields = Object.values(type.getFields()).filter(() => random() < 0.5);
        return `{ ${fields.map((f) => `${f.name}: ${value(f.type, depth + 1)}`).join(', ')} }`;
      }
      if (isScalarType(type)) {
        switch (type.name) {
          case 'Int':
            return String(hostile ? pick([1, 5, 20, 100, 0, -1, 101, 2 ** 31, 3]) : pick([1, 3, 5]));
          case 'Float':
            return String(random() * 100);
          case 'Boolean':
            return pick(['true', 'false']);
          case 'Date':
            return JSON.stringify(
              hostile ? pick(['2024-02-20', '2023-09-01', '2024-02-30', 'yesterday', '2024-13-01']) : pick(['2024-02-20', '2023-09-01', '2024-01-01']),
            );
          case 'DateTime':
            return JSON.stringify(
              hostile
                ? pick(['2024-02-19T09:30:00+08:00', '2024-02-19T09:31:00+08:00', '2024-02-19T09:30:00', 'now'])
                : pick(['2024-02-19T09:30:00+08:00', '2024-02-19T09:31:00+08:00']),
            );
          default:
            return JSON.stringify(
              hostile
                ? pick(['灵均', 'ningbo-lingjun', '', 'x'.repeat(300), 'TWFuYWdlcjptaW5naG9uZw', '000001.SH', 'SSE'])
                : pick(['灵均', 'ningbo-lingjun', 'minghong', 'DMA', '11.95', '靈均', 'TWFuYWdlcjptaW5naG9uZw']),
            );
        }
      }
      return 'null';
    };

    const selection = (type: ReturnType<typeof getNamedType>, depth: number): string => {
      if (!isObjectType(type) && !isInterfaceType(type)) return '';
      const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
      const chosen = fields.filter(() => random() < 0.35).slice(0, 6);
      if (chosen.length === 0) chosen.push(fields.find((f) => isScalarType(getNamedType(f.type))) ?? fields[0]);
      const parts = chosen.map((f) => {
        const args = f.args
          .filter((a: GraphQLArgument) => isNonNullType(a.type) || random() < 0.4)
          .map((a: GraphQLArgument) => `${a.name}: ${value(a.type, 0)}`);
        const named = getNamedType(f.type);
        const inner = isObjectType(named) || isInterfaceType(named) ? (depth >= 4 ? ' { __typename }' : ` { ${selection(named, depth + 1)} }`) : '';
        return `${hostile && random() < 0.05 ? 'alias: ' : ''}${f.name}${args.length ? `(${args.join(', ')})` : ''}${inner}`;
      });
      if (hostile && random() < 0.05) parts.push(pick(['noSuchField', '__typename', '... on Manager { slug }', '...Missing']));
      return parts.join(' ');
    };

    let fiveHundreds = 0;
    const statuses = new Map<number, number>();
    for (let i = 0; i < QUERIES; i += 1) {
      hostile = random() >= 0.6;
      let query = `{ ${selection(schema.getQueryType()!, 0)} }`;
      if (hostile && random() < 0.2) query = query.slice(0, Math.floor(random() * query.length)); // truncated
      if (hostile && random() < 0.1) query = query.replace(/[{}]/, pick(junk));
      const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500) fiveHundreds += 1;
      const body = JSON.parse(text);
      expect(typeof body).toBe('object');
      expect('data' in body || 'errors' in body).toBe(true);
      if (body.errors) for (const error of body.errors) expect(typeof error.message).toBe('string');
    }
    process.stdout.write(`fuzz: ${QUERIES} queries, status counts ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
    expect(fiveHundreds).toBe(0);
    expect(statuses.get(200)).toBeGreaterThan(QUERIES * 0.05); // the generator reaches execution, not only the parser
  }, 180_000);
});
