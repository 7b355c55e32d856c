import { GraphQLSchema } from 'graphql';
import { nestedJson, Operation, OperationBuilder, randomText, withRawVariable } from './query-generator';
import { seededRandom } from './support';

/** One generated HTTP request and the class of mutation that made it. */
export interface GeneratedRequest {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

type Payload = Record<string, unknown>;
type Pick = <T>(list: readonly T[]) => T;

const JSON_TYPE = { 'content-type': 'application/json' };
const PREFLIGHT = { 'apollo-require-preflight': 'true' };

function post(kind: string, payload: Payload | string, headers: Record<string, string> = JSON_TYPE): GeneratedRequest {
  return { kind, method: 'POST', path: '/graphql', headers, body: typeof payload === 'string' ? payload : JSON.stringify(payload) };
}

const base = (op: Operation): Payload => ({ query: op.text, operationName: op.name, variables: op.variables });

function operationNameMutation(op: Operation, pick: Pick): GeneratedRequest {
  const other = `${op.text}\nquery Other { __typename }`;
  const variants: Payload[] = [
    { query: op.text, variables: op.variables },
    { ...base(op), operationName: 'NoSuchOperation' },
    { ...base(op), operationName: 123 },
    { ...base(op), operationName: {} },
    { ...base(op), operationName: [op.name] },
    { ...base(op), operationName: true },
    { ...base(op), operationName: null },
    { ...base(op), operationName: 'x'.repeat(60_000) },
    { ...base(op), operationName: '' },
    { ...base(op), operationName: `${op.name}\u0000` },
    { query: other, variables: op.variables },
    { query: other, variables: op.variables, operationName: 'Other' },
    { query: other, variables: op.variables, operationName: 'Third' },
  ];
  return post('operationName', pick(variants));
}

function operationTypeMutation(op: Operation, pick: Pick): GeneratedRequest {
  const variants: Payload[] = [
    { ...base(op), query: op.text.replace(/^query/, 'mutation') },
    { ...base(op), query: op.text.replace(/^query/, 'subscription') },
    { query: 'mutation { __typename }' },
    { query: 'subscription S { __typename }', operationName: 'S' },
    { query: `${op.text}\nmutation M { __typename }`, operationName: 'M', variables: op.variables },
  ];
  return post('operation type', pick(variants));
}

const DEPTHS = [2, 8, 31, 32, 33, 50, 200, 1000, 2000, 10_000];

function variableDepthMutation(op: Operation, pick: Pick): GeneratedRequest {
  const deep = nestedJson(pick(DEPTHS), pick(['object', 'array', 'mixed'] as const));
  const names = Object.keys(op.variables);
  return post('variable depth', withRawVariable(base(op), names.length && pick([true, false]) ? pick(names) : 'deep', deep));
}

function variableSizeMutation(op: Operation, pick: Pick, random: () => number): GeneratedRequest {
  const names = Object.keys(op.variables);
  const target = names.length && pick([true, false]) ? pick(names) : 'pad';
  const values: (() => unknown)[] = [
    () => randomText(random, 90_000),
    () => Array.from({ length: 10_000 }, (_, i) => `s${i}`),
    () => Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])),
    () => ({ [randomText(random, 60_000)]: 1 }),
    () => '灵'.repeat(30_000),
  ];
  return post('variable size', { ...base(op), variables: { ...op.variables, [target]: pick(values)() } });
}

function variableShapeMutation(op: Operation, pick: Pick): GeneratedRequest {
  const names = Object.keys(op.variables);
  const one = names.length ? pick(names) : 'v0';
  const body = JSON.stringify(base(op));
  const variants: (Payload | string)[] = [
    { ...base(op), variables: 'a string' },
    { ...base(op), variables: JSON.stringify(op.variables) },
    { ...base(op), variables: [] },
    { ...base(op), variables: 5 },
    { ...base(op), variables: null },
    { ...base(op), variables: true },
    { ...base(op), variables: {} },
    { ...base(op), variables: { ...op.variables, [one]: 12 } },
    { ...base(op), variables: { ...op.variables, [one]: 'twelve' } },
    { ...base(op), variables: { ...op.variables, [one]: { a: 1 } } },
    { ...base(op), variables: { ...op.variables, [one]: 2 ** 53 + 2 } },
    { ...base(op), variables: { ...op.variables, unknown: 'x' } },
    body.replace(/"variables":\{/, `"variables":{"${one}":1e400,`),
    body.replace(/"variables":\{/, `"variables":{"${one}":-0,`),
    body.replace(/"variables":\{/, `"variables":{"${one}":"\\ud800",`),
    body.replace(/"variables":\{/, `"variables":{"${one}":"a\\u0000b",`),
  ];
  return post('variable shape', pick(variants));
}

function extensionsMutation(op: Operation, pick: Pick): GeneratedRequest {
  const variants: Payload[] = [
    { ...base(op), extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } },
    { operationName: op.name, variables: op.variables, extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } },
    { ...base(op), extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } },
    { ...base(op), extensions: { persistedQuery: 'yes' } },
    { ...base(op), extensions: 'a string' },
    { ...base(op), extensions: [1, 2] },
    { ...base(op), extensions: { big: 'x'.repeat(50_000) } },
    { ...base(op), extensions: null },
  ];
  return post('extensions', pick(variants));
}

const JUNK = ['{', '}', '(', ')', '$', '@', '...', '"', '\\', '#', ':', '!', '=', '|', '&', '[', ']', '\ufeff', '\u2028'];
const ESCAPES = ['\\u0000', '\\u0001', '\\u001b', '\\ud800', '\\udfff', '\\u0008'];

function textMutation(op: Operation, pick: Pick, random: () => number): GeneratedRequest {
  const at = Math.floor(random() * op.text.length);
  const withField = (field: string) => op.text.replace('{ ', `{ ${field} `);
  const variants: (() => string)[] = [
    () => op.text.slice(0, at),
    () => op.text.slice(0, at) + pick(JUNK) + op.text.slice(at),
    () => withField(`zz: manager(slug: "a${pick(ESCAPES)}b") { slug }`),
    () => withField(`zz: search(query: "${pick(ESCAPES)}") { totalCount }`),
    () => `${op.text}\n${op.text}`,
    () => `\ufeff${op.text}`,
    () => op.text.replace(/ /g, ' , # comment\n'),
    () => op.text.replace(/^query \w+/, `query ${'A'.repeat(50_000)}`),
    () => withField('zz: managers(first: 99999999999999999999) { totalCount }'),
    () => withField('zz: manager(slug: """a\\u0000""") { slug }'),
  ];
  return post('query text', { ...base(op), query: pick(variants)() });
}

/** GET requests: parameters in the URL, malformed, duplicated and out of place. */
function getMutation(op: Operation, pick: Pick): GeneratedRequest {
  const params = new URLSearchParams({ query: op.text, operationName: op.name });
  if (Object.keys(op.variables).length) params.set('variables', JSON.stringify(op.variables));
  const enc = encodeURIComponent;
  const raw: (() => string)[] = [
    () => params.toString(),
    () => `${params.toString()}&query=${enc('{ __typename }')}`,
    () => `${params.toString()}&variables=${enc('{"a":1}')}&variables=${enc('{"b":2}')}`,
    () => `${params.toString()}&operationName=Other`,
    () => `query=${enc(op.text)}&variables=${enc(pick(['{', '{"a":', 'null', '[]', '"x"', '1', 'true', '{"v0":"a\\u0000b"}', '{"v0":"\\ud800"}']))}`,
    () => `query=${enc(op.text)}&variables=%zz`,
    () => `query=${enc(op.text)}&variables=${enc(`{"deep":${nestedJson(pick([40, 500, 2000]), 'object')}}`)}`,
    () => `query=${enc(op.text)}&extensions=${enc(pick(['{"persistedQuery":{"version":1,"sha256Hash":"abc"}}', '{', 'x', '[]']))}`,
    () => `query=${enc(op.text.replace(/^query/, 'mutation'))}`,
    () => `query=${enc(op.text.replace(/^query/, 'subscription'))}`,
    () => pick(['', 'query=', 'query', '&&&', '=', 'query=%', 'query=%00', `query=${enc('{ __typename }')}%zz`, 'variables={}']),
    () => `query=${enc('query($s: String!) { manager(slug: $s) { slug } }')}&variables=${enc('{"s":"a\\u0000b"}')}`,
    () => `query=${enc(`{ zz: manager(slug: "a${pick(ESCAPES)}b") { slug } }`)}`,
  ];
  const headers: Record<string, string> = pick([true, true, false]) ? { ...PREFLIGHT } : {};
  if (pick([true, false])) headers.accept = pick(GET_ACCEPT);
  return { kind: 'GET parameters', method: 'GET', path: `/graphql?${pick(raw)()}`, headers };
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
  'application/json;charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset="utf-8"',
  'application/json; charset=',
  'application/json;;;',
  'APPLICATION/JSON',
  'application/graphql-response+json',
  'application/graphql',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
  'application/jsonx',
  'application/json, text/plain',
  '*/*',
  'application/ld+json',
  'application/json\t',
  'application/json; charset=ebcdic',
  'application/json; boundary=----x',
];
const GET_ACCEPT = [
  'application/json',
  'application/graphql-response+json',
  'application/graphql-response+json, application/json;q=0.9',
  '*/*',
  'application/*',
  'application/xml',
  'application/json;q=0',
  '',
  'image/png',
  ';;;,,,',
  'application/graphql-response+json; charset=utf-16',
];
const POST_ACCEPT = [...GET_ACCEPT, 'text/html', 'text/html, application/json'];

function headerMutation(op: Operation, pick: Pick): GeneratedRequest {
  const headers: Record<string, string> = { 'content-type': pick(CONTENT_TYPES) };
  if (headers['content-type'] === '') delete headers['content-type'];
  if (pick([true, false])) headers.accept = pick(POST_ACCEPT);
  const extra = pick<[string, string] | null>([
    null,
    ['x-apollo-operation-name', op.name],
    ['content-encoding', 'gzip'],
    ['if-none-match', '*'],
    ['x-forwarded-for', '1.2.3.4'],
    ['accept-charset', 'utf-16'],
    ['accept-encoding', 'br;q=x'],
  ]);
  if (extra) headers[extra[0]] = extra[1];
  return post('headers', base(op), headers);
}

const KINDS: [number, string][] = [
  [0.22, 'valid'],
  [0.1, 'operationName'],
  [0.04, 'operation type'],
  [0.08, 'variable depth'],
  [0.06, 'variable size'],
  [0.07, 'variable shape'],
  [0.05, 'extensions'],
  [0.1, 'query text'],
  [0.16, 'GET parameters'],
  [0.12, 'headers'],
];

/** `count` requests from one seed: the same seed gives the same requests. */
export function generateRequests(schema: GraphQLSchema, count: number, seed: number): GeneratedRequest[] {
  const random = seededRandom(seed);
  const builder = new OperationBuilder(schema, random);
  const pick: Pick = (list) => builder.pick(list);
  const requests: GeneratedRequest[] = [];
  for (let i = 0; i < count; i += 1) {
    const op = builder.build();
    let roll = random();
    const kind = KINDS.find(([weight]) => (roll -= weight) < 0)?.[1] ?? 'valid';
    requests.push(mutate(kind, op, pick, random));
  }
  return requests;
}

function mutate(kind: string, op: Operation, pick: Pick, random: () => number): GeneratedRequest {
  switch (kind) {
    case 'operationName':
      return operationNameMutation(op, pick);
    case 'operation type':
      return operationTypeMutation(op, pick);
    case 'variable depth':
      return variableDepthMutation(op, pick);
    case 'variable size':
      return variableSizeMutation(op, pick, random);
    case 'variable shape':
      return variableShapeMutation(op, pick);
    case 'extensions':
      return extensionsMutation(op, pick);
    case 'query text':
      return textMutation(op, pick, random);
    case 'GET parameters':
      return getMutation(op, pick);
    case 'headers':
      return headerMutation(op, pick);
    default:
      return post('valid', base(op));
  }
}
