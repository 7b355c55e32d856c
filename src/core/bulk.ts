import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { sqliteHandle } from './dialect';

/** Bound parameters per statement, under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS = 500;

/** Rows written one at a time into one table, in statements as large as the database takes. */
export interface RowWriter {
  write(row: unknown[]): Promise<void> | void;
  /** Writes what is still buffered. */
  end(): Promise<void>;
}

/**
 * A writer of rows into `table` through `em` (so inside its transaction). On SQLite a prepared statement
 * run once per row, as fast as better-sqlite3 inserts; elsewhere multi-row INSERT statements with the
 * driver's placeholders and quoting. Several writers can be fed in turn, row by row: a load that writes
 * two tables from one pass over its input never holds either table's rows whole.
 */
export function rowWriter(em: EntityManager, table: string, columns: string[]): RowWriter {
  const driver = em.connection.driver;
  const nulls = (row: unknown[]) => {
    for (let i = 0; i < row.length; i += 1) if (row[i] === undefined) row[i] = null;
    return row;
  };
  // On SQLite one connection: a statement prepared on it runs inside the transaction `em` holds open.
  const db = sqliteHandle(em);
  if (db) {
    const insert = db.prepare(
      `INSERT INTO ${driver.escape(table)} (${columns.map((c) => driver.escape(c)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    return { write: (row) => void insert.run(nulls(row)), end: async () => undefined };
  }
  const batch = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
  const head = `INSERT INTO ${driver.escape(table)} (${columns.map((c) => driver.escape(c)).join(', ')}) VALUES `;
  let chunk: unknown[][] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    let index = 0;
    const tuples = rows.map(() => `(${columns.map(() => driver.createParameter('p', index++)).join(', ')})`);
    await em.query(head + tuples.join(', '), rows.flatMap(nulls));
  };
  return {
    write(row) {
      chunk.push(row);
      if (chunk.length === batch) return flush();
    },
    end: flush,
  };
}

/** Inserts rows (any iterable: a generator keeps a large load's rows out of memory): the one way loads write many rows. */
export async function insertValues(em: EntityManager, table: string, columns: string[], rows: Iterable<unknown[]>): Promise<void> {
  const writer = rowWriter(em, table, columns);
  for (const row of rows) {
    const flushing = writer.write(row);
    if (flushing) await flushing; // SQLite writes at once: no turn of the event loop per row
  }
  await writer.end();
}

/** Inserts entities, each column's value converted as TypeORM persists it (booleans, JSON, transformers). */
export async function insertEntities<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, rows: T[]): Promise<void> {
  const metadata = em.connection.getMetadata(target);
  const columns = metadata.columns.filter((c) => !c.isVirtual);
  const driver = em.connection.driver;
  // Plain columns (text, numbers) are written as they are; the driver converts the rest (booleans,
  // JSON, transformed values), decided once per column rather than once per value.
  const plain = new Set(['varchar', 'text', 'integer', 'int', 'double precision', 'float', 'real']);
  const readers = columns.map((c) =>
    !c.transformer && !c.embeddedMetadata && typeof c.type === 'string' && plain.has(c.type)
      ? (row: T) => (row as Record<string, unknown>)[c.propertyName]
      : (row: T) => driver.preparePersistentValue(c.getEntityValue(row, true), c),
  );
  await insertValues(
    em,
    metadata.tableName,
    columns.map((c) => c.databaseName),
    (function* () {
      for (const row of rows) yield readers.map((read) => read(row));
    })(),
  );
}

/** Deletes the rows of `table` whose `column` is one of `ids`, MAX_ROWS at a time (under every driver's limit on parameters). */
export async function deleteRows(em: EntityManager, table: string, column: string, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += MAX_ROWS) {
    const chunk = ids.slice(i, i + MAX_ROWS);
    await em.query(`DELETE FROM ${table} WHERE "${column}" IN (${chunk.map((_, j) => em.connection.driver.createParameter('p', j)).join(', ')})`, chunk);
  }
}
