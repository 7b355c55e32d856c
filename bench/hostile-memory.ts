import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectPath } from '../src/config/config';

/**
 * The memory soak of issue 12: the compiled server as `npm start` runs it (256 MB heap, graphql-jit)
 * on a fresh SQLite database seeded at start, sent N distinct valid small queries (each text new to the
 * compiled-query cache, the response cache and the memo of checked texts) interleaved with M requests
 * for `{ __typename }` that each carry a distinct unused 90 kB variable (new to the response cache),
 * from rotating loopback source addresses (127.0.0.2 to 127.0.0.254) as an attacker escapes a
 * per-address rate limit. RSS is read from /proc/<pid>/status at start, every second and at the end.
 * Fails (exit 1) when the process dies, when peak RSS passes the bound, or when fewer than 95% of the
 * requests are answered 200 (a soak the server refused did not test its memory).
 *
 *   npm run soak -- --hostile-memory [--queries 20000 --variables 5000 --max-rss-mb 350 --concurrency 16 --no-write]
 */
export interface HostileMemoryOptions {
  queries: number;
  variables: number;
  maxRssMb: number;
  concurrency: number;
  write: boolean;
}

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} expects a number; got ${argv[i + 1]}`);
  return value;
}

export function hostileMemoryOptions(argv: string[]): HostileMemoryOptions {
  return {
    queries: option(argv, 'queries', 20_000),
    variables: option(argv, 'variables', 5000),
    maxRssMb: option(argv, 'max-rss-mb', 350),
    concurrency: option(argv, 'concurrency', 16),
    write: !argv.includes('--no-write'),
  };
}

const ADDRESSES = Array.from({ length: 253 }, (_, i) => `127.0.0.${i + 2}`);

/** Whether a client socket can bind 127.0.0.2 (Linux routes all of 127/8 to lo; other systems may not). */
async function loopbackRotationWorks(): Promise<boolean> {
  const server = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const works = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress: ADDRESSES[0] }, () => resolve(socket.localAddress === ADDRESSES[0]));
    socket.on('error', () => resolve(false));
    socket.on('close', () => undefined);
  });
  server.close();
  return works;
}

interface Server {
  child: ChildProcess;
  url: string;
  pid: number;
  dbPath: string;
  exited: Promise<number | null>;
  /** The server's last log lines. */
  logTail: string[];
}

/** `node --max-old-space-size=256 dist/src/main.js`, as `npm start` runs it, on a fresh database it seeds at start. */
async function startServer(extraEnv: Record<string, string>): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-hostile-memory-'));
  const dbPath = path.join(dir, 'soak.sqlite');
  const child = spawn(process.execPath, ['--max-old-space-size=256', projectPath('dist', 'src', 'main.js')], {
    // The fresh SQLite file, whatever DATABASE_URL or MEILI_URL the caller's environment holds.
    env: { ...process.env, DB_PATH: dbPath, DATABASE_URL: '', MEILI_URL: '', PORT: '0', HOST: '127.0.0.1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = /at (http:\/\/[^\s]+\/graphql)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${output}`)));
  });
  // The log is read and dropped (its last lines kept), so the server never blocks on a full pipe.
  const logTail: string[] = [];
  const keep = (chunk: Buffer) => {
    logTail.push(...chunk.toString().split('\n').filter(Boolean));
    logTail.splice(0, Math.max(0, logTail.length - 40));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, url, pid: child.pid!, dbPath, exited, logTail };
}

export function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0; // the process is gone
  }
}

/** RSS at start, every second, and at the end; the peak of all samples. */
class RssSampler {
  readonly samples: { seconds: number; bytes: number }[] = [];
  private timer?: NodeJS.Timeout;
  private readonly started = performance.now();

  constructor(private readonly pid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  sample() {
    const bytes = rssOf(this.pid);
    if (bytes > 0) this.samples.push({ seconds: Math.round((performance.now() - this.started) / 100) / 10, bytes });
  }

  stop() {
    clearInterval(this.timer);
    this.sample();
    const bytes = this.samples.map((s) => s.bytes);
    return { start: bytes[0] ?? 0, peak: Math.max(0, ...bytes), end: bytes[bytes.length - 1] ?? 0 };
  }
}

const SLUGS = ['ningbo-lingjun', 'minghong', 'ubiquant', 'high-flyer', 'ningbo-mingling'];

/** The i-th of the distinct valid queries: small, cheap, each text different (its aliases carry i). */
export function distinctQuery(i: number): string {
  const n = 1 + (i % 20);
  const slug = SLUGS[i % SLUGS.length];
  switch (i % 6) {
    case 0:
      return `query Q${i} { a${i}: managers(first: ${n}) { totalCount } }`;
    case 1:
      return `{ m${i}: manager(slug: "${slug}") { slug s${i % 97}: shortName } }`;
    case 2:
      return `{ __typename t${i}: addTradingDays(date: "2024-02-20", days: ${1 + (i % 200)}) }`;
    case 3:
      return `{ x${i}: authorities { code } c${i % 13}: concepts { slug } }`;
    case 4:
      return `{ e${i}: events(first: ${n}) { totalCount nodes { id date } } }`;
    default:
      return `{ p${i}: products(first: ${n}) { nodes { slug name } } k${i % 7}: __typename }`;
  }
}

/** The order of the work: one 90 kB-variable request after every few queries, until both run out. */
function* workItems(queries: number, variables: number): Generator<{ kind: 'query' | 'variable'; body: string }> {
  let q = 0;
  let v = 0;
  const every = variables > 0 ? Math.max(1, Math.floor(queries / variables)) : Infinity;
  while (q < queries || v < variables) {
    if (v < variables && (q >= queries || (q > 0 && q % every === 0 && v < q / every))) {
      // 67,500 random bytes are 90,000 base64 characters: a distinct, unused 90 kB variable.
      yield { kind: 'variable', body: JSON.stringify({ query: '{ __typename }', variables: { pad: randomBytes(67_500).toString('base64') } }) };
      v += 1;
    } else {
      yield { kind: 'query', body: JSON.stringify({ query: distinctQuery(q) }) };
      q += 1;
    }
  }
}

interface DriveStats {
  sent: { query: number; variable: number };
  statuses: Record<string, number>;
  failures: number;
  diedAfter: number | null;
}

function post(url: URL, body: string, localAddress: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends the work with bounded concurrency, rotating source addresses; stops when the server dies. */
async function drive(server: Server, options: HostileMemoryOptions, rotate: boolean): Promise<DriveStats> {
  const url = new URL(server.url);
  const stats: DriveStats = { sent: { query: 0, variable: 0 }, statuses: {}, failures: 0, diedAfter: null };
  let dead = false;
  void server.exited.then(() => {
    dead = true;
    stats.diedAfter = stats.sent.query + stats.sent.variable;
  });
  const work = workItems(options.queries, options.variables);
  let index = 0;
  const worker = async () => {
    for (let next = work.next(); !next.done && !dead; next = work.next()) {
      const item = next.value;
      const address = rotate ? ADDRESSES[index++ % ADDRESSES.length] : undefined;
      stats.sent[item.kind] += 1;
      try {
        const status = await post(url, item.body, address);
        stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
      } catch (error) {
        stats.failures += 1;
        const key = `error: ${(error as Error).message.slice(0, 40)}`;
        stats.statuses[key] = (stats.statuses[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return stats;
}

/** What a dead server said last: V8's fatal error line when there is one, else its last lines. */
function lastWords(logTail: string[]): string[] {
  const fatal = logTail.filter((line) => /FATAL|out of memory|uncaught|Error:/i.test(line));
  return (fatal.length ? fatal : logTail.slice(-4)).map((line) => line.slice(0, 300));
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** Runs the soak and returns the exit code. */
export async function hostileMemorySoak(argv: string[]): Promise<number> {
  const options = hostileMemoryOptions(argv);
  const rotate = await loopbackRotationWorks();
  // Without rotation every request comes from one address and the default 20,000 points a minute would
  // refuse most of them; only then is the limit raised, and the report says so.
  const env: Record<string, string> = rotate ? {} : { RATE_LIMIT_POINTS_PER_MINUTE: '100000000' };
  const server = await startServer(env);
  const sampler = new RssSampler(server.pid);
  const started = performance.now();
  const stats = await drive(server, options, rotate);
  const rss = sampler.stop();
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  const total = stats.sent.query + stats.sent.variable;
  const answered200 = stats.statuses['200'] ?? 0;
  const report = {
    date: new Date().toISOString(),
    mode: 'hostile-memory',
    command: 'node --max-old-space-size=256 dist/src/main.js',
    requested: { queries: options.queries, variables: options.variables, concurrency: options.concurrency },
    sourceAddresses: rotate ? `${ADDRESSES[0]}-${ADDRESSES[ADDRESSES.length - 1]} (rotating)` : '127.0.0.1 only (RATE_LIMIT_POINTS_PER_MINUTE raised)',
    serverEnv: env,
    seconds,
    sent: stats.sent,
    statuses: stats.statuses,
    alive,
    exitCode: alive ? null : (server.child.exitCode ?? server.child.signalCode),
    diedAfterRequests: alive ? null : (stats.diedAfter ?? total),
    lastLogLines: alive ? [] : lastWords(server.logTail),
    // "end" is the last sample: after the last answer, or before the process died.
    rssBytes: rss,
    rssMb: { start: mb(rss.start), peak: mb(rss.peak), end: mb(rss.end), bound: options.maxRssMb },
  };
  if (alive) server.child.kill('SIGTERM');
  await server.exited;
  fs.rmSync(path.dirname(server.dbPath), { recursive: true, force: true });
  console.log(JSON.stringify(report, null, 2));
  if (options.write)
    fs.writeFileSync(projectPath('bench', 'results', `soak-hostile-memory-${report.date.slice(0, 10)}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const failures = [
    !alive && `the server died (exit ${report.exitCode}) after about ${report.diedAfterRequests} requests`,
    rss.peak > options.maxRssMb * 1e6 && `peak RSS ${mb(rss.peak)} MB > ${options.maxRssMb} MB`,
    alive && answered200 < total * 0.95 && `only ${answered200} of ${total} requests were answered 200`,
  ].filter(Boolean);
  console.log(`RSS start ${rss.start} B (${mb(rss.start)} MB), peak ${rss.peak} B (${mb(rss.peak)} MB), end ${rss.end} B (${mb(rss.end)} MB)`);
  if (failures.length) {
    console.error(`hostile-memory soak failed: ${failures.join('; ')}`);
    return 1;
  }
  console.log('hostile-memory soak passed');
  return 0;
}
