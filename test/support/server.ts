import { DataSource } from 'typeorm';
import { Config, loadConfig, projectPath } from '../../src/config/config';
import { DEFAULT_LIMITS, QueryLimits } from '../../src/core/limits';
import { createLogger } from '../../src/core/logger';
import { SearchEngine } from '../../src/search/search-engine';
import { RunningServer, startServer } from '../../src/http/server';
import { loadSeed } from '../../seed/loader';
import { openTestDataSource, tempDatabase } from './database';

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
  /** The spec's database: a SQLite file, or on PostgreSQL runs its URL (test/support/database.ts). */
  database: string;
  dataSource: DataSource & { queryCounter: { count: number } };
  /** POSTs a GraphQL request over real HTTP. */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/**
 * Starts the real server on an ephemeral port over a fresh, migrated database (a SQLite file, or a
 * PostgreSQL database on PostgreSQL runs); with `seed`, loads the curated filings first. Nothing is mocked.
 */
export async function startTestServer(
  options: {
    seed?: boolean;
    database?: string;
    exposeStackTraces?: boolean;
    limits?: Partial<QueryLimits>;
    host?: string;
    externalSearch?: SearchEngine;
    responseCache?: Config['responseCache'];
  } = {},
): Promise<TestServer> {
  const database = options.database ?? (await tempDatabase());
  const dataSource = await openTestDataSource(database);
  if (options.seed) await loadSeed(dataSource, SEED_DIR);
  let running: RunningServer;
  try {
    running = await startServer(
      dataSource,
      {
        port: 0,
        host: options.host ?? '127.0.0.1',
        exposeStackTraces: options.exposeStackTraces ?? false,
        limits: { ...DEFAULT_LIMITS, rateLimitPointsPerMinute: TEST_RATE_LIMIT, ...options.limits },
        responseCache: options.responseCache,
        executor: loadConfig().executor,
      },
      options.externalSearch ?? null,
      createLogger((process.env.TEST_LOG_LEVEL as any) ?? 'silent'),
    );
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  const graphqlUrl = `${running.url}/graphql`;
  return {
    url: running.url,
    graphqlUrl,
    database,
    dataSource,
    async query(query, variables) {
      const response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<any>['body'] };
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
