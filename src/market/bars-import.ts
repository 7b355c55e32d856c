import { DataSource } from 'typeorm';
import { bumpDataVersion, takeLoadLock } from '../core/data-version';
import { CsvSyntaxError, parseCsv } from '../core/csv';
import { toShanghaiIso } from '../core/time';
import { Instrument } from './market.entity';
import { MarketBar } from './market-bar.entity';

/** One thing wrong with a bar file: where (row number as in the file, column) and why. */
export interface BarProblem {
  line: number;
  column: string;
  message: string;
}

export class BarImportError extends Error {
  constructor(readonly file: string, readonly problems: BarProblem[]) {
    super(
      `${file}: ${problems.length} problem(s); nothing was written:\n` +
        problems
          .slice(0, 50)
          .map((p) => `  ${file}:${p.line}: ${p.column}: ${p.message}`)
          .join('\n') +
        (problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''),
    );
    this.name = 'BarImportError';
  }
}

export const BAR_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume', 'turnover'] as const;

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/;
const OFFSET_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A bar time as written in a terminal export: Asia/Shanghai unless it carries an offset. */
export function parseBarTime(value: string): string | null {
  const text = value.trim();
  const local = LOCAL_TIME.exec(text);
  const withOffset = local ? `${local[1]}T${local[2].length === 5 ? `${local[2]}:00` : local[2]}+08:00` : OFFSET_TIME.test(text) ? text.replace(' ', 'T') : null;
  if (withOffset === null || Number.isNaN(Date.parse(withOffset))) return null;
  return toShanghaiIso(withOffset);
}

/**
 * Reads and checks a bar file: the header names the columns (any order, those seven), each row has a
 * time and finite prices with low <= open, close <= high, non-negative volume and turnover, times
 * strictly increasing. The bar interval is the smallest gap between consecutive times, unless given.
 */
export function parseBars(file: string, text: string, instrumentCode: string, intervalSeconds?: number): MarketBar[] {
  const problems: BarProblem[] = [];
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new BarImportError(file, [{ line: error.line, column: '(row)', message: error.message.replace(/^line \d+: /, '') }]);
    throw error;
  }
  if (records.length === 0) throw new BarImportError(file, [{ line: 1, column: '(header)', message: `the file is empty; expected a header ${BAR_COLUMNS.join(',')}` }]);
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const missing = BAR_COLUMNS.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(BAR_COLUMNS as readonly string[]).includes(h));
  if (missing.length || unknown.length) {
    throw new BarImportError(file, [
      { line: records[0].line, column: '(header)', message: `expected the columns ${BAR_COLUMNS.join(',')}${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}` },
    ]);
  }
  const at = Object.fromEntries(BAR_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof BAR_COLUMNS)[number], number>;
  const bars: MarketBar[] = [];
  let previous: { time: string; line: number } | null = null;
  for (const record of records.slice(1)) {
    const problem = (column: string, message: string) => problems.push({ line: record.line, column, message });
    if (record.fields.length !== header.length) {
      problem('(row)', `has ${record.fields.length} fields; the header has ${header.length}`);
      continue;
    }
    const time = parseBarTime(record.fields[at.time]);
    if (time === null) problem('time', `"${record.fields[at.time]}" is not a time such as 2024-02-19 09:30:00 (Asia/Shanghai) or 2024-02-19T09:30:00+08:00`);
    const number = (column: 'open' | 'high' | 'low' | 'close' | 'volume' | 'turnover') => {
      const raw = record.fields[at[column]].trim();
      const value = Number(raw);
      if (raw === '' || !Number.isFinite(value)) {
        problem(column, `"${raw}" is not a number`);
        return NaN;
      }
      if (value < 0) problem(column, `${raw} is negative`);
      return value;
    };
    const [open, high, low, close, volume, turnover] = (['open', 'high', 'low', 'close', 'volume', 'turnover'] as const).map(number);
    if ([open, high, low, close].every(Number.isFinite)) {
      if (high < Math.max(open, close, low)) problem('high', `${high} is below another price of the bar`);
      if (low > Math.min(open, close, high)) problem('low', `${low} is above another price of the bar`);
    }
    if (time !== null && previous !== null && time <= previous.time) problem('time', `${time} is not after the previous row's ${previous.time} (line ${previous.line})`);
    if (time !== null) previous = { time, line: record.line };
    bars.push(Object.assign(new MarketBar(), { instrumentCode, time: time ?? '', intervalSeconds: 0, open, high, low, close, volume, turnoverCny: turnover }));
  }
  if (bars.length === 0 && problems.length === 0) problems.push({ line: records[0].line, column: '(file)', message: 'there are no bars after the header' });
  let interval = intervalSeconds;
  if (interval === undefined && problems.length === 0) {
    const gaps = bars.slice(1).map((b, i) => (Date.parse(b.time) - Date.parse(bars[i].time)) / 1000);
    interval = gaps.length ? Math.min(...gaps) : undefined;
    if (interval === undefined) problems.push({ line: records[1].line, column: 'time', message: 'one bar alone does not say its interval; pass --interval SECONDS' });
  }
  if (problems.length) throw new BarImportError(file, problems);
  for (const bar of bars) bar.intervalSeconds = interval!;
  return bars;
}

export interface BarImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes bars in one transaction, idempotently: a bar already stored with the same values is left
 * alone, a changed one is updated. `onProgress` is told how many rows are done.
 */
export async function importBars(dataSource: DataSource, bars: MarketBar[], onProgress?: (done: number, total: number) => void): Promise<BarImportResult> {
  if (bars.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const code = bars[0].instrumentCode;
  if (!(await dataSource.getRepository(Instrument).existsBy({ code }))) {
    throw new BarImportError('(instrument)', [{ line: 0, column: 'instrument', message: `unknown instrument "${code}"; instruments come from the curated filings (seed/filings/market/instruments.yaml)` }]);
  }
  return dataSource.transaction(async (em) => {
    await takeLoadLock(em);
    const existing = new Map(
      (await em.getRepository(MarketBar).createQueryBuilder('bar').where('bar.instrumentCode = :code AND bar.time >= :from AND bar.time <= :to', { code, from: bars[0].time, to: bars[bars.length - 1].time }).getMany()).map((b) => [
        b.time,
        b,
      ]),
    );
    const same = (a: MarketBar, b: MarketBar) =>
      a.intervalSeconds === b.intervalSeconds && a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume && a.turnoverCny === b.turnoverCny;
    const inserts = bars.filter((b) => !existing.has(b.time));
    const updates = bars.filter((b) => existing.has(b.time) && !same(existing.get(b.time)!, b));
    let done = 0;
    for (let i = 0; i < inserts.length; i += 500) {
      await em.insert(MarketBar, inserts.slice(i, i + 500));
      done += Math.min(500, inserts.length - i);
      onProgress?.(done, inserts.length + updates.length);
    }
    for (const bar of updates) {
      await em.update(MarketBar, { instrumentCode: bar.instrumentCode, time: bar.time }, bar);
      done += 1;
      if (done % 500 === 0) onProgress?.(done, inserts.length + updates.length);
    }
    onProgress?.(inserts.length + updates.length, inserts.length + updates.length);
    if (inserts.length + updates.length > 0) await bumpDataVersion(em);
    return { inserted: inserts.length, updated: updates.length, unchanged: bars.length - inserts.length - updates.length };
  });
}
