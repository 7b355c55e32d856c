import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectPath } from '../src/config/config';
import { hostileMemorySoak } from './hostile-memory';

/**
 * Load and soak: the compiled server on a fresh seeded database, driven at a fixed rate for a while
 * (10 minutes by default) with 70% list queries, 20% detail queries and 10% search, plus a stream of
 * hostile queries that must be rejected. Reports p95/p99, errors, RSS growth after warm-up and the WAL
 * size; exits non-zero when p99 > 400 ms, any 5xx occurs, or RSS grows by more than 10%.
 *
 *   npm run soak [-- --seconds 600 --rate 40]
 *
 * With --hostile-memory it runs the memory soak of issue 12 instead (bench/hostile-memory.ts):
 *
 *   npm run soak -- --hostile-memory [--queries 20000 --variables 5000 --max-rss-mb 350]
 */
function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const LISTS = [
  '{ events(first: 20) { nodes { id title date authority { code } } } }',
  '{ events(filter: { types: [TRADING_SUSPENSION, EXCHANGE_PENALTY] }) { nodes { title ... on TradingSuspension { endDate resumeDate } } } }',
  '{ events(filter: { managerSlugs: ["minghong"] }, first: 10) { totalCount nodes { title sources { quote } } } }',
  '{ managers { nodes { slug shortName products { name } } } }',
  '{ marketWindows { nodes { start end changePercent episodes { amountCny shareOfTurnoverPercent } } } }',
  '{ announcements { nodes { slug title kind } } }',
];
const DETAILS = [
  '{ manager(slug: "ningbo-lingjun") { legalName people { name roles { title } } timeline { date kind } } }',
  '{ manager(slug: "ningbo-mingling") { status events { nodes { title } } } }',
  '{ product(slug: "ubiquant-rixiang-csi1000-enhanced-1") { name performance { valuePercent asOf dataVendor } } }',
  '{ node(id: "TWFuYWdlcjptaW5naG9uZw") { ... on Manager { slug events { totalCount } } } }',
];
const SEARCHES = ['灵均', '公开谴责', 'DMA', '11.95', 'Ubiquant', '雪球敲入', '靈均', '暂停交易'];
const HOSTILE = [
  `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
  '{ managers(first: 100) { nodes { events(first: 100) { nodes { sources { quote } } } } } }',
  `{ ${'__typename '.repeat(2100)} }`,
  '{ managers(first: 0) { totalCount } }',
];

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

interface SoakServer {
  child: ChildProcess;
  url: string;
}

/** The compiled server on a fresh database at `dbPath` (it seeds itself at start); resolves once it says where it listens. */
async function startServer(dbPath: string): Promise<SoakServer> {
  const child = spawn(process.execPath, [projectPath('dist', 'src', 'main.js')], {
    env: { ...process.env, DB_PATH: dbPath, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', RATE_LIMIT_POINTS_PER_MINUTE: '100000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/[^\s]+\/graphql)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  // Keep reading the server's log so its pipes never fill.
  child.stdout.resume();
  child.stderr.resume();
  return { child, url };
}

async function post(url: string, query: string) {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: unknown[] };
  return { status: response.status, ms: performance.now() - started, failed: Boolean(body.errors) };
}

/** The query sent at `tick`: 70% lists, 20% details, 10% search, interleaved by the golden ratio. */
function queryAt(tick: number): string {
  const roll = (tick * 0.618034) % 1;
  if (roll < 0.7) return LISTS[tick % LISTS.length];
  if (roll < 0.9) return DETAILS[tick % DETAILS.length];
  return `{ search(query: "${SEARCHES[tick % SEARCHES.length]}") { totalCount hits { title snippet } facets { kinds { value count } } } }`;
}

interface SoakSettings {
  seconds: number;
  rate: number;
  /** Seconds at the start whose latencies and RSS are not counted. */
  warmup: number;
}

/** What a soak saw: latencies after warm-up, failures of each kind, and the server's RSS once a second. */
interface SoakTally {
  latencies: number[];
  errors: number;
  serverErrors: number;
  hostileAccepted: number;
  sent: number;
  rss: { t: number; bytes: number }[];
}

/** Sends `rate` queries a second for `seconds`, a hostile one among them every second, and waits for every answer. */
async function soak(server: SoakServer, { seconds, rate, warmup }: SoakSettings): Promise<SoakTally> {
  const tally: SoakTally = { latencies: [], errors: 0, serverErrors: 0, hostileAccepted: 0, sent: 0, rss: [] };
  const start = Date.now();
  const inFlight = new Set<Promise<void>>();
  const track = (task: Promise<void>) => {
    inFlight.add(task);
    task.finally(() => inFlight.delete(task));
  };
  let tick = 0;
  while (Date.now() - start < seconds * 1000) {
    track(
      post(server.url, queryAt(tick)).then(
        (r) => {
          if (Date.now() - start > warmup * 1000) tally.latencies.push(r.ms);
          if (r.status >= 500) tally.serverErrors += 1;
          if (r.failed || r.status !== 200) tally.errors += 1;
        },
        () => {
          tally.errors += 1;
        },
      ),
    );
    if (tick % rate === 0) {
      track(
        post(server.url, HOSTILE[(tick / rate) % HOSTILE.length]).then((r) => {
          if (r.status >= 500) tally.serverErrors += 1;
          if (r.status < 400) tally.hostileAccepted += 1;
        }),
      );
      tally.rss.push({ t: (Date.now() - start) / 1000, bytes: rssOf(server.child.pid!) });
    }
    tally.sent += 1;
    tick += 1;
    const next = start + (tick * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
  }
  await Promise.all(inFlight);
  return tally;
}

/** The report written to bench/results/soak-<date>.json, and the RSS growth after warm-up as a fraction. */
function soakReport(tally: SoakTally, { seconds, rate, warmup }: SoakSettings, dbPath: string) {
  const { latencies, rss, sent } = tally;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const afterWarmup = rss.filter((r) => r.t >= warmup);
  const baseline = afterWarmup[0]?.bytes ?? rss[0].bytes;
  const final = rss[rss.length - 1].bytes;
  const growth = (final - baseline) / baseline;
  const walBytes = fs.existsSync(`${dbPath}-wal`) ? fs.statSync(`${dbPath}-wal`).size : 0;
  const report = {
    date: new Date().toISOString(),
    seconds,
    ratePerSecond: rate,
    requests: sent,
    hostileRequests: Math.ceil(sent / rate),
    latencyMs: { p50: at(50), p95: at(95), p99: at(99) },
    errors: tally.errors,
    serverErrors: tally.serverErrors,
    hostileAccepted: tally.hostileAccepted,
    rssMb: { afterWarmup: Math.round(baseline / 1e5) / 10, final: Math.round(final / 1e5) / 10, growthPercent: Math.round(growth * 1000) / 10 },
    walBytes,
  };
  return { report, growth };
}

async function main() {
  if (process.argv.includes('--hostile-memory')) process.exit(await hostileMemorySoak(process.argv.slice(2)));
  const seconds = option('seconds', 600);
  const rate = option('rate', 40);
  const settings: SoakSettings = { seconds, rate, warmup: Math.min(60, Math.floor(seconds / 5)) };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-soak-'));
  const dbPath = path.join(dir, 'soak.sqlite');
  const server = await startServer(dbPath);
  const tally = await soak(server, settings);
  const { report, growth } = soakReport(tally, settings, dbPath);
  server.child.kill('SIGTERM');
  console.log(JSON.stringify(report, null, 2));
  const out = projectPath('bench', 'results', `soak-${report.date.slice(0, 10)}.json`);
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const p99 = report.latencyMs.p99;
  const failures = [
    p99 > 400 && `p99 ${p99.toFixed(1)} ms > 400 ms`,
    report.serverErrors > 0 && `${report.serverErrors} 5xx responses`,
    growth > 0.1 && `RSS grew ${(growth * 100).toFixed(1)}% after warm-up`,
    report.hostileAccepted > 0 && `${report.hostileAccepted} hostile queries accepted`,
  ].filter(Boolean);
  if (failures.length) {
    console.error(`soak failed: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('soak passed');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
