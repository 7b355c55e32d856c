import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ResponseCache } from '../src/http/response-cache';
import { exitOf, startMain } from './support/main-process';
import { databaseEnv, itOnSqlite, tempDbPath } from './support/database';
import { startTestServer, TestServer } from './support/server';

const MAIN = path.join(__dirname, '..', 'dist', 'src', 'main.js');
/** Lists the data fills to their bounds, so that its answer costs what it was estimated to: the case where charging could overspend. */
const QUERY =
  '{ a: timeline(limit: 1000) { date event { sources { quote } } } b: timeline(limit: 1000) { date event { managers { slug } } } authorities { code sources { quote } } concepts { aliases sources { quote } } }';

async function post(server: TestServer, query: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, ...extra }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('one client cannot overspend', () => {
  it('reserves each estimate before running it: of twelve concurrent queries only those that fit are answered', async () => {
    const probe = await startTestServer({ seed: true });
    const { estimated, actual } = (await post(probe, QUERY)).body.extensions.cost;
    await probe.stop();
    const cost: number = estimated.cost;
    expect(actual.cost).toBe(cost);
    expect(cost).toBeGreaterThan(50);
    // Room for four and a half of them; the cache is off so that every one runs.
    const server = await startTestServer({
      seed: true,
      limits: { rateLimitPointsPerMinute: Math.floor(cost * 4.5) },
      responseCache: { maxBytes: 0, maxAgeSeconds: 0 },
    });
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => post(server, QUERY)));
      const answered = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      expect(answered).toHaveLength(4);
      expect(refused).toHaveLength(8);
      for (const r of refused) {
        expect(r.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', cost });
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // Four answers were charged their cost and each refusal one point: what is left, once all are done, is below one more query.
      const after = await post(server, '{ __typename }');
      expect(Number(after.headers.get('x-ratelimit-remaining'))).toBeLessThan(cost);
    } finally {
      await server.stop();
    }
  });
});

describe('the protocol for bad operations', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  it.each([
    ['a mutation', 'mutation { x }', {}, 'OPERATION_NOT_SUPPORTED'],
    ['a subscription', 'subscription { x }', {}, 'OPERATION_NOT_SUPPORTED'],
    ['an unknown operation name', 'query A { __typename }', { operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
    ['first of 500', '{ managers(first: 500) { totalCount } }', {}, 'BAD_USER_INPUT'],
    ['first and last', '{ managers(first: 5, last: 5) { totalCount } }', {}, 'BAD_USER_INPUT'],
    ['101 ids', `{ nodes(ids: [${Array.from({ length: 101 }, () => '"x"').join(',')}]) { id } }`, {}, 'BAD_USER_INPUT'],
    [
      'a 90 kB filter value',
      'query($s: String!) { events(filter: { managerSlugs: [$s] }) { totalCount } }',
      { variables: { s: 'x'.repeat(90_000) } },
      'BAD_USER_INPUT',
    ],
    [
      'a list of 5,000 slugs',
      'query($s: [String!]!) { events(filter: { managerSlugs: $s }) { totalCount } }',
      { variables: { s: Array.from({ length: 5000 }, (_, i) => `m${i}`) } },
      'BAD_USER_INPUT',
    ],
    [
      'variables 40 levels deep',
      'query($f: EventFilter) { events(filter: $f) { totalCount } }',
      { variables: { f: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) } },
      'VARIABLES_TOO_DEEP',
    ],
    [
      'variables 2,000 levels deep',
      'query($f: EventFilter) { events(filter: $f) { totalCount } }',
      { variables: { f: JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`) } },
      'VARIABLES_TOO_DEEP',
    ],
    ['an escaped NUL in a string literal', '{ search(query: "\\u0000灵均") { totalCount } }', {}, 'INVALID_CHARACTER'],
    ['an escaped override in a block string', '{ search(query: """\u202e灵均""") { totalCount } }', {}, 'INVALID_CHARACTER'],
    [
      'a persisted-query hash that does not match',
      '{ __typename }',
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } },
      'BAD_REQUEST',
    ],
  ])('answers %s with 400 and its own code, no data', async (_label, query, extra, code) => {
    const { status, body } = await post(server, query, extra);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe(code);
    expect(JSON.stringify(body)).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('answers partial data with 200 on application/json and 2xx on application/graphql-response+json', async () => {
    const query = '{ managers(first: 1) { totalCount } node(id: "not-an-id") { id } }';
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const response = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as any;
      expect(response.status).toBe(200);
      expect(body.data.managers.totalCount).toBeGreaterThan(0);
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it.each([
    ['fund_watch:4000', 200],
    ['[::1]:4000', 200],
    ['localhost.', 200],
    ['a b', 400],
    ['x/y', 400],
    ['user@host', 400],
  ])('answers a Host header of %s with %d', async (host, status) => {
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer.split(' ')[1]).toBe(String(status));
    if (status === 400) expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).errors[0].extensions.code).toBe('BAD_HOST_HEADER');
  });

  it('checks GET parameters as it checks a POST body', async () => {
    const get = async (params: Record<string, string>) => {
      const url = new URL(server.graphqlUrl);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      const response = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
      return { status: response.status, body: (await response.json()) as any };
    };
    const search = 'query($q: String!) { search(query: $q) { totalCount } }';
    expect((await get({ query: search, variables: JSON.stringify({ q: '\u0000' }) })).body.errors[0].extensions.code).toBe('INVALID_CHARACTER');
    expect(
      (await get({ query: search, variables: JSON.stringify({ q: 'a', d: JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) }) })).body.errors[0].extensions
        .code,
    ).toBe('VARIABLES_TOO_DEEP');
    expect((await get({ query: search, operationName: '\u202e' })).status).toBe(400);
    expect((await get({ query: search, variables: JSON.stringify({ q: '灵均' }) })).status).toBe(200);
  });
});

describe('memory a client can fill is bounded by bytes', () => {
  it('keeps response-cache keys and its seen set at a fixed size however large the variables', () => {
    const cache = new ResponseCache(1024 * 1024);
    const pad = 'p'.repeat(90_000);
    const keys = new Set<number>();
    for (let i = 0; i < 3000; i += 1) {
      const key = cache.key({ query: '{ __typename }', operationName: null, variables: { pad: `${i}${pad}` } }, 'application/json')!;
      keys.add(key.length);
      const answer = { status: 200, head: [], bytes: Buffer.from('{"data":{"__typename":"Query"}'), etag: '"1"', estimated: { nodes: 0, cost: 1 } };
      cache.set(key, 1, answer);
      cache.set(key, 1, answer);
    }
    expect([...keys]).toEqual([43]);
    expect(cache.stats.bytes).toBeLessThanOrEqual(1024 * 1024);
    // About 370 bytes an entry: the newest ones fill the megabyte, the oldest made room.
    expect(cache.stats.entries).toBeGreaterThan(2500);
    expect(cache.stats.entries).toBeLessThan(3000);
  });
});

describe('a database file changed under a running server', () => {
  const cases: [string, (file: string) => void][] = [
    ['deleted', (file) => fs.unlinkSync(file)],
    ['truncated to zero', (file) => fs.truncateSync(file, 0)],
    [
      'replaced',
      (file) => {
        fs.copyFileSync(file, `${file}.copy`);
        fs.renameSync(`${file}.copy`, file);
      },
    ],
  ];
  it.each(cases)('is reported when %s: /readyz says so and requests answer 503, never stale data', async (_label, change) => {
    if (process.env.DATABASE_URL) return; // a file exists only on SQLite
    const database = tempDbPath();
    const server = await startTestServer({ seed: true, database });
    try {
      const url = new URL(server.graphqlUrl);
      url.searchParams.set('query', '{ events { totalCount } }');
      const get = () => fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(200); // now cached
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      change(database);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', database: 'damaged' });
      const cached = await get();
      expect(cached.status).toBe(503);
      expect(((await cached.json()) as any).errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
      const fresh = await post(server, '{ managers { totalCount } }');
      expect(fresh.status).toBe(503);
      expect((await fetch(`${server.url}/export/events.json`)).status).toBe(503);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

/** Starts the compiled server and waits for it to exit: its code and what it printed. */
async function exitWith(env: Record<string, string>, preload?: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [...(preload ? ['-r', preload] : []), MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await exitOf(child);
  clearTimeout(timer);
  return { code, output };
}

describe('start-up on a damaged database file', () => {
  const cases: [string, () => Buffer][] = [
    ['an empty (0-byte) file', () => Buffer.alloc(0)],
    ['a file that is not SQLite', () => Buffer.from('name,value\nminghong,1\n'.repeat(200))],
    ['a SQLite header over garbage', () => Buffer.concat([Buffer.from('SQLite format 3\u0000', 'latin1'), Buffer.alloc(8192, 0xa5)])],
  ];
  it.each(cases)('refuses %s with exit 78 and the reason, and leaves it as it was', async (_label, content) => {
    if (process.env.DATABASE_URL) return;
    const file = tempDbPath();
    fs.writeFileSync(file, content());
    const before = fs.readFileSync(file);
    const { code, output } = await exitWith({ DB_PATH: file });
    expect(code).toBe(78);
    expect(output).toContain(`The database file ${file}`);
    expect(output).not.toMatch(/Loaded the curated seed/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  itOnSqlite('still seeds a database file that does not exist yet', async () => {
    const file = tempDbPath();
    const main = await startMain(databaseEnv(file));
    expect(main.output()).toMatch(/Loaded the curated seed/);
    expect(await main.stop()).toBe(0);
  });
});

describe('errors that escape every handler', () => {
  /** A server whose process, on SIGUSR2, runs `body` outside any handler of ours. */
  const startWithTrigger = (body: string) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-preload-')), 'preload.js');
    fs.writeFileSync(file, `process.on('SIGUSR2', () => setImmediate(() => { ${body} }));`);
    return startMain({ ...databaseEnv(tempDbPath()), NODE_OPTIONS: `--require ${file}` });
  };

  it('a stray promise rejection is logged and the server serves on', async () => {
    const main = await startWithTrigger("Promise.reject(new Error('stray rejection'));");
    try {
      main.child.kill('SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const response = await fetch(`${main.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      expect(response.status).toBe(200);
      expect(main.output()).toContain('unhandled promise rejection; serving on');
      expect(main.output()).toContain('stray rejection');
    } finally {
      expect(await main.stop()).toBe(0);
    }
  });

  it('an uncaught exception is logged, then the process drains and exits with 70 for its supervisor', async () => {
    const main = await startWithTrigger("throw new Error('escaped exception');");
    const exited = exitOf(main.child);
    main.child.kill('SIGUSR2');
    expect(await exited).toBe(70);
    expect(main.output()).toContain('escaped exception');
    expect(main.output()).toContain('uncaught exception; exiting with 70');
  });
});
