import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource, DataSourceOptions } from '../../ormconfig';
import { Config } from '../config/config';
import { dialectOf, sqliteFileOf } from '../core/dialect';
import { rebuildStaleSearchDocuments } from '../search/search-indexer';
import { DamagedDatabaseError, damagedDatabaseFile, isCorruptionError } from './database-file';

/** The database a configuration names: its PostgreSQL URL when set, else its SQLite file. */
export function databaseOptions(config: Pick<Config, 'dbPath' | 'databaseUrl'>): DataSourceOptions {
  return config.databaseUrl ? { url: config.databaseUrl } : { database: config.dbPath };
}

/** The advisory lock migrations take on PostgreSQL (any fixed number; the same in every process). */
const MIGRATION_LOCK = 4_622_015_000;

/**
 * Applies pending migrations, then rebuilds what they marked stale. Replicas that start together on
 * one PostgreSQL take turns (a session advisory lock): one migrates, the others then find nothing to do.
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const lock = dialectOf(dataSource) === 'postgres' ? dataSource.createQueryRunner() : null;
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
export async function openDataSource(options: DataSourceOptions & { migrate?: boolean }) {
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
