import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { openDataSource } from '../../ormconfig';
import { Config, loadConfig, projectPath } from '../../src/config/config';
import { DEFAULT_LIMITS, QueryLimits } from '../../src/core/limits';
import { createLogger } from '../../src/core/logger';
import { SearchEngine } from '../../src/search/search-engine';
import { RunningServer, startServer } from '../../src/server';
import { loadSeed } from '../../seed/loader';

export const SEED_DIR = projectPath('seed');

/** A whole spec's queries come from one client; specs that test the rate limit set their own. */
const TEST_RATE_LIMIT = 10_000_000;

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
}

export interface TestServer {
  url: string;
  graphqlUrl: string;
  dbPath: string;
  dataSource: DataSource & { queryCounter: { count: number } };
  /** POSTs a GraphQL request over real HTTP. */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** A fresh SQLite file in its own temporary directory. */
export function tempDbPath(label = 'kb'): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-test-')), `${label}.sqlite`);
}

/**
 * Starts the real server on an ephemeral port over a fresh, migrated SQLite file; with `seed`, loads
 * the curated filings first. Nothing is mocked.
 */
export async function startTestServer(options: { seed?: boolean; dbPath?: string; exposeStackTraces?: boolean; limits?: Partial<QueryLimits>; host?: string; externalSearch?: SearchEngine; responseCache?: Config['responseCache'] } = {}): Promise<TestServer> {
  const dbPath = options.dbPath ?? tempDbPath();
  const dataSource = await openDataSource({ database: dbPath });
  if (options.seed) await loadSeed(dataSource, SEED_DIR);
  let running: RunningServer;
  try {
    running = await startServer(dataSource, { port: 0, host: options.host ?? '127.0.0.1', exposeStackTraces: options.exposeStackTraces ?? false, limits: { ...DEFAULT_LIMITS, rateLimitPointsPerMinute: TEST_RATE_LIMIT, ...options.limits }, responseCache: options.responseCache, executor: loadConfig().executor }, options.externalSearch ?? null, createLogger('silent'));
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  const graphqlUrl = `${running.url}/graphql`;
  return {
    url: running.url,
    graphqlUrl,
    dbPath,
    dataSource,
    async query(query, variables) {
      const response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<any>["body"] };
    },
    async stop() {
      await running.stop();
      await dataSource.destroy();
    },
  };
}

/** Asserts a response has no errors and returns its data. */
export function dataOf<T = Record<string, any>>(response: GraphQLResponse<T>): T {
  if (response.body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.body.errors)}`);
  expect(response.status).toBe(200);
  return response.body.data as T;
}
