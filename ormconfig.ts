import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/config';
import { closeDataVersionWatch } from './src/core/data-version';
import { QueryCounter } from './src/core/query-counter';
import { DamagedDatabaseError, damagedDatabaseFile, isCorruptionError, sqliteFileOf } from './src/core/database-file';
import { rebuildStaleSearchDocuments } from './src/search/search-indexer';
import { entities } from './src/entities';
import { InitialSchema1763900000000 } from './migrations/1763900000000-InitialSchema';
import { SearchIndex1763900000001 } from './migrations/1763900000001-SearchIndex';
import { MarketBars1763900000002 } from './migrations/1763900000002-MarketBars';
import { DataVersion1763900000003 } from './migrations/1763900000003-DataVersion';
import { EventListing1763900000004 } from './migrations/1763900000004-EventListing';
import { SearchRanking1763900000005 } from './migrations/1763900000005-SearchRanking';
import { RateLimit1763900000006 } from './migrations/1763900000006-RateLimit';

/** Every migration, in order. Listed explicitly so that compiled and source runs see the same set. */
export const migrations = [InitialSchema1763900000000, SearchIndex1763900000001, MarketBars1763900000002, DataVersion1763900000003, EventListing1763900000004, SearchRanking1763900000005, RateLimit1763900000006];

export interface DataSourceOptions {
  /** SQLite file; defaults to DB_PATH (data/kb.sqlite). */
  database?: string;
  /** A PostgreSQL URL (postgres://…); defaults to DATABASE_URL. When set, it is used instead of SQLite. */
  url?: string;
}

/**
 * The one DataSource definition: the server, the seed loader, the migration CLI and the tests all build
 * theirs here. `synchronize` is never on; migrations own the schema. PostgreSQL when DATABASE_URL is set,
 * SQLite (DB_PATH) otherwise.
 */
export function createDataSource(options: DataSourceOptions = {}): DataSource & { queryCounter: QueryCounter } {
  const config = loadConfig();
  const url = options.url ?? (options.database === undefined ? config.databaseUrl : null);
  const queryCounter = new QueryCounter();
  const common = { entities, migrations, synchronize: false, migrationsRun: false, migrationsTransactionMode: 'each' as const, logging: ['query' as const], logger: queryCounter };
  const dataSource = url
    ? new DataSource({ type: 'postgres', url, ...common })
    : new DataSource({
        type: 'better-sqlite3',
        database: options.database ?? config.dbPath,
        ...common,
        prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
          db.pragma('journal_mode = WAL');
          db.pragma('busy_timeout = 5000');
          db.pragma('foreign_keys = ON');
          // 64 MiB of page cache (the default is 2 MiB): loads and large reads stop re-reading pages.
          db.pragma('cache_size = -65536');
        },
      });
  // What follows the DataSource's data (the data version's LISTEN connection) ends with it.
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await closeDataVersionWatch(dataSource);
    return destroy();
  };
  return Object.assign(dataSource, { queryCounter });
}

/** The advisory lock migrations take on PostgreSQL (any fixed number; the same in every process). */
const MIGRATION_LOCK = 4_622_015_000;

/**
 * Applies pending migrations, then rebuilds what they marked stale. Replicas that start together on
 * one PostgreSQL take turns (a session advisory lock): one migrates, the others then find nothing to do.
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const lock = dataSource.options.type === 'postgres' ? dataSource.createQueryRunner() : null;
  try {
    await lock?.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
    await rebuildStaleSearchDocuments(dataSource);
  } finally {
    if (lock) {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await lock.release();
    }
  }
}

/** Creates the database directory if needed, connects, and applies pending migrations. */
export async function openDataSource(options: DataSourceOptions & { migrate?: boolean } = {}) {
  const dataSource = createDataSource(options);
  const file = sqliteFileOf(dataSource);
  if (file) {
    const damage = damagedDatabaseFile(file);
    if (damage) throw new DamagedDatabaseError(file, damage);
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  try {
    await dataSource.initialize();
    if (options.migrate ?? true) await migrate(dataSource);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (file && isCorruptionError(error)) throw new DamagedDatabaseError(file, `is damaged: ${(error as Error).message}; restore it from a backup`);
    throw error;
  }
  return dataSource;
}
