import { Column, DataSource, Entity, EntityManager, PrimaryColumn } from 'typeorm';
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
  const repository = dataSource.getRepository(DataVersion);
  return async () => (await repository.findOneByOrFail({ id: 1 })).version;
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
