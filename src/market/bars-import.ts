import fs from 'node:fs';
import { DataSource, EntityManager } from 'typeorm';
import { bumpDataVersion, takeLoadLock } from '../database/data-version';
import { barInterval, BarImportError, BarProblem, readBarFile } from './bars-reader';
import { Instrument } from './market.entity';
import { MarketBar } from './market-bar.entity';

/** Bars per statement: 500 rows of 9 columns is 4,500 parameters, well under SQLite's 32,766 and PostgreSQL's 65,535. */
export const BAR_BATCH_SIZE = 500;

export interface BarImportOptions {
  instrumentCode: string;
  /** The bars' interval; by default the smallest gap between consecutive times. */
  intervalSeconds?: number;
  /** Told after each batch how many rows are written or found unchanged, of how many. */
  onProgress?: (done: number, total: number) => void;
}

export interface BarImportResult {
  bars: number;
  intervalSeconds: number;
  first: string;
  last: string;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** The columns a batch writes, in the order of its parameters; the key first. */
const COLUMNS = ['instrumentCode', 'time', 'intervalSeconds', 'open', 'high', 'low', 'close', 'volume', 'turnoverCny'] as const;
const VALUES = COLUMNS.slice(2);

/** A batch's SQL, read by SQLite and PostgreSQL alike, with the driver's placeholders and names. */
function sqlNames(em: EntityManager) {
  const driver = em.connection.driver;
  const metadata = em.connection.getMetadata(MarketBar);
  let index = 0;
  return {
    table: driver.escape(metadata.tableName),
    column: (property: (typeof COLUMNS)[number]) => driver.escape(metadata.findColumnWithPropertyName(property)!.databaseName),
    alias: (property: string) => driver.escape(property),
    next: () => driver.createParameter('p', index++),
  };
}

/**
 * The stored rows of a batch, by key: the instrument, the batch's first and last time, then each time.
 * The range (a batch's times increase) lets PostgreSQL read the key's index between them; for the IN
 * list alone it planned a scan of every row of the instrument (30 ms a batch at 150,000 rows).
 */
function selectSql(em: EntityManager, rows: number): string {
  const { table, column, alias, next } = sqlNames(em);
  const time = column('time');
  const select = COLUMNS.map((c) => `${column(c)} AS ${alias(c)}`).join(', ');
  return `SELECT ${select} FROM ${table} WHERE ${column('instrumentCode')} = ${next()} AND ${time} >= ${next()} AND ${time} <= ${next()} AND ${time} IN (${Array.from({ length: rows }, next).join(', ')})`;
}

/**
 * Writes rows, COLUMNS each, inserting or updating by key (`ON CONFLICT … DO UPDATE`, in both
 * dialects). Written here rather than through TypeORM's query builder, whose handling of parameters
 * grows with the square of their number (a 500-row upsert spent about 20 ms in it).
 */
function upsertSql(em: EntityManager, rows: number): string {
  const { table, column, next } = sqlNames(em);
  const tuples = Array.from({ length: rows }, () => `(${COLUMNS.map(next).join(', ')})`);
  return (
    `INSERT INTO ${table} (${COLUMNS.map(column).join(', ')}) VALUES ${tuples.join(', ')} ` +
    `ON CONFLICT (${column('instrumentCode')}, ${column('time')}) DO UPDATE SET ${VALUES.map((c) => `${column(c)} = excluded.${column(c)}`).join(', ')}`
  );
}

/** Whether a stored row (numbers as the driver returns them: decimals are strings on PostgreSQL) holds a bar's values. */
const holds = (row: Record<string, unknown>, bar: MarketBar) => VALUES.every((column) => Number(row[column]) === bar[column]);

/**
 * Writes bars a batch at a time: a batch's rows already stored are read in one query, the new and
 * changed ones written in one upsert. A statement the database refuses is reported with the lines of
 * its batch.
 */
class BarWriter {
  inserted = 0;
  updated = 0;
  unchanged = 0;
  private batch: MarketBar[] = [];
  private lines = { first: 0, last: 0 };

  constructor(
    private readonly em: EntityManager,
    private readonly file: string,
    private readonly total: number,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {}

  /** Takes one bar; when that fills a batch, the promise of its writing (the reader waits for it). */
  add(bar: MarketBar, line: number): Promise<void> | undefined {
    if (this.batch.length === 0) this.lines.first = line;
    this.lines.last = line;
    this.batch.push(bar);
    return this.batch.length >= BAR_BATCH_SIZE ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    try {
      await this.write(batch);
    } catch (error) {
      const message = `the database refused the rows of lines ${this.lines.first} to ${this.lines.last}: ${error instanceof Error ? error.message : String(error)}`;
      throw new BarImportError(this.file, [{ line: this.lines.first, column: '(rows)', message }]);
    }
    this.onProgress?.(this.inserted + this.updated + this.unchanged, this.total);
  }

  private async write(batch: MarketBar[]): Promise<void> {
    const params: unknown[] = [batch[0].instrumentCode, batch[0].time, batch[batch.length - 1].time];
    for (const bar of batch) params.push(bar.time);
    const stored = new Map<string, Record<string, unknown>>();
    for (const row of (await this.em.query(selectSql(this.em, batch.length), params)) as Record<string, unknown>[]) stored.set(String(row.time), row);
    const changed = batch.filter((bar) => {
      const before = stored.get(bar.time);
      if (before === undefined) this.inserted += 1;
      else if (!holds(before, bar)) this.updated += 1;
      else this.unchanged += 1;
      return before === undefined || !holds(before, bar);
    });
    if (changed.length === 0) return;
    const values: unknown[] = [];
    for (const bar of changed) for (const column of COLUMNS) values.push(bar[column]);
    await this.em.query(upsertSql(this.em, changed.length), values);
  }
}

async function assertInstrument(dataSource: DataSource, file: string, code: string): Promise<void> {
  if (await dataSource.getRepository(Instrument).existsBy({ code })) return;
  throw new BarImportError(file, [
    {
      line: null,
      column: 'instrument',
      message: `unknown instrument "${code}"; instruments come from the curated filings (seed/filings/market/instruments.yaml)`,
    },
  ]);
}

/** Only a regular file can be read twice and give the same bytes (not a pipe, a device or a directory). */
function assertRegularFile(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) throw new BarImportError(file, [{ line: null, column: '(file)', message: 'no such file' }]);
  if (!stat.isFile()) throw new BarImportError(file, [{ line: null, column: '(file)', message: 'is not a regular file' }]);
}

/**
 * Imports a bar file, all or nothing, holding a batch of rows at a time whatever the file's size. A
 * first reading checks every row and finds the interval, writing nothing. A second, inside one
 * transaction under the load lock, reads the file again and writes it in batches of BAR_BATCH_SIZE,
 * idempotently: a bar already stored with the same values is left alone, a changed one is updated.
 * If the file changed between the readings, or the database refuses a batch, the transaction rolls
 * back and the database is as it was. The data version moves only when something was written.
 */
export async function importBarFile(dataSource: DataSource, file: string, options: BarImportOptions): Promise<BarImportResult> {
  const { instrumentCode } = options;
  await assertInstrument(dataSource, file, instrumentCode);
  assertRegularFile(file);
  const checked = await readBarFile(file, instrumentCode, () => undefined);
  const intervalSeconds = barInterval(file, checked, options.intervalSeconds);
  const writer = await dataSource.transaction(async (em) => {
    await takeLoadLock(em);
    const writing = new BarWriter(em, file, checked.rows, options.onProgress);
    const again = await readBarFile(file, instrumentCode, (bar, line) => writing.add(Object.assign(bar, { intervalSeconds }), line), { stopAtProblem: true });
    if (again.sha256 !== checked.sha256 || again.problems.total > 0) {
      const changed: BarProblem = { line: null, column: '(file)', message: 'changed while it was being imported; import it again' };
      throw new BarImportError(file, [changed].concat(again.problems.shown), 1 + again.problems.total);
    }
    await writing.flush();
    if (writing.inserted + writing.updated > 0) await bumpDataVersion(em);
    return writing;
  });
  const { inserted, updated, unchanged } = writer;
  return { bars: checked.rows, intervalSeconds, first: checked.first!.time, last: checked.last!.time, inserted, updated, unchanged };
}
