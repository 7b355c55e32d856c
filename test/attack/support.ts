import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Shared tools of the attack suite: a seedable PRNG, a raw-socket client that records every byte the
 * server sends and parses it into responses, plain HTTP over node:http (so nothing in between fixes
 * a request up), a bounded-concurrency pool, and the compiled server started as `npm start` starts it.
 */

/** The bench's seedable PRNG (mulberry32): the same seed gives the same run. */
export { prng as seededRandom } from '../../bench/synthetic-corpus';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** False when the connection ended before the body did. */
  complete: boolean;
}

export interface RawOutcome {
  responses: RawResponse[];
  /** The server closed (or reset) the connection before we gave up waiting. */
  closed: boolean;
  reset: boolean;
  bytes: Buffer;
}

/** A pause between writes, to send a request slowly or in pieces. */
export interface Pause {
  wait: number;
}
export type RawPart = string | Buffer | Pause;

export interface RawOptions {
  /** Half-close after the last write, as a client that has nothing more to say. */
  end?: boolean;
  /** Stop waiting once this long passes with no new byte. */
  idleMs?: number;
  /** Stop waiting after this long in all. */
  maxMs?: number;
  /** The request was HEAD: responses carry no body. */
  head?: boolean;
}

/** Splits the bytes a server sent into responses (interim 1xx responses are dropped). */
export function parseResponses(bytes: Buffer, head = false): RawResponse[] {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < bytes.length) {
    const headEnd = bytes.indexOf('\r\n\r\n', at);
    if (headEnd < 0) {
      responses.push({ status: statusOf(bytes.subarray(at).toString('latin1')), headers: {}, body: Buffer.alloc(0), complete: false });
      break;
    }
    const lines = bytes.subarray(at, headEnd).toString('latin1').split('\r\n');
    const status = statusOf(lines[0]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const { body, next, complete } = bodyOf(bytes, headEnd + 4, headers, head || status < 200 || status === 204 || status === 304);
    if (status >= 200) responses.push({ status, headers, body, complete });
    at = next;
  }
  return responses;
}

function statusOf(line: string): number {
  const match = /^HTTP\/\d\.\d (\d{3})/.exec(line);
  return match ? Number(match[1]) : 0;
}

function bodyOf(bytes: Buffer, start: number, headers: Record<string, string>, bodyless: boolean): { body: Buffer; next: number; complete: boolean } {
  if (bodyless) return { body: Buffer.alloc(0), next: start, complete: true };
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return dechunk(bytes, start);
  if (headers['content-length'] !== undefined) {
    const end = start + Number(headers['content-length']);
    return { body: bytes.subarray(start, Math.min(end, bytes.length)), next: end, complete: end <= bytes.length };
  }
  return { body: bytes.subarray(start), next: bytes.length, complete: true };
}

function dechunk(bytes: Buffer, start: number): { body: Buffer; next: number; complete: boolean } {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return { body: Buffer.concat(parts), next: bytes.length, complete: false };
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return { body: Buffer.concat(parts), next: bytes.length, complete: false };
    if (size === 0) {
      const trailerEnd = bytes.indexOf('\r\n', lineEnd + 2);
      return { body: Buffer.concat(parts), next: trailerEnd < 0 ? bytes.length : trailerEnd + 2, complete: trailerEnd >= 0 };
    }
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Opens a socket, writes the parts (pausing where told), and records what comes back until the server closes or goes quiet. */
export function rawExchange(port: number, parts: RawPart[], options: RawOptions = {}): Promise<RawOutcome> {
  const idleMs = options.idleMs ?? 250;
  const maxMs = options.maxMs ?? 3000;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let closed = false;
    let reset = false;
    let idle: NodeJS.Timeout | undefined;
    const socket = net.connect({ port, host: '127.0.0.1' });
    const finish = () => {
      clearTimeout(idle);
      clearTimeout(overall);
      socket.destroy();
      const bytes = Buffer.concat(chunks);
      resolve({ responses: parseResponses(bytes, options.head), closed, reset, bytes });
    };
    const overall = setTimeout(finish, maxMs);
    const quiet = () => {
      clearTimeout(idle);
      idle = setTimeout(finish, idleMs);
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      quiet();
    });
    socket.on('error', () => (reset = true));
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.once('connect', () => void writeParts(socket, parts, options.end ?? false).then(quiet, () => (reset = true)));
  });
}

async function writeParts(socket: net.Socket, parts: RawPart[], end: boolean) {
  for (const part of parts) {
    if (socket.destroyed) return;
    if (typeof part === 'object' && !Buffer.isBuffer(part)) await new Promise((resolve) => setTimeout(resolve, part.wait));
    else await new Promise<void>((resolve) => (socket.write(part, () => resolve()) ? undefined : socket.once('drain', resolve)));
  }
  if (end && !socket.destroyed) socket.end();
}

export interface PlainResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

export interface PlainRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  agent?: http.Agent | false;
  localAddress?: string;
  timeoutMs?: number;
}

/** One HTTP request over node:http; rejects on a connection error or when timeoutMs passes. */
export function plainRequest(baseUrl: string, request: PlainRequest): Promise<PlainResponse> {
  const url = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method ?? 'GET',
        path: request.path ?? '/graphql',
        headers: request.headers,
        agent: request.agent ?? false,
        localAddress: request.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(request.timeoutMs ?? 10_000, () => req.destroy(new Error(`no answer within ${request.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

/** POSTs a JSON GraphQL request. */
export function postGraphQL(baseUrl: string, payload: unknown, extra: Omit<PlainRequest, 'body' | 'method'> = {}): Promise<PlainResponse> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return plainRequest(baseUrl, { ...extra, method: 'POST', body, headers: { 'content-type': 'application/json', ...extra.headers } });
}

/** `{ __typename }` over a connection of its own: the proof that the process still answers. */
export async function stillAnswers(baseUrl: string): Promise<boolean> {
  try {
    const response = await postGraphQL(baseUrl, { query: '{ __typename }' }, { timeoutMs: 5000 });
    return response.status === 200 && JSON.parse(response.text).data?.__typename === 'Query';
  } catch {
    return false;
  }
}

export function parsesAsJson(text: string | Buffer): boolean {
  try {
    JSON.parse(text.toString());
    return true;
  } catch {
    return false;
  }
}

/** Runs `task` over `items` with at most `concurrency` at once; results in input order. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Fastest of `tries` runs: what the server takes, not what a busy shared machine adds. */
export async function fastestOf<T extends { ms: number }>(tries: number, run: () => Promise<T>): Promise<T> {
  let best: T | undefined;
  for (let i = 0; i < tries; i += 1) {
    const result = await run();
    if (!best || result.ms < best.ms) best = result;
  }
  return best!;
}

const MAIN = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface AttackTarget {
  child: ChildProcess;
  url: string;
  pid: number;
  dbPath: string;
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

/** A database seeded once per spec, reused by every restart of its server. */
export function tempDbPath(label: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), `fundwatch-attack-${label}-`)), 'attack.sqlite');
}

/** Removes what tempDbPath made. */
export function removeTempDb(dbPath: string): void {
  fs.rmSync(path.dirname(dbPath), { recursive: true, force: true });
}

/**
 * The compiled server as `npm start` runs it (256 MB heap, graphql-jit unless env says otherwise) in a
 * process of its own: an attack that blocks or kills it cannot block or kill the test runner.
 */
export function startAttackTarget(dbPath: string, env: Record<string, string> = {}): Promise<AttackTarget> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npm test builds)`);
  const child = spawn(process.execPath, ['--max-old-space-size=256', MAIN], {
    // Always the SQLite file: a DATABASE_URL or MEILI_URL in the runner's environment is not the target's.
    env: {
      ...process.env,
      DB_PATH: dbPath,
      DATABASE_URL: '',
      MEILI_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      RATE_LIMIT_POINTS_PER_MINUTE: '100000000',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2_000_000);
      const match = /at (http:\/\/[^\s]+)\/graphql/.exec(output);
      if (match) resolve(targetOf(child, match[1], dbPath, () => output));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`server exited with ${code ?? signal} before listening: ${output.slice(-2000)}`)));
  });
}

function targetOf(child: ChildProcess, url: string, dbPath: string, output: () => string): AttackTarget {
  return {
    child,
    url,
    pid: child.pid!,
    dbPath,
    output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/**
 * A compiled server that is started again when it dies or stops answering, so that one attack that
 * kills or blocks it does not fail every case after it. Each replacement is recorded with its reason.
 */
export class RestartingTarget {
  current!: AttackTarget;
  readonly replacements: string[] = [];
  /** Every log of every process this target ran but the current one. */
  readonly pastLogs: string[] = [];
  private replacing: Promise<void> | null = null;

  constructor(
    readonly dbPath: string,
    readonly env: Record<string, string> = {},
    readonly maxReplacements = 20,
  ) {}

  async start(): Promise<void> {
    this.current = await startAttackTarget(this.dbPath, this.env);
  }

  get url(): string {
    return this.current.url;
  }

  logs(): string[] {
    return [...this.pastLogs, this.current.output()];
  }

  /**
   * Checks the process (alive, and /healthz within probeMs unless `probe` is false) and replaces it if
   * it is down, recording `after` as the cause. Concurrent callers share one replacement. False once
   * maxReplacements is spent and the process is down.
   */
  async ensureUp(after: string, options: { probe?: boolean; probeMs?: number } = {}): Promise<boolean> {
    if (this.replacing) await this.replacing;
    const target = this.current;
    const up =
      target.alive() &&
      (options.probe === false ||
        (await plainRequest(target.url, { path: '/healthz', timeoutMs: options.probeMs ?? 1000 }).then(
          (r) => r.status === 200,
          () => false,
        )));
    if (up) return true;
    if (this.replacing || this.current !== target) {
      await this.replacing;
      return this.current.alive();
    }
    if (this.replacements.length >= this.maxReplacements) return false;
    const tail = target.output().split('\n').filter(Boolean).slice(-4).join(' | ').slice(0, 400);
    this.replacements.push(`${after}: ${target.alive() ? 'stopped answering' : `exited (${target.child.exitCode ?? target.child.signalCode})`}: ${tail}`);
    this.pastLogs.push(target.output());
    this.replacing = target.stop().then(async () => {
      this.current = await startAttackTarget(this.dbPath, this.env);
      this.replacing = null;
    });
    await this.replacing;
    return true;
  }

  stop(): Promise<void> {
    return this.current?.stop() ?? Promise.resolve();
  }
}

/**
 * Lines of the server's log that report a crash: anything on stderr outside the JSON log (a stack
 * trace, "FATAL ERROR", Node's own report of an uncaught exception), and JSON lines that name an
 * uncaught exception or an unhandled rejection.
 */
export function crashLogLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    if (line.trim() === '') return false;
    if (!line.startsWith('{')) return /error|uncaught|unhandled|fatal|^\s+at |heap|\^/i.test(line);
    return /uncaught|unhandled/i.test(line);
  });
}

/** JSON log lines at error level or above (pino: 50 error, 60 fatal). */
export function errorLogLines(output: string): string[] {
  return output.split('\n').filter((line) => Number(/^\{.*?"level":(\d+)/.exec(line)?.[1] ?? 0) >= 50);
}

export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}
