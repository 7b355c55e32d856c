import path from 'node:path';
import type { ExecutorName } from '../core/executor';
import { DEFAULT_LIMITS, QueryLimits } from '../core/limits';

/** The validated configuration: the only reader of process.env. A bad value stops the process at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dbPath: string;
  /** PostgreSQL instead of SQLite, when DATABASE_URL is set (postgres://user:password@host:port/database). */
  databaseUrl: string | null;
  seedDir: string;
  /** Load the curated seed at start when the database holds no announcements. */
  seedOnStart: boolean;
  /** Stack traces in error responses: only in development. */
  exposeStackTraces: boolean;
  /** What every query is held to (README, "Limits"). */
  limits: QueryLimits;
  /** How operations execute: graphql-js or graphql-jit (README, "Performance"). */
  executor: ExecutorName;
  /** The whole-response cache (README, "Performance"). */
  responseCache: { maxBytes: number; maxAgeSeconds: number };
  /** Sizes a curated document and a passage may have (README, "Adding a curated filing"); unset ones take the loader's defaults. */
  seedLimits: { documentBytes?: number; passageBytes?: number };
  /** Meilisearch, when MEILI_URL is set; search falls back to the embedded engine when it does not answer. */
  meilisearch: { url: string; apiKey?: string; index: string } | null;
  /** The log level (LOG_LEVEL): pino's fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /**
   * FUNDWATCH_FAULT_POINT, for the crash-safety spec only: the point of a seed load at which the loader
   * kills its own process (seed/loader.ts). Null, and inert, unless set.
   */
  faultPoint: string | null;
  /**
   * PUBLIC_URL: the origin (https://fundwatch.example.org) of the permalinks citations give. Null when
   * unset: the server then uses the address it listens on, never a request's Host header.
   */
  publicUrl: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable}=${JSON.stringify(value)}: ${reason}`);
    this.name = 'ConfigError';
  }
}

const projectRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

export function projectPath(...parts: string[]): string {
  return path.join(projectRoot, ...parts);
}

function readPort(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT ?? '4000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', raw, 'expected an integer from 0 to 65535');
  }
  return port;
}

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, raw, 'expected true or false');
}

/** The setting for each limit, by environment variable. */
export const LIMIT_SETTINGS: Record<keyof QueryLimits, string> = {
  maxTokens: 'MAX_QUERY_TOKENS',
  maxAliases: 'MAX_QUERY_ALIASES',
  maxDepth: 'MAX_QUERY_DEPTH',
  maxDirectives: 'MAX_QUERY_DIRECTIVES',
  maxExpandedFields: 'MAX_QUERY_EXPANDED_FIELDS',
  maxNodes: 'MAX_QUERY_NODES',
  maxCost: 'MAX_QUERY_COST',
  maxBodyBytes: 'MAX_BODY_BYTES',
  executionTimeoutMs: 'EXECUTION_TIMEOUT_MS',
  rateLimitPointsPerMinute: 'RATE_LIMIT_POINTS_PER_MINUTE',
  maxInflightCost: 'MAX_INFLIGHT_COST',
};

function readLimits(env: NodeJS.ProcessEnv): QueryLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, variable] of Object.entries(LIMIT_SETTINGS) as [keyof QueryLimits, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new ConfigError(variable, raw, 'expected a whole number of 1 or more');
    limits[key] = Number(raw);
  }
  return limits;
}

export const DEFAULT_EXECUTOR: ExecutorName = 'jit';

function readExecutor(env: NodeJS.ProcessEnv): ExecutorName {
  const raw = env.GRAPHQL_EXECUTOR;
  if (raw === undefined || raw === '') return DEFAULT_EXECUTOR;
  if (raw !== 'graphql' && raw !== 'jit') throw new ConfigError('GRAPHQL_EXECUTOR', raw, 'expected graphql or jit');
  return raw;
}

export const DEFAULT_RESPONSE_CACHE: Config['responseCache'] = { maxBytes: 64 * 1024 * 1024, maxAgeSeconds: 60 };

function readWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, raw, 'expected a whole number of 0 or more');
  return Number(raw);
}

function readSeedLimits(env: NodeJS.ProcessEnv): Config['seedLimits'] {
  const limits: Config['seedLimits'] = {};
  const documentBytes = readWholeNumber(env, 'SEED_MAX_DOCUMENT_BYTES', 0);
  const passageBytes = readWholeNumber(env, 'SEED_MAX_PASSAGE_BYTES', 0);
  if (documentBytes > 0) limits.documentBytes = documentBytes;
  if (passageBytes > 0) limits.passageBytes = passageBytes;
  return limits;
}

/** A URL without its password, for messages. */
const withoutPassword = (url: string) => url.replace(/:[^:@/]*@/, ':***@');

/** An optional URL setting of one of `protocols`; a bad value is reported without its password. */
function readUrl(env: NodeJS.ProcessEnv, name: string, protocols: string[], malformed: string, wrongProtocol: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, withoutPassword(raw), malformed);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, withoutPassword(raw), wrongProtocol);
  return raw;
}

function readDatabaseUrl(env: NodeJS.ProcessEnv): string | null {
  return readUrl(
    env,
    'DATABASE_URL',
    ['postgres:', 'postgresql:'],
    'expected a URL such as postgres://user:password@localhost:5432/fundwatch',
    'expected a postgres:// URL',
  );
}

function readMeilisearch(env: NodeJS.ProcessEnv): Config['meilisearch'] {
  const expected = 'expected an http(s) URL such as http://localhost:7700';
  const url = readUrl(env, 'MEILI_URL', ['http:', 'https:'], expected, expected);
  if (url === null) return null;
  const index = env.MEILI_INDEX && env.MEILI_INDEX !== '' ? env.MEILI_INDEX : 'fundwatch';
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(index)) throw new ConfigError('MEILI_INDEX', index, 'expected letters, digits, - and _');
  return { url, apiKey: env.MEILI_MASTER_KEY || undefined, index };
}

/** Which database a configuration points at, for messages: the SQLite file, or the PostgreSQL URL without its password. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** An origin only: http or https, a host, no credentials, path, query or fragment. */
function readPublicUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === '') return null;
  const expected = 'expected an origin such as https://fundwatch.example.org (http or https, no path, query or fragment)';
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', raw, expected);
  }
  const bare = parsed.pathname === '/' && !/[?#]/.test(raw) && !parsed.username && !parsed.password;
  if (!['http:', 'https:'].includes(parsed.protocol) || !bare) throw new ConfigError('PUBLIC_URL', raw, expected);
  return parsed.origin;
}

function readLogLevel(env: NodeJS.ProcessEnv): string {
  const level = env.LOG_LEVEL ?? '';
  if (level === '') return 'info';
  if (!LOG_LEVELS.includes(level)) throw new ConfigError('LOG_LEVEL', level, `expected one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

export function databaseLabel(config: Pick<Config, 'dbPath' | 'databaseUrl'>): string {
  return config.databaseUrl ? withoutPassword(config.databaseUrl) : config.dbPath;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnvRaw = env.NODE_ENV ?? 'production';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', nodeEnvRaw, 'expected development, production or test');
  }
  const nodeEnv = nodeEnvRaw as Config['nodeEnv'];
  const dbPath = env.DB_PATH && env.DB_PATH.trim() !== '' ? env.DB_PATH : projectPath('data', 'kb.sqlite');
  return {
    nodeEnv,
    port: readPort(env),
    host: env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0',
    dbPath: dbPath === ':memory:' ? dbPath : path.resolve(dbPath),
    databaseUrl: readDatabaseUrl(env),
    seedDir: path.resolve(env.SEED_DIR && env.SEED_DIR !== '' ? env.SEED_DIR : projectPath('seed')),
    seedOnStart: readBoolean(env, 'SEED_ON_START', true),
    exposeStackTraces: nodeEnv === 'development',
    meilisearch: readMeilisearch(env),
    executor: readExecutor(env),
    responseCache: {
      maxBytes: readWholeNumber(env, 'RESPONSE_CACHE_MAX_BYTES', DEFAULT_RESPONSE_CACHE.maxBytes),
      maxAgeSeconds: readWholeNumber(env, 'HTTP_CACHE_MAX_AGE_SECONDS', DEFAULT_RESPONSE_CACHE.maxAgeSeconds),
    },
    limits: readLimits(env),
    seedLimits: readSeedLimits(env),
    logLevel: readLogLevel(env),
    publicUrl: readPublicUrl(env),
    faultPoint: env.FUNDWATCH_FAULT_POINT && env.FUNDWATCH_FAULT_POINT !== '' ? env.FUNDWATCH_FAULT_POINT : null,
  };
}
