import { Column, DataSource, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { sqlOf } from './sql';
import { toShanghaiIso } from './time';

/** The count of loads that changed data (one row, id 1): what cached answers are keyed by. */
@Entity('data_version')
export class DataVersion {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  changedAt: string | null;
}

/** The advisory lock loads take on PostgreSQL (any fixed number; the same in every process). */
const LOAD_LOCK = 4_622_015_001;

/**
 * Makes loads take turns, from the start of the load's transaction to its end: on PostgreSQL a
 * transaction-scoped advisory lock, so that a second load waits, then reads what the first committed
 * and writes only what still differs. SQLite lets one writer in at a time on its own.
 */
export async function takeLoadLock(em: EntityManager): Promise<void> {
  if (em.connection.options.type === 'postgres') await em.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK]);
}

/** Marks the data as changed, inside the load's own transaction: the new version commits with the data or not at all. */
export async function bumpDataVersion(em: EntityManager): Promise<void> {
  await em.update(DataVersion, { id: 1 }, { version: () => '"version" + 1', changedAt: toShanghaiIso(new Date().toISOString()) });
}

/**
 * Reads the current data version as cheaply as the database allows: on SQLite a prepared statement on
 * the open connection (a few microseconds, synchronous), elsewhere one query.
 */
export function dataVersionReader(dataSource: DataSource): () => number | Promise<number> {
  if (dataSource.options.type === 'better-sqlite3') {
    const db = (dataSource.driver as unknown as { databaseConnection: { prepare(sql: string): { pluck(): { get(...args: unknown[]): unknown } } } }).databaseConnection;
    const statement = db.prepare('SELECT "version" FROM data_version WHERE "id" = 1').pluck();
    return () => Number(statement.get());
  }
  const sql = sqlOf(dataSource);
  return async () => Number((await sql.all<{ version: number }>('SELECT "version" FROM data_version WHERE "id" = 1'))[0].version);
}

/**
 * A value computed from the data and kept until the data version moves: statistics a request path needs
 * but should not recompute per request. The version reader is made on first use (after migrations).
 */
export function perDataVersion<T>(dataSource: DataSource, compute: () => Promise<T>): () => Promise<T> {
  let read: (() => number | Promise<number>) | null = null;
  let cached: { version: number; value: Promise<T> } | null = null;
  return async () => {
    read ??= dataVersionReader(dataSource);
    const version = await read();
    if (cached?.version !== version) cached = { version, value: compute() };
    return cached.value;
  };
}
