import { spawn } from 'node:child_process';
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

async function main() {
  if (process.argv.includes('--hostile-memory')) process.exit(await hostileMemorySoak(process.argv.slice(2)));
  const seconds = option('seconds', 600);
  const rate = option('rate', 40);
  const warmup = Math.min(60, Math.floor(seconds / 5));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-soak-'));
  const dbPath = path.join(dir, 'soak.sqlite');
  const child = spawn(process.execPath, [projectPath('dist', 'src', 'cli', 'serve.js')], {
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

  const latencies: number[] = [];
  let errors = 0;
  let serverErrors = 0;
  let hostileAccepted = 0;
  let sent = 0;
  const rss: { t: number; bytes: number }[] = [];
  const post = async (query: string) => {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { errors?: unknown[] };
    return { status: response.status, ms: performance.now() - started, failed: Boolean(body.errors) };
  };
  const start = Date.now();
  const inFlight = new Set<Promise<void>>();
  let tick = 0;
  while (Date.now() - start < seconds * 1000) {
    const roll = (tick * 0.618034) % 1;
    const query = roll < 0.7 ? LISTS[tick % LISTS.length] : roll < 0.9 ? DETAILS[tick % DETAILS.length] : `{ search(query: "${SEARCHES[tick % SEARCHES.length]}") { totalCount hits { title snippet } facets { kinds { value count } } } }`;
    const task = post(query).then(
      (r) => {
        if (Date.now() - start > warmup * 1000) latencies.push(r.ms);
        if (r.status >= 500) serverErrors += 1;
        if (r.failed || r.status !== 200) errors += 1;
      },
      () => {
        errors += 1;
      },
    );
    inFlight.add(task);
    task.finally(() => inFlight.delete(task));
    if (tick % rate === 0) {
      const hostile = post(HOSTILE[(tick / rate) % HOSTILE.length]).then((r) => {
        if (r.status >= 500) serverErrors += 1;
        if (r.status < 400) hostileAccepted += 1;
      });
      inFlight.add(hostile);
      hostile.finally(() => inFlight.delete(hostile));
      rss.push({ t: (Date.now() - start) / 1000, bytes: rssOf(child.pid!) });
    }
    sent += 1;
    tick += 1;
    const next = start + (tick * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
  }
  await Promise.all(inFlight);
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
    errors,
    serverErrors,
    hostileAccepted,
    rssMb: { afterWarmup: Math.round(baseline / 1e5) / 10, final: Math.round(final / 1e5) / 10, growthPercent: Math.round(growth * 1000) / 10 },
    walBytes,
  };
  child.kill('SIGTERM');
  console.log(JSON.stringify(report, null, 2));
  const out = projectPath('bench', 'results', `soak-${report.date.slice(0, 10)}.json`);
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const failures = [
    at(99) > 400 && `p99 ${at(99).toFixed(1)} ms > 400 ms`,
    serverErrors > 0 && `${serverErrors} 5xx responses`,
    growth > 0.1 && `RSS grew ${(growth * 100).toFixed(1)}% after warm-up`,
    hostileAccepted > 0 && `${hostileAccepted} hostile queries accepted`,
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
