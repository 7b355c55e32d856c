import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Bound parameters per statement, under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS = 500;

/**
 * Inserts rows (any iterable: a generator keeps a large load's rows out of memory) through `em` (so inside its transaction): the one way loads write many rows. On SQLite a
 * prepared statement run once per row, as fast as better-sqlite3 inserts; elsewhere multi-row INSERT
 * statements with the driver's placeholders and quoting.
 */
export async function insertValues(em: EntityManager, table: string, columns: string[], rows: Iterable<unknown[]>): Promise<void> {
  const driver = em.connection.driver;
  if (driver.options.type === 'better-sqlite3') {
    // One connection: a statement prepared on it runs inside the transaction `em` holds open.
    const db = (driver as unknown as { databaseConnection: { prepare(sql: string): { run(values: unknown[]): unknown } } }).databaseConnection;
    const insert = db.prepare(`INSERT INTO ${driver.escape(table)} (${columns.map((c) => driver.escape(c)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    for (const row of rows) {
      for (let i = 0; i < row.length; i += 1) if (row[i] === undefined) row[i] = null;
      insert.run(row);
    }
    return;
  }
  const batch = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
  const head = `INSERT INTO ${driver.escape(table)} (${columns.map((c) => driver.escape(c)).join(', ')}) VALUES `;
  const flush = async (chunk: unknown[][]) => {
    let index = 0;
    const tuples = chunk.map(() => `(${columns.map(() => driver.createParameter('p', index++)).join(', ')})`);
    await em.query(head + tuples.join(', '), chunk.flat().map((v) => (v === undefined ? null : v)));
  };
  let chunk: unknown[][] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === batch) {
      await flush(chunk);
      chunk = [];
    }
  }
  if (chunk.length) await flush(chunk);
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
