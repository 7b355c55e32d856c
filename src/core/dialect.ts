import type Database from 'better-sqlite3';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * The one module that knows which database driver a DataSource runs on. Code that must differ by
 * database asks `dialectOf` once (a search strategy, the rate limiter's store, a migration step) and
 * never reads `options.type` itself; better-sqlite3's connection is reached only through `sqliteHandle`.
 */
export type Dialect = 'sqlite' | 'postgres';

type HasConnection = DataSource | EntityManager | QueryRunner;

function dataSourceOf(source: HasConnection): DataSource {
  return 'connection' in source ? source.connection : source;
}

/** The dialect of a DataSource, or of the connection an EntityManager or a QueryRunner works on. */
export function dialectOf(source: HasConnection): Dialect {
  const type = dataSourceOf(source).options.type;
  if (type === 'postgres') return 'postgres';
  if (type === 'better-sqlite3') return 'sqlite';
  throw new Error(`fundwatch runs on SQLite (better-sqlite3) or PostgreSQL, not on ${type}`);
}

/**
 * better-sqlite3's open connection of a SQLite DataSource (or of an EntityManager's, which on SQLite is
 * the same single connection, inside whatever transaction it holds), for prepared statements that
 * TypeORM would otherwise prepare anew on every call; null on PostgreSQL.
 */
export function sqliteHandle(source: HasConnection): Database.Database | null {
  const dataSource = dataSourceOf(source);
  if (dialectOf(dataSource) !== 'sqlite') return null;
  return (dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
}

/** The SQLite file a DataSource opens, or null (PostgreSQL, or a database in memory). */
export function sqliteFileOf(dataSource: DataSource): string | null {
  if (dialectOf(dataSource) !== 'sqlite') return null;
  const file = dataSource.options.database as string;
  return file === ':memory:' || file === '' ? null : file;
}

/** The connection URL of a PostgreSQL DataSource (for clients of its own, such as a LISTEN connection), or null. */
export function postgresUrlOf(dataSource: DataSource): string | null {
  return dialectOf(dataSource) === 'postgres' ? ((dataSource.options as { url?: string }).url ?? null) : null;
}
