import { Client } from 'pg';
import { Column, DataSource, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { sqlOf } from '../core/sql';
import { toShanghaiIso } from '../core/time';
import { dialectOf, postgresUrlOf, sqliteHandle } from '../core/dialect';

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
 * Makes loads take turns, from the start of the load's transaction to its end, so that a second load
 * waits, then reads what the first committed and writes only what still differs. On PostgreSQL a
 * transaction-scoped advisory lock; on SQLite the write lock itself, taken by a write that changes
 * nothing before anything is read (a transaction that read first could not write after another's
 * commit), waited for up to the busy timeout.
 */
export async function takeLoadLock(em: EntityManager): Promise<void> {
  if (dialectOf(em) === 'postgres') await em.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK]);
  else await em.query('UPDATE data_version SET "version" = "version" WHERE "id" = 1');
}

/** The channel loads notify on PostgreSQL when they commit a change. */
export const DATA_VERSION_CHANNEL = 'fundwatch_data_version';

/**
 * Marks the data as changed, inside the load's own transaction: the new version commits with the data
 * or not at all. On PostgreSQL the load also notifies every replica, and PostgreSQL delivers the
 * notification only when the transaction commits.
 */
export async function bumpDataVersion(em: EntityManager): Promise<void> {
  await em.update(DataVersion, { id: 1 }, { version: () => '"version" + 1', changedAt: toShanghaiIso(new Date().toISOString()) });
  if (dialectOf(em) === 'postgres') await em.query(`SELECT pg_notify('${DATA_VERSION_CHANNEL}', '')`);
}

/** How often a PostgreSQL replica reads the version even without a notification: the longest a lost notification can leave its cache behind. */
export const DATA_VERSION_HEARTBEAT_MS = 5_000;

interface VersionWatch {
  read(): number | Promise<number>;
  /** Settles once the watch has tried to start (on PostgreSQL: connected and listening, or failed to). */
  started: Promise<void>;
  close(): Promise<void>;
}

const VERSION_SQL = 'SELECT "version" FROM data_version WHERE "id" = 1';

/** SQLite: a prepared statement on the open connection (a few microseconds, synchronous). */
function sqliteWatch(dataSource: DataSource): VersionWatch {
  const db = sqliteHandle(dataSource)!;
  const statement = db.prepare(VERSION_SQL).pluck();
  return { read: () => Number(statement.get()), started: Promise.resolve(), close: async () => undefined };
}

/**
 * PostgreSQL: the version is followed on a connection of its own that LISTENs for loads' notifications
 * and reads the version on each, and every DATA_VERSION_HEARTBEAT_MS besides, so reading it costs no
 * query. While that connection is not up (starting, or lost and reconnecting), every read queries.
 */
function postgresWatch(dataSource: DataSource): VersionWatch {
  const sql = sqlOf(dataSource);
  const query = async () => Number((await sql.all<{ version: number }>(VERSION_SQL))[0].version);
  let known: number | null = null;
  let client: Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  const schedule = (work: () => void, ms: number) => {
    if (closed) return;
    timer = setTimeout(work, ms);
    timer.unref();
  };
  // Reads on the connection go one after another (a notification may arrive during the heartbeat's
  // read; pg 8 warns of overlapping queries on one client): the last answer is the latest version.
  let reading: Promise<unknown> = Promise.resolve();
  const refresh = (on: Client): Promise<void> => {
    const read = reading.then(async () => {
      const { rows } = await on.query<{ version: number }>(VERSION_SQL);
      if (on === client) known = Number(rows[0].version);
    });
    reading = read.catch(() => undefined);
    return read;
  };
  const lose = (on: Client) => {
    if (on !== client) return;
    client = null;
    known = null;
    void on.end().catch(() => undefined);
    if (timer) clearTimeout(timer);
    schedule(() => void connect(), 1_000);
  };
  const heartbeat = (on: Client) => () => {
    refresh(on).then(
      () => on === client && schedule(heartbeat(on), DATA_VERSION_HEARTBEAT_MS),
      () => lose(on),
    );
  };
  const connect = (): Promise<void> => {
    if (closed) return Promise.resolve();
    const on = new Client({ connectionString: postgresUrlOf(dataSource)!, keepAlive: true });
    client = on;
    on.on('error', () => lose(on));
    on.on('end', () => lose(on));
    on.on('notification', () => void refresh(on).catch(() => lose(on)));
    return on
      .connect()
      .then(() => on.query(`LISTEN ${DATA_VERSION_CHANNEL}`))
      .then(() => refresh(on))
      .then(() => schedule(heartbeat(on), DATA_VERSION_HEARTBEAT_MS))
      .catch(() => lose(on));
  };
  const started = connect();
  return {
    read: () => known ?? query(),
    started,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const on = client;
      client = null;
      await on?.end().catch(() => undefined);
    },
  };
}

const watches = new WeakMap<DataSource, VersionWatch>();

/**
 * Reads the current data version as cheaply as the database allows: on SQLite a prepared statement, on
 * PostgreSQL the version a LISTEN connection follows (one query per read only while it is not up).
 * One watch per DataSource, closed when the DataSource is destroyed.
 */
export function dataVersionReader(dataSource: DataSource): () => number | Promise<number> {
  let watch = watches.get(dataSource);
  if (!watch) {
    watches.set(dataSource, (watch = dialectOf(dataSource) === 'postgres' ? postgresWatch(dataSource) : sqliteWatch(dataSource)));
    closeWithDataSource(dataSource);
  }
  return watch.read;
}

/** Starts following the data version, and waits until it is followed (the server does, before it listens). */
export async function watchDataVersion(dataSource: DataSource): Promise<void> {
  dataVersionReader(dataSource);
  await watches.get(dataSource)!.started;
}

/** The watch (the LISTEN connection on PostgreSQL) ends with the DataSource's data: destroying it closes the watch first. */
function closeWithDataSource(dataSource: DataSource): void {
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await closeDataVersionWatch(dataSource);
    dataSource.destroy = destroy;
    return destroy();
  };
}

/** Stops following the data version (the LISTEN connection on PostgreSQL); destroying the DataSource does it too. */
export async function closeDataVersionWatch(dataSource: DataSource): Promise<void> {
  const watch = watches.get(dataSource);
  watches.delete(dataSource);
  await watch?.close();
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
