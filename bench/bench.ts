import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectPath } from '../src/config/config';
import { runCommand } from '../src/cli/run-command';
import Database from 'better-sqlite3';
import { Scale, SCALES, managerSlug, YEARS, SYNTHETIC_AUTHORITIES } from './dataset';
import { buildDataset, defaultDatasetFile } from './gen';
import { holdsLoadedData, isDatabaseUrl, siblingUrl } from './postgres';
import { measureSeedLoad, SeedLoadResult } from './seed-load';
import { VOCABULARY } from './synthetic-corpus';

// autocannon ships no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: (options: Record<string, unknown>) => Promise<AutocannonResult> = require('autocannon');

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

const USAGE = `Usage: npm run bench -- [--duration SECONDS] [--connections N] [--scales S,M,L] [--skip-load] [--database-url postgres://…] [--baseline DIR [--rounds N]]
  Compares, in one run, a raw node:http control returning recorded bytes with the API on the M dataset
  (built with npm run gen when missing), then Q1, Q2 and Q4 at each scale. Writes bench/results/<date>.json
  and .md, and exits 1 when a target is missed. With --database-url the API serves PostgreSQL: each
  dataset is a database named after the URL's (fundwatch_bench_m), built when missing, and the results
  go to bench/results/<date>-postgres.json and .md.
  With --baseline DIR (another checkout of this repository, built) it measures only Q1 cached and
  uncached on M, that build's server and this one's taking turns for --rounds rounds (default 3), and
  writes bench/results/<date>-baseline.json and .md.`;

/** Targets as ratios and limits measured in the same run (README, "Performance"). */
export const TARGETS = {
  q1CachedShareOfControl: 0.6,
  q1UncachedShareOfControl: 0.12,
  q1P99AtHalfRateMs: 10,
  q4P95Ms: 5,
  q4P99Ms: 10,
  q4MaxMs: 50,
  seedLoadShareOfRaw: 0.6,
  rssMb: 300,
};

interface QuerySpec {
  id: string;
  title: string;
  query: string;
  /** Variables for the cached run (the same every request). */
  fixed: Record<string, unknown>;
  /** Variables for the n-th request of the uncached run: distinct for every n below `distinct`. */
  varied: (n: number) => Record<string, unknown>;
  distinct: number;
}

const EVENT_FIELDS = '... on Event { id title date sources { quote announcement { title publishedOn } } }';

/** The market windows of a dataset, for Q3: instrument and interval of each. */
function windowsOf(scale: Scale): { instrumentCode: string; startAt: string; endAt: string }[] {
  const db = new Database(defaultDatasetFile(scale), { readonly: true });
  try {
    return db.prepare('SELECT "instrumentCode", "startAt", "endAt" FROM market_window ORDER BY "key"').all() as {
      instrumentCode: string;
      startAt: string;
      endAt: string;
    }[];
  } finally {
    db.close();
  }
}

/** Q0 to Q5 over a dataset of the given scale. */
function querySpecs(scale: Scale, q5Events = 20): QuerySpec[] {
  const size = SCALES[scale];
  const windows = windowsOf(scale);
  const windowVariables = (i: number, secondsBefore: number) => ({
    code: windows[i].instrumentCode,
    from: new Date(Date.parse(windows[i].startAt) - secondsBefore * 1000).toISOString(),
    to: windows[i].endAt,
  });
  const days: string[] = [];
  for (const year of YEARS)
    for (let m = 1; m <= 12; m += 1) for (let d = 1; d <= 28; d += 1) days.push(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  const authorities = SYNTHETIC_AUTHORITIES.map((a) => a.code);
  const terms = VOCABULARY.filter((w) => [...w].length === 2);
  return [
    { id: 'Q0', title: '{ __typename }', query: '{ __typename }', fixed: {}, varied: () => ({}), distinct: 1 },
    {
      id: 'Q1',
      title: 'a manager page: the manager, 20 events and their citations',
      query: `query Q1($slug: String!, $first: Int) { manager(slug: $slug) { id shortName legalName status aumBand products { name } events(first: $first) { totalCount nodes { __typename ${EVENT_FIELDS} } pageInfo { hasNextPage endCursor } } } }`,
      fixed: { slug: managerSlug(0), first: 20 },
      varied: (n) => ({ slug: managerSlug(n % size.managers), first: 20 - (Math.floor(n / size.managers) % 20) }),
      distinct: size.managers * 20,
    },
    {
      id: 'Q2',
      title: 'events filtered by authority and date, 50 items',
      query: `query Q2($authorities: [String!], $from: Date, $to: Date) { events(filter: { authorities: $authorities, from: $from, to: $to }, first: 50) { totalCount nodes { __typename ${EVENT_FIELDS} } } }`,
      fixed: { authorities: ['XEA'], from: '2020-01-01', to: '2022-12-31' },
      varied: (n) => ({
        authorities: [authorities[n % authorities.length]],
        from: days[Math.floor(n / authorities.length) % (days.length - 400)],
        to: days[(Math.floor(n / authorities.length) % (days.length - 400)) + 300],
      }),
      distinct: authorities.length * (days.length - 400),
    },
    {
      id: 'Q3',
      title: 'a market window with its episodes and events',
      query:
        'query Q3($code: String, $from: DateTime, $to: DateTime) { marketWindows(filter: { instrumentCode: $code, from: $from, to: $to }, first: 1) { nodes { id start end startLevel endLevel changePercent turnoverCny instrument { code name } sources { quote } ' +
        `episodes { id amountCny start end shareOfTurnoverPercent manager { shortName } events { ${EVENT_FIELDS} } } events { ${EVENT_FIELDS} } } } }`,
      fixed: windowVariables(0, 0),
      // The same window, asked for from a different second before it starts: distinct variables, the same answer.
      varied: (n) => windowVariables(n % windows.length, Math.floor(n / windows.length) % 60),
      distinct: windows.length * 60,
    },
    {
      id: 'Q4',
      title: 'search for a two-character term: 10 hits with snippets and facets',
      query:
        'query Q4($q: String!, $first: Int) { search(query: $q, first: $first) { totalCount countsAreExact hits { title snippet kind score } facets { kinds { value count } authorities { value count } years { value count } } } }',
      fixed: { q: '量化', first: 10 },
      varied: (n) => ({ q: terms[n % terms.length], first: 10 - (Math.floor(n / terms.length) % 5) }),
      distinct: terms.length * 5,
    },
    {
      id: 'Q5',
      title: 'the most expensive query the limits allow',
      query: `query Q5($first: Int, $events: Int) { managers(first: $first) { nodes { slug shortName products { name } events(first: $events) { totalCount nodes { __typename ${EVENT_FIELDS} } } } } }`,
      fixed: { first: 100, events: q5Events },
      varied: (n) => ({ first: 100 - (n % 10), events: q5Events - (Math.floor(n / 10) % 10) }),
      distinct: 100,
    },
  ];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return os.cpus().length >= 2;
  } catch {
    return false;
  }
})();

/** Starts a process pinned to core 0 (the load generator, this process, runs on core 1). */
function spawnPinned(args: string[], env: Record<string, string>): ChildProcess {
  const [command, ...rest] = hasTaskset ? ['taskset', '-c', '0', process.execPath, ...args] : [process.execPath, ...args];
  return spawn(command, rest, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitFor(url: string, child: ChildProcess, what: string): Promise<void> {
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  for (let i = 0; i < 1200; i += 1) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer ${url}:\n${output}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

interface ApiServer {
  url: string;
  child: ChildProcess;
}

/** The API as `npm start` runs it, from this checkout's build or from another's (`main`, a compiled src/main.js). */
async function startApi(dataset: string, main = projectPath('dist', 'src', 'main.js')): Promise<ApiServer> {
  if (!isDatabaseUrl(dataset)) warm(dataset);
  const port = await freePort();
  // As `npm start` runs it: a 256 MB heap keeps the process's memory bounded under load.
  const child = spawnPinned(['--max-old-space-size=256', main], {
    ...(isDatabaseUrl(dataset) ? { DATABASE_URL: dataset } : { DB_PATH: dataset, DATABASE_URL: '' }),
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_ON_START: 'false',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_POINTS_PER_MINUTE: '1000000000',
  });
  child.stdout?.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, child, 'the API server');
  return { url, child };
}

/** CPU time (user + system, µs) and resident memory (MB) of a process, from /proc. */
function processUsage(pid: number): { cpuMicros: number; rssMb: number; peakRssMb: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { cpuMicros: (ticks * 1_000_000) / 100, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Waits until the server has worked off what a run left queued: /healthz answers within 5 ms three times running. */
async function settle(url: string): Promise<void> {
  let quick = 0;
  for (let i = 0; i < 2400 && quick < 3; i += 1) {
    const started = performance.now();
    // A pooled keep-alive connection the server has just closed fails once: that is not an answer, try again.
    const answered = await fetch(`${url}/healthz`).then(
      (r) => r.arrayBuffer().then(() => true),
      () => false,
    );
    quick = answered && performance.now() - started < 5 ? quick + 1 : 0;
    if (quick === 0) await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads a database file through once, so that every server starts on a warm OS page cache. */
function warm(file: string): void {
  const buffer = Buffer.alloc(1 << 22);
  const fd = fs.openSync(file, 'r');
  try {
    while (fs.readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
}

const body = (spec: QuerySpec, variables: Record<string, unknown>) => JSON.stringify({ query: spec.query, variables });
const HEADERS = { 'content-type': 'application/json' };

interface LoadRun {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  failures: number;
  cpuMicrosPerRequest: number | null;
  rssMb: number | null;
}

/** Drives `url` with autocannon; `varied` makes every request's body distinct. */
async function drive(
  url: string,
  spec: QuerySpec,
  mode: 'cached' | 'uncached',
  options: { duration: number; connections: number; pid?: number; overallRate?: number; path?: string; offset?: number },
): Promise<LoadRun> {
  // Uncached runs draw variable sets from `offset` on: runs given distinct offsets never repeat each other's.
  let n = options.offset ?? 0;
  const fixedBody = body(spec, spec.fixed);
  const before = options.pid ? processUsage(options.pid) : null;
  const result = await autocannon({
    url: `${url}${options.path ?? '/graphql'}`,
    connections: options.connections,
    duration: options.duration,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        headers: HEADERS,
        body: fixedBody,
        setupRequest: (request: { body: string }) => {
          if (mode === 'uncached') request.body = body(spec, spec.varied(n++));
          return request;
        },
      },
    ],
  });
  const after = options.pid ? processUsage(options.pid) : null;
  await settle(url);
  if (mode === 'uncached' && n - (options.offset ?? 0) > spec.distinct)
    console.warn(`  ${spec.id} uncached: ${n} requests over ${spec.distinct} distinct variable sets; some repeated`);
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuMicrosPerRequest: before && after && result.requests.total ? (after.cpuMicros - before.cpuMicros) / result.requests.total : null,
    rssMb: after?.rssMb ?? null,
  };
}

/** Latencies in ms, and how many requests failed. */
interface Latencies {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
}

/** One connection, one request at a time: each latency is the server's time for that request. */
async function sequential(url: string, spec: QuerySpec, count: number, offset = 0): Promise<Latencies> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(`${url}/graphql`);
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < count; i += 1) {
    const payload = body(spec, spec.varied(offset + i));
    const started = performance.now();
    const text = await new Promise<string>((resolve, reject) => {
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { ...HEADERS, 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          let data = '';
          response.on('data', (c) => (data += c));
          response.on('end', () => resolve(response.statusCode === 200 ? data : `status ${response.statusCode}`));
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
    times.push(performance.now() - started);
    if (!text.startsWith('{') || text.includes('"errors"')) errors += 1;
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: times[times.length - 1], errors };
}

async function post(url: string, spec: QuerySpec, variables: Record<string, unknown>) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: HEADERS, body: body(spec, variables) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', text: await response.text() };
}

const round = (value: number | null, digits = 2) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

interface BenchOptions {
  duration: number;
  connections: number;
  /** The scales to measure growth at; M always among them. */
  scales: Scale[];
  databaseUrl: string | undefined;
  /** What the API serves: SQLite or PostgreSQL. */
  database: string;
  /** Where a scale's dataset is: its SQLite file, or its PostgreSQL database. */
  datasetOf: (scale: Scale) => string;
  skipLoad: boolean;
}

function parseOptions(argv: string[]): BenchOptions {
  const valueOf = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  const duration = Number(valueOf('--duration') ?? 6);
  const connections = Number(valueOf('--connections') ?? 50);
  const scales = (valueOf('--scales') ?? 'S,M,L').split(',') as Scale[];
  if (!scales.includes('M')) scales.push('M');
  const databaseUrl = valueOf('--database-url');
  const datasetOf = (scale: Scale) => (databaseUrl ? siblingUrl(databaseUrl, scale) : defaultDatasetFile(scale));
  return { duration, connections, scales, databaseUrl, database: databaseUrl ? 'PostgreSQL' : 'SQLite', datasetOf, skipLoad: argv.includes('--skip-load') };
}

interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  pinned: boolean;
}

/** Pins this process (the load generator) to core 1 when it can, and says what the bench runs on. */
function prepareMachine(): Machine {
  if (hasTaskset) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    pinned: hasTaskset,
  };
  console.log(
    `fundwatch bench: ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}${hasTaskset ? ', server on core 0, load generator on core 1' : ', not pinned (no taskset)'}`,
  );
  return machine;
}

/** Builds each scale's dataset that is missing: its SQLite file and, with --database-url, its PostgreSQL database. */
async function ensureDatasets({ scales, databaseUrl, datasetOf }: BenchOptions): Promise<void> {
  for (const scale of scales) {
    const file = defaultDatasetFile(scale);
    if (!fs.existsSync(file)) {
      console.log(`building the ${scale} dataset (npm run gen -- --scale ${scale}) …`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await buildDataset(scale, 1, file);
    }
    // Q3's windows are read from the SQLite file; the PostgreSQL dataset is the same data (same seed).
    if (databaseUrl && !(await holdsLoadedData(datasetOf(scale)))) {
      console.log(`building the ${scale} dataset in PostgreSQL (npm run gen -- --scale ${scale} --database-url …) …`);
      await buildDataset(scale, 1, datasetOf(scale));
    }
  }
}

/** The seed loader against raw inserts of the same rows, unless --skip-load. */
async function measureLoad({ skipLoad, databaseUrl }: BenchOptions): Promise<SeedLoadResult | null> {
  if (skipLoad) return null;
  console.log(`seed load of M: the seed loader against raw ${databaseUrl ? 'pg multi-row' : 'better-sqlite3'} inserts of the same rows …`);
  const seedLoad = await measureSeedLoad('M', databaseUrl);
  console.log(
    `  loader ${(seedLoad.loaderMs / 1000).toFixed(1)} s, raw ${(seedLoad.rawMs / 1000).toFixed(1)} s for ${seedLoad.rows.toLocaleString('en')} rows: ${(seedLoad.shareOfRaw * 100).toFixed(0)}% of raw speed`,
  );
  return seedLoad;
}

/** Q5's events per manager: as many as the node and cost limits allow for 100 managers. */
async function largestQ5Events(api: ApiServer): Promise<number> {
  let q5Events = 100;
  for (; q5Events > 1; q5Events -= 1) {
    const probe = await post(
      api.url,
      querySpecs('M', q5Events).find((s) => s.id === 'Q5')!,
      { first: 100, events: q5Events },
    );
    if (probe.status === 200 && !JSON.parse(probe.text).errors) break;
  }
  return q5Events;
}

/** Every query's answer to its fixed variables, recorded for the control to replay, and its cost; every query must also answer its varied variables. */
async function recordResponses(api: ApiServer, specs: QuerySpec[]): Promise<{ recordingFile: string; costs: Record<string, unknown> }> {
  const recordingFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-bench-')), 'recording.json');
  const recording: Record<string, { contentType: string; body: string }> = {};
  const costs: Record<string, unknown> = {};
  for (const spec of specs) {
    const answer = await post(api.url, spec, spec.fixed);
    const parsed = JSON.parse(answer.text);
    if (answer.status !== 200 || parsed.errors) throw new Error(`${spec.id} failed: ${answer.text.slice(0, 500)}`);
    recording[`/${spec.id}`] = { contentType: answer.contentType, body: answer.text };
    costs[spec.id] = { bytes: Buffer.byteLength(answer.text), ...parsed.extensions?.cost };
    const uncached = await post(api.url, spec, spec.varied(1));
    if (uncached.status !== 200 || JSON.parse(uncached.text).errors) throw new Error(`${spec.id} (uncached variables) failed: ${uncached.text.slice(0, 500)}`);
  }
  fs.writeFileSync(recordingFile, JSON.stringify(recording));
  console.log('responses:', JSON.stringify(costs));
  return { recordingFile, costs };
}

interface Control {
  child: ChildProcess;
  url: string;
}

/** The raw node:http control (bench/raw-control.ts), returning the recorded bytes. */
async function startControl(recordingFile: string): Promise<Control> {
  const child = spawnPinned([projectPath('dist', 'bench', 'raw-control.js'), recordingFile], {});
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      const found = /listening (\d+)/.exec(c.toString());
      if (found) resolve(Number(found[1]));
    });
    child.once('exit', (code) => reject(new Error(`the control exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

type RunOptions = Pick<BenchOptions, 'duration' | 'connections'>;
type ByQuery = Record<string, LoadRun>;

async function runControl(control: Control, specs: QuerySpec[], { duration, connections }: RunOptions, label: string): Promise<ByQuery> {
  const runs: ByQuery = {};
  for (const spec of specs) {
    runs[spec.id] = await drive(control.url, spec, 'cached', { duration, connections, pid: control.child.pid, path: `/${spec.id}` });
    console.log(`  control ${label} ${spec.id}: ${Math.round(runs[spec.id].reqPerSec)} req/s`);
  }
  return runs;
}

interface ApiRuns {
  /** Each query at saturation, by mode. */
  saturated: { cached: ByQuery; uncached: ByQuery };
  /** Q1 at half its saturation rate, by mode. */
  halfRate: ByQuery;
  /** Q4 one request at a time, each with new variables. */
  q4Latency: Latencies;
}

/** The API on M: every query saturated, uncached then cached; Q4 one at a time first; Q1 at half its rate after. */
async function runApi(api: ApiServer, specs: QuerySpec[], { duration, connections }: RunOptions): Promise<ApiRuns> {
  const saturated = { cached: {} as ByQuery, uncached: {} as ByQuery };
  const halfRate: ByQuery = {};
  let q4Latency: Latencies = { p50: 0, p95: 0, p99: 0, max: 0, errors: 0 };
  for (const spec of specs) {
    if (spec.id === 'Q4') {
      // One at a time and before the load runs, so that none of these terms was asked (and cached) before.
      const count = Math.min(spec.distinct, 3000);
      q4Latency = await sequential(api.url, spec, count, 7);
      console.log(
        `  Q4 one at a time, ${count} distinct queries: p50 ${q4Latency.p50.toFixed(2)} ms, p95 ${q4Latency.p95.toFixed(2)} ms, p99 ${q4Latency.p99.toFixed(2)} ms, max ${q4Latency.max.toFixed(2)} ms`,
      );
    }
    for (const mode of ['uncached', 'cached'] as const) {
      if (mode === 'uncached' && spec.distinct === 1) continue;
      await drive(api.url, spec, mode, { duration: 1, connections, pid: api.child.pid });
      saturated[mode][spec.id] = await drive(api.url, spec, mode, { duration, connections, pid: api.child.pid });
      const r = saturated[mode][spec.id];
      console.log(
        `  ${spec.id} ${mode}: ${Math.round(r.reqPerSec)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${round(r.cpuMicrosPerRequest, 0)} µs CPU/req, RSS ${round(r.rssMb, 0)} MB${r.failures ? `, ${r.failures} FAILED` : ''}`,
      );
    }
    if (spec.id === 'Q1') {
      for (const mode of ['cached', 'uncached'] as const) {
        const rate = Math.max(1, Math.floor(saturated[mode].Q1.reqPerSec / 2));
        halfRate[mode] = await drive(api.url, spec, mode, { duration, connections, pid: api.child.pid, overallRate: rate });
        console.log(`  Q1 ${mode} at half its saturation rate (${rate} req/s): p50 ${halfRate[mode].p50Ms} ms, p99 ${halfRate[mode].p99Ms} ms`);
      }
    }
  }
  return { saturated, halfRate, q4Latency };
}

type Growth = Record<string, Record<string, { p50: number; p95: number; p99: number }>>;

/** Cost as the data grows: Q1, Q2 and Q4, one at a time, at each scale. */
async function measureGrowth({ scales, datasetOf }: BenchOptions): Promise<Growth> {
  const growth: Growth = {};
  for (const scale of ['S', 'M', 'L'] as Scale[]) {
    if (!scales.includes(scale)) continue;
    const server = await startApi(datasetOf(scale));
    const scaled = querySpecs(scale);
    growth[scale] = {};
    for (const id of ['Q1', 'Q2', 'Q4']) {
      const spec = scaled.find((s) => s.id === id)!;
      await sequential(server.url, spec, 100, 100_000);
      const r = await sequential(server.url, spec, 600, 11);
      growth[scale][id] = { p50: round(r.p50)!, p95: round(r.p95)!, p99: round(r.p99)! };
    }
    console.log(
      `  ${scale}: ${Object.entries(growth[scale])
        .map(([id, r]) => `${id} p50 ${r.p50} ms / p95 ${r.p95} ms`)
        .join(', ')}`,
    );
    await stopChild(server.child);
  }
  return growth;
}

/** One row of the results per query and mode: the API's run beside the control's (the mean of its start and end runs). */
function resultRows(specs: QuerySpec[], saturated: ApiRuns['saturated'], controlStart: ByQuery, controlEnd: ByQuery) {
  const controlRate = (id: string) => (controlStart[id].reqPerSec + controlEnd[id].reqPerSec) / 2;
  return specs.flatMap((spec) =>
    (['cached', 'uncached'] as const)
      .filter((mode) => saturated[mode][spec.id])
      .map((mode) => {
        const run = saturated[mode][spec.id];
        const raw = controlRate(spec.id);
        const rawCpu = ((controlStart[spec.id].cpuMicrosPerRequest ?? 0) + (controlEnd[spec.id].cpuMicrosPerRequest ?? 0)) / 2;
        return {
          query: spec.id,
          mode,
          reqPerSec: Math.round(run.reqPerSec),
          controlReqPerSec: Math.round(raw),
          shareOfControl: round(run.reqPerSec / raw, 3),
          p50Ms: run.p50Ms,
          p99Ms: run.p99Ms,
          controlP99Ms: round((controlStart[spec.id].p99Ms + controlEnd[spec.id].p99Ms) / 2),
          cpuMicrosPerRequest: round(run.cpuMicrosPerRequest, 0),
          cpuTimesControl: run.cpuMicrosPerRequest && rawCpu ? round(run.cpuMicrosPerRequest / rawCpu, 1) : null,
          rssMb: round(run.rssMb, 0),
          failures: run.failures,
        };
      }),
  );
}

type ResultRow = ReturnType<typeof resultRows>[number];

interface Check {
  target: string;
  measured: string;
  met: boolean;
}

/** Each target of TARGETS against what this run measured. */
function targetChecks(
  rows: ResultRow[],
  runs: ApiRuns,
  seedLoad: SeedLoadResult | null,
  serving: ReturnType<typeof processUsage>,
  databaseUrl: string | undefined,
): Check[] {
  const { halfRate, q4Latency } = runs;
  const q1Cached = rows.find((r) => r.query === 'Q1' && r.mode === 'cached')!;
  const q1Uncached = rows.find((r) => r.query === 'Q1' && r.mode === 'uncached')!;
  // Serving: Q0 to Q4. Q5 (the largest answer the limits allow, 50 at once) is reported on its own.
  const peakRss = Math.max(...rows.filter((r) => r.query !== 'Q5').map((r) => r.rssMb ?? 0));
  const q5Rss = Math.max(...rows.filter((r) => r.query === 'Q5').map((r) => r.rssMb ?? 0), serving?.rssMb ?? 0);
  return [
    {
      target: `Q1 cached >= ${TARGETS.q1CachedShareOfControl * 100}% of the control's req/s`,
      measured: `${(q1Cached.shareOfControl! * 100).toFixed(1)}%`,
      met: q1Cached.shareOfControl! >= TARGETS.q1CachedShareOfControl,
    },
    {
      target: `Q1 uncached >= ${TARGETS.q1UncachedShareOfControl * 100}% of the control's req/s`,
      measured: `${(q1Uncached.shareOfControl! * 100).toFixed(1)}%`,
      met: q1Uncached.shareOfControl! >= TARGETS.q1UncachedShareOfControl,
    },
    ...(['cached', 'uncached'] as const).map((mode) => ({
      target: `Q1 ${mode} p99 <= ${TARGETS.q1P99AtHalfRateMs} ms at half its saturation rate`,
      measured: `${halfRate[mode].p99Ms} ms`,
      met: halfRate[mode].p99Ms <= TARGETS.q1P99AtHalfRateMs,
    })),
    { target: `Q4 search p95 <= ${TARGETS.q4P95Ms} ms at 200,000 passages`, measured: `${q4Latency.p95.toFixed(2)} ms`, met: q4Latency.p95 <= TARGETS.q4P95Ms },
    { target: `Q4 search p99 <= ${TARGETS.q4P99Ms} ms`, measured: `${q4Latency.p99.toFixed(2)} ms`, met: q4Latency.p99 <= TARGETS.q4P99Ms },
    { target: `Q4 search: none over ${TARGETS.q4MaxMs} ms`, measured: `max ${q4Latency.max.toFixed(2)} ms`, met: q4Latency.max <= TARGETS.q4MaxMs },
    ...(seedLoad
      ? [
          {
            target: `seed load of M >= ${TARGETS.seedLoadShareOfRaw * 100}% of raw ${databaseUrl ? 'pg multi-row' : 'better-sqlite3'} insert speed, search index included`,
            measured: `${(seedLoad.shareOfRaw * 100).toFixed(1)}%`,
            met: seedLoad.shareOfRaw >= TARGETS.seedLoadShareOfRaw,
          },
        ]
      : []),
    {
      target: `RSS < ${TARGETS.rssMb} MB while serving M (Q0 to Q4; after Q5, the largest answers 50 at a time: ${q5Rss.toFixed(0)} MB)`,
      measured: `${peakRss.toFixed(0)} MB`,
      met: peakRss < TARGETS.rssMb,
    },
    { target: 'no failed request', measured: `${rows.reduce((s, r) => s + r.failures, 0)}`, met: rows.every((r) => r.failures === 0) },
  ];
}

interface BenchResults {
  date: string;
  database: string;
  machine: Machine;
  duration: number;
  connections: number;
  responses: Record<string, unknown>;
  seedLoad: SeedLoadResult | null;
  controlStart: ByQuery;
  controlEnd: ByQuery;
  rows: ResultRow[];
  halfRate: ByQuery;
  q4Latency: Latencies;
  growth: Growth;
  checks: Check[];
}

/** The results as bench/results/<date>.md shows them. */
function resultsTable(results: BenchResults, specs: QuerySpec[], databaseUrl: string | undefined): string {
  const { date, database, machine, connections, duration, rows, controlStart, controlEnd, growth, checks } = results;
  return [
    `# fundwatch bench, ${date}, ${database}`,
    '',
    `${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}; ${connections} connections, ${duration} s a run${hasTaskset ? '; server on core 0, autocannon on core 1' : ''}${databaseUrl ? " (PostgreSQL's processes not pinned)" : ''}. Dataset M in ${database}: 5,000 managers, 20,000 products, 200,000 events, 200,000 passages.`,
    '',
    '| query | mode | req/s | control req/s | share of control | p50 ms | p99 ms | CPU µs/req | × control CPU | RSS MB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.query} | ${r.mode} | ${r.reqPerSec} | ${r.controlReqPerSec} | ${(r.shareOfControl! * 100).toFixed(1)}% | ${r.p50Ms} | ${r.p99Ms} | ${r.cpuMicrosPerRequest ?? '–'} | ${r.cpuTimesControl ?? '–'} | ${r.rssMb ?? '–'} |`,
    ),
    '',
    `Control drift: ${specs.map((s) => `${s.id} ${Math.round(controlStart[s.id].reqPerSec)} → ${Math.round(controlEnd[s.id].reqPerSec)}`).join(', ')} req/s (start → end).`,
    '',
    '| scale | ' + ['Q1', 'Q2', 'Q4'].map((q) => `${q} p50 / p95 ms`).join(' | ') + ' |',
    '| --- | ---: | ---: | ---: |',
    ...Object.entries(growth).map(([scale, g]) => `| ${scale} | ${['Q1', 'Q2', 'Q4'].map((q) => `${g[q].p50} / ${g[q].p95}`).join(' | ')} |`),
    '',
    '| target | measured | met |',
    '| --- | ---: | --- |',
    ...checks.map((c) => `| ${c.target} | ${c.measured} | ${c.met ? 'yes' : '**no**'} |`),
    '',
  ].join('\n');
}

/** Writes bench/results/<date>[-postgres].json and .md, and prints the table. */
function writeResults(results: BenchResults, table: string, databaseUrl: string | undefined): void {
  const dir = projectPath('bench', 'results');
  const name = `${results.date}${databaseUrl ? '-postgres' : ''}`;
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${name}.md`), table);
  console.log(`\n${table}\nwritten to bench/results/${name}.json and .md`);
}

interface BaselineRound {
  round: number;
  build: 'baseline' | 'current';
  mode: 'cached' | 'uncached';
  run: LoadRun;
}

/**
 * Q1 cached and uncached on M, from another build (`dir`) and from this one, in turns within one run
 * (A/B, then B/A, and so on), so that the machine's drift falls on both alike. Both servers run
 * throughout; only the one being driven works.
 */
async function compareWithBaseline(options: BenchOptions, dir: string, rounds: number): Promise<number> {
  await ensureDatasets({ ...options, scales: ['M'] });
  const dataset = options.datasetOf('M');
  const servers = { baseline: await startApi(dataset, path.resolve(dir, 'dist', 'src', 'main.js')), current: await startApi(dataset) };
  const q1 = querySpecs('M').find((spec) => spec.id === 'Q1')!;
  const runs: BaselineRound[] = [];
  // Each uncached run (warm-up included) on a server takes variable sets of its own, never cached by an earlier run.
  const slot = { baseline: 0, current: 0 };
  const spacing = Math.floor(q1.distinct / (2 * rounds));
  const offset = (build: 'baseline' | 'current', mode: 'cached' | 'uncached') => (mode === 'uncached' ? slot[build]++ * spacing : 0);
  try {
    for (let round = 1; round <= rounds; round += 1) {
      const order: ('baseline' | 'current')[] = round % 2 === 1 ? ['baseline', 'current'] : ['current', 'baseline'];
      for (const build of order) {
        for (const mode of ['cached', 'uncached'] as const) {
          const api = servers[build];
          await drive(api.url, q1, mode, { duration: 1, connections: options.connections, pid: api.child.pid, offset: offset(build, mode) });
          const run = await drive(api.url, q1, mode, {
            duration: options.duration,
            connections: options.connections,
            pid: api.child.pid,
            offset: offset(build, mode),
          });
          runs.push({ round, build, mode, run });
          console.log(
            `  round ${round} ${build} Q1 ${mode}: ${Math.round(run.reqPerSec)} req/s, ${whole(run.cpuMicrosPerRequest)} µs CPU/req, p99 ${run.p99Ms} ms, RSS ${whole(run.rssMb)} MB`,
          );
        }
      }
    }
  } finally {
    await stopChild(servers.baseline.child);
    await stopChild(servers.current.child);
  }
  writeBaseline(runs, dir, options);
  return 0;
}

const whole = (value: number | null) => round(value, 0);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function writeBaseline(runs: BaselineRound[], dir: string, options: BenchOptions): void {
  const date = new Date().toISOString().slice(0, 10);
  const rounds = Math.max(...runs.map((r) => r.round));
  const runOf = (round: number, build: string, mode: string) => runs.find((r) => r.round === round && r.build === build && r.mode === mode)!.run;
  const perRound = (['cached', 'uncached'] as const).flatMap((mode) =>
    Array.from({ length: rounds }, (_, i) => {
      const [base, now] = [runOf(i + 1, 'baseline', mode), runOf(i + 1, 'current', mode)];
      return { mode, round: i + 1, base, now, ratio: now.reqPerSec / base.reqPerSec };
    }),
  );
  const lines = [
    `# Q1 against a baseline build, ${date} (${options.database}, M, ${options.connections} connections, ${options.duration} s a run)`,
    '',
    `Baseline: ${dir}. The builds take turns in each round and are driven with the same variable sets in it`,
    '(uncached: sets no earlier run used), so each round is a pair; the summary is the median of the pairs.',
    '',
    '| Q1 | median current / baseline req/s | pairs |',
    '| --- | ---: | --- |',
    ...(['cached', 'uncached'] as const).map((mode) => {
      const ratios = perRound.filter((r) => r.mode === mode).map((r) => r.ratio);
      return `| ${mode} | ${median(ratios).toFixed(3)} | ${ratios.map((r) => r.toFixed(3)).join(', ')} |`;
    }),
    '',
    '| Q1 | round | baseline req/s | current req/s | baseline µs CPU/req | current µs CPU/req |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...perRound.map(
      ({ mode, round, base, now }) =>
        `| ${mode} | ${round} | ${Math.round(base.reqPerSec)} | ${Math.round(now.reqPerSec)} | ${whole(base.cpuMicrosPerRequest)} | ${whole(now.cpuMicrosPerRequest)} |`,
    ),
  ];
  const out = projectPath('bench', 'results', `${date}-baseline`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    `${out}.json`,
    `${JSON.stringify({ date, baseline: dir, database: options.database, duration: options.duration, connections: options.connections, runs }, null, 2)}\n`,
  );
  fs.writeFileSync(`${out}.md`, `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const options = parseOptions(argv);
  const baseline = argv.indexOf('--baseline');
  if (baseline >= 0) return compareWithBaseline(options, argv[baseline + 1], argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : 3);
  const { database, duration, connections, databaseUrl } = options;
  const machine = prepareMachine();
  await ensureDatasets(options);
  const seedLoad = await measureLoad(options);

  const api = await startApi(options.datasetOf('M'));
  const specs = querySpecs('M', await largestQ5Events(api));
  const { recordingFile, costs } = await recordResponses(api, specs);
  const control = await startControl(recordingFile);
  console.log('control, at the start …');
  const controlStart = await runControl(control, specs, options, 'start');
  console.log('API on M …');
  const runs = await runApi(api, specs, options);
  const serving = processUsage(api.child.pid!);
  console.log('control, at the end …');
  const controlEnd = await runControl(control, specs, options, 'end');
  await stopChild(control.child);
  await stopChild(api.child);
  const growth = await measureGrowth(options);

  const rows = resultRows(specs, runs.saturated, controlStart, controlEnd);
  const checks = targetChecks(rows, runs, seedLoad, serving, databaseUrl);
  const date = new Date().toISOString().slice(0, 10);
  const { halfRate, q4Latency } = runs;
  const results: BenchResults = {
    date,
    database,
    machine,
    duration,
    connections,
    responses: costs,
    seedLoad,
    controlStart,
    controlEnd,
    rows,
    halfRate,
    q4Latency,
    growth,
    checks,
  };
  writeResults(results, resultsTable(results, specs, databaseUrl), databaseUrl);
  return checks.every((c) => c.met) ? 0 : 1;
}

if (require.main === module) runCommand(main);
