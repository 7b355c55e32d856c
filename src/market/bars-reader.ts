import { createHash } from 'node:crypto';
import { codePointOf } from '../core/characters';
import fs from 'node:fs';
import { CsvSyntaxError, parseCsv } from '../core/csv';
import { toShanghaiIso } from '../core/time';
import { FileLine, LineSplitter } from './line-splitter';
import { MarketBar } from './market-bar.entity';

/** The longest line a bar file may have, in bytes (a row is under 100): a longer one is refused without being held. */
export const MAX_BAR_LINE_BYTES = 4096;
/** How many problems an error lists; the others are counted, not kept. */
const SHOWN_PROBLEMS = 50;
/** How much of an offending value a message quotes. */
const QUOTED_CHARACTERS = 40;

/** One thing wrong with a bar file: where (line as in the file, or null for the file as a whole, column) and why. */
export interface BarProblem {
  line: number | null;
  column: string;
  message: string;
}

export class BarImportError extends Error {
  constructor(
    readonly file: string,
    readonly problems: BarProblem[],
    readonly total = problems.length,
  ) {
    const shown = problems.slice(0, SHOWN_PROBLEMS);
    super(
      `${file}: ${total} problem(s); nothing was written:\n` +
        shown.map((p) => `  ${file}${p.line === null ? '' : `:${p.line}`}: ${p.column}: ${p.message}`).join('\n') +
        (total > shown.length ? `\n  … and ${total - shown.length} more` : ''),
    );
    this.name = 'BarImportError';
  }
}

/** The problems of one reading: the first SHOWN_PROBLEMS kept, every one counted, so a file of bad rows costs no memory. */
export class BarProblems {
  readonly shown: BarProblem[] = [];
  total = 0;

  add(line: number | null, column: string, message: string): void {
    this.total += 1;
    if (this.shown.length < SHOWN_PROBLEMS) this.shown.push({ line, column, message });
  }

  error(file: string): BarImportError {
    return new BarImportError(file, this.shown, this.total);
  }
}

/** A value as a message shows it: JSON-quoted (control characters escaped) and cut to QUOTED_CHARACTERS. */
function quoteValue(value: string): string {
  return JSON.stringify(value.length > QUOTED_CHARACTERS ? `${value.slice(0, QUOTED_CHARACTERS)}…` : value);
}

export const BAR_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume', 'turnover'] as const;
type BarColumn = (typeof BAR_COLUMNS)[number];
type NumberColumn = Exclude<BarColumn, 'time'>;
type ColumnIndex = Record<BarColumn, number>;

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const OFFSET_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const HOUR_MS = 3_600_000;

/**
 * Whether a written date and time exist, in years 1900 to 2999 (Date.parse takes 2024-02-30 for
 * 2024-03-01 and 24:00 for the next day's midnight).
 */
function onTheCalendar(match: RegExpExecArray): boolean {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return (
    year >= 1900 &&
    year <= 2999 &&
    days !== undefined &&
    day >= 1 &&
    day <= days &&
    Number(match[4]) <= 23 &&
    Number(match[5]) <= 59 &&
    Number(match[6] ?? 0) <= 59
  );
}

/** A bar time read: ISO 8601 in +08:00 (text order is time order) and the instant. */
interface BarTime {
  time: string;
  ms: number;
}

/**
 * A bar time as written in a terminal export, exactly (no spaces around it): Asia/Shanghai unless it
 * carries an offset. A local time is its own text with +08:00 (the common case, read without Date).
 */
function readBarTime(value: string): BarTime | null {
  const local = LOCAL_TIME.exec(value);
  if (local !== null) {
    if (!onTheCalendar(local)) return null;
    const seconds = local[6] ?? '00';
    const ms = Date.UTC(Number(local[1]), Number(local[2]) - 1, Number(local[3]), Number(local[4]), Number(local[5]), Number(seconds)) - 8 * HOUR_MS;
    return { time: `${local[1]}-${local[2]}-${local[3]}T${local[4]}:${local[5]}:${seconds}+08:00`, ms };
  }
  const withOffset = OFFSET_TIME.exec(value);
  if (withOffset === null || !onTheCalendar(withOffset)) return null;
  const ms = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : { time: toShanghaiIso(new Date(ms).toISOString()), ms };
}

/** A bar time as ISO 8601 in +08:00, or null when it is not one (see readBarTime). */
export function parseBarTime(value: string): string | null {
  return readBarTime(value)?.time ?? null;
}

/** A plain decimal: digits, an optional fraction, a minus sign (refused later as negative, with its own message). */
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
/** Digits before the point each column holds: volume is decimal(24,2), turnover decimal(20,2), prices doubles (exact to 15 digits). */
const WHOLE_DIGITS: Record<NumberColumn, number> = { open: 15, high: 15, low: 15, close: 15, volume: 22, turnover: 18 };
const BELOW = Object.fromEntries(Object.entries(WHOLE_DIGITS).map(([column, digits]) => [column, 10 ** digits])) as Record<NumberColumn, number>;

/** A number field: a decimal that fits its column and is not negative; NaN, with the problem added, otherwise. */
function decimalOf(raw: string, column: NumberColumn, problem: (column: string, message: string) => void): number {
  if (!DECIMAL.test(raw)) {
    problem(column, `${quoteValue(raw)} is not a decimal number (digits with an optional fraction, such as 2886.59)`);
    return NaN;
  }
  const value = Number(raw);
  if (!(Math.abs(value) < BELOW[column])) {
    problem(column, `${quoteValue(raw)} is too large: ${column} holds at most ${WHOLE_DIGITS[column]} digits before the point`);
    return NaN;
  }
  if (value < 0) problem(column, `${quoteValue(raw)} is negative`);
  return value;
}

/** The values of a row whose time is read: a bar when they are all good, else null with the problems added. */
function barOf(fields: string[], at: ColumnIndex, time: string, instrumentCode: string, problems: BarProblems, line: number): MarketBar | null {
  const before = problems.total;
  const problem = (column: string, message: string) => problems.add(line, column, message);
  const open = decimalOf(fields[at.open], 'open', problem);
  const high = decimalOf(fields[at.high], 'high', problem);
  const low = decimalOf(fields[at.low], 'low', problem);
  const close = decimalOf(fields[at.close], 'close', problem);
  const volume = decimalOf(fields[at.volume], 'volume', problem);
  const turnoverCny = decimalOf(fields[at.turnover], 'turnover', problem);
  if (Number.isFinite(open) && Number.isFinite(high) && Number.isFinite(low) && Number.isFinite(close)) {
    if (high < Math.max(open, close, low)) problem('high', `${high} is below another price of the bar`);
    if (low > Math.min(open, close, high)) problem('low', `${low} is above another price of the bar`);
  }
  if (problems.total > before) return null;
  return Object.assign(new MarketBar(), { instrumentCode, time, intervalSeconds: 0, open, high, low, close, volume, turnoverCny });
}

/** What one reading of a bar file found. */
export interface BarFileSummary {
  rows: number;
  first: { time: string; line: number } | null;
  last: { time: string; line: number } | null;
  /** The smallest gap between consecutive times, in seconds, at the line of the later row. */
  smallestGap: { seconds: number; line: number } | null;
  problems: BarProblems;
  /** SHA-256 of the bytes read: two readings of an unchanged file agree. */
  sha256: string;
}

/** Control characters other than tab, and U+FFFD (what a malformed UTF-8 sequence decodes to). */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/**
 * Checks a bar file line by line, keeping only what the next line needs (the header, the previous
 * time) and what the import needs after (the count, the first and last time, the smallest gap).
 */
class BarFileChecker {
  readonly problems = new BarProblems();
  rows = 0;
  first: BarFileSummary['first'] = null;
  last: BarFileSummary['last'] = null;
  smallestGap: BarFileSummary['smallestGap'] = null;
  /** Set when reading on is pointless: a binary file, or (when asked) the first problem. */
  stopped = false;
  private header: { line: number; columns: number; at: ColumnIndex } | null = null;
  private previous: { time: string; ms: number; line: number } | null = null;

  constructor(
    private readonly file: string,
    private readonly instrumentCode: string,
    private readonly stopAtProblem: boolean,
  ) {}

  /** Checks one line: the header, a blank line (skipped) or a row, whose bar it returns when the row is good. */
  check(line: FileLine): MarketBar | null {
    const before = this.problems.total;
    const fields = this.fieldsOf(line);
    let bar: MarketBar | null = null;
    if (fields !== null && this.header === null) this.header = this.headerOf(fields, line.number);
    else if (fields !== null) bar = this.rowOf(fields, line.number);
    if (bar !== null) {
      this.rows += 1;
      this.first ??= { time: bar.time, line: line.number };
      this.last = { time: bar.time, line: line.number };
    }
    if (this.stopAtProblem && this.problems.total > before) this.stopped = true;
    return bar;
  }

  /** The fields of a line; null for a blank line or one refused whole (too long, not text, bad quoting). */
  private fieldsOf(line: FileLine): string[] | null {
    const refuse = (message: string, stop = false) => {
      if (this.header === null) throw new BarImportError(this.file, [{ line: line.number, column: '(header)', message }]);
      this.problems.add(line.number, '(row)', message);
      if (stop) this.stopped = true;
      return null;
    };
    if (line.overlongBytes !== null) return refuse(`is ${line.overlongBytes} bytes long; a line may have at most ${MAX_BAR_LINE_BYTES}`);
    const bad = NOT_TEXT.exec(line.text);
    if (bad !== null) {
      const at = `at character ${bad.index + 1}`;
      if (bad[0] === '\u0000') return refuse(`holds a NUL byte ${at}: this is a binary file, not CSV text; reading stopped here`, true);
      if (bad[0] === '\ufffd') return refuse(`is not UTF-8 text (a malformed byte sequence ${at})`);
      return refuse(`holds the control character ${codePointOf(bad[0])} ${at}`);
    }
    if (line.text.trim() === '') return null;
    if (!line.text.includes('"')) return line.text.split(',');
    try {
      return parseCsv(line.text)[0]?.fields ?? null;
    } catch (error) {
      if (error instanceof CsvSyntaxError) return refuse(`${error.message.replace(/^line \d+: /, '')} on this line (a bar field never needs quotes)`);
      throw error;
    }
  }

  /** The header names the seven columns in any order, each once; anything else is refused alone. */
  private headerOf(fields: string[], line: number): NonNullable<BarFileChecker['header']> {
    const names = fields.map((h) => h.trim().toLowerCase());
    const missing = BAR_COLUMNS.filter((c) => !names.includes(c));
    const unknown = names.filter((h) => !(BAR_COLUMNS as readonly string[]).includes(h));
    const repeated = names.filter((h, i) => names.indexOf(h) !== i && (BAR_COLUMNS as readonly string[]).includes(h));
    if (missing.length || unknown.length || repeated.length) {
      const message =
        `expected the columns ${BAR_COLUMNS.join(',')}` +
        (missing.length ? `; missing ${missing.join(', ')}` : '') +
        (unknown.length ? `; unknown ${unknown.slice(0, 10).map(quoteValue).join(', ')}${unknown.length > 10 ? ', …' : ''}` : '') +
        (repeated.length ? `; repeated ${repeated.join(', ')}` : '');
      throw new BarImportError(this.file, [{ line, column: '(header)', message }]);
    }
    return { line, columns: names.length, at: Object.fromEntries(BAR_COLUMNS.map((c) => [c, names.indexOf(c)])) as ColumnIndex };
  }

  /** A row's bar when every field is good and its time follows the previous row's; null, with the problems added, otherwise. */
  private rowOf(fields: string[], line: number): MarketBar | null {
    const header = this.header!;
    const problem = (column: string, message: string) => this.problems.add(line, column, message);
    if (fields.length !== header.columns) {
      problem('(row)', `has ${fields.length} fields; the header has ${header.columns}`);
      return null;
    }
    const written = fields[header.at.time];
    const time = readBarTime(written);
    if (time === null) problem('time', `${quoteValue(written)} is not a time such as 2024-02-19 09:30:00 (Asia/Shanghai) or 2024-02-19T09:30:00+08:00`);
    const bar = barOf(fields, header.at, time?.time ?? '', this.instrumentCode, this.problems, line);
    const inOrder = time !== null && this.follow(time, line);
    return inOrder ? bar : null;
  }

  /** Checks a row's time against the previous row's and keeps the smallest gap; false when it is not later. */
  private follow({ time, ms }: BarTime, line: number): boolean {
    const previous = this.previous;
    this.previous = { time, ms, line };
    if (previous === null) return true;
    if (ms <= previous.ms) {
      this.problems.add(line, 'time', `${time} is not after the previous row's ${previous.time} (line ${previous.line})`);
      return false;
    }
    const seconds = (ms - previous.ms) / 1000;
    if (this.smallestGap === null || seconds < this.smallestGap.seconds) this.smallestGap = { seconds, line };
    return true;
  }

  /** What the reading found, with the file-wide problems (no header, no rows) added. */
  summary(sha256: string): BarFileSummary {
    if (this.header === null) this.problems.add(1, '(header)', `the file is empty; expected a header ${BAR_COLUMNS.join(',')}`);
    else if (this.rows === 0 && this.problems.total === 0) this.problems.add(this.header.line, '(file)', 'there are no bars after the header');
    return { rows: this.rows, first: this.first, last: this.last, smallestGap: this.smallestGap, problems: this.problems, sha256 };
  }
}

/**
 * Reads a bar file once, as a stream: lines of at most MAX_BAR_LINE_BYTES, each checked as it comes
 * and each good row handed to `onBar` (awaited when it returns a promise, so a writer can hold the
 * reading back). Header problems throw at once; the others are collected in the summary. Holds one
 * chunk and one line at a time, whatever the file's size.
 */
export async function readBarFile(
  file: string,
  instrumentCode: string,
  onBar: (bar: MarketBar, line: number) => void | Promise<void>,
  options: { stopAtProblem?: boolean } = {},
): Promise<BarFileSummary> {
  const checker = new BarFileChecker(file, instrumentCode, options.stopAtProblem ?? false);
  const splitter = new LineSplitter(MAX_BAR_LINE_BYTES);
  const hash = createHash('sha256');
  const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  const take = async (lines: FileLine[]) => {
    for (const line of lines) {
      const bar = checker.check(line);
      const pending = bar === null ? undefined : onBar(bar, line.number);
      if (pending) await pending;
      if (checker.stopped) return;
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      await take(splitter.push(chunk));
      if (checker.stopped) break;
    }
    if (!checker.stopped) await take(splitter.end());
  } finally {
    stream.destroy();
  }
  return checker.summary(hash.digest('hex'));
}

/**
 * The bars' interval: the one given, or the smallest gap between consecutive times, which must be a
 * whole number of seconds. Throws the reading's problems, if it found any, with those of the interval.
 */
export function barInterval(file: string, summary: BarFileSummary, given?: number): number {
  const { problems, smallestGap } = summary;
  if (given === undefined && problems.total === 0 && smallestGap === null)
    problems.add(summary.first!.line, 'time', 'one bar alone does not say its interval; pass --interval SECONDS');
  else if (given === undefined && problems.total === 0 && !Number.isInteger(smallestGap!.seconds)) {
    problems.add(
      smallestGap!.line,
      'time',
      `is ${smallestGap!.seconds} s after the previous row; an interval is a whole number of seconds (pass --interval SECONDS)`,
    );
  }
  if (problems.total > 0) throw problems.error(file);
  return given ?? smallestGap!.seconds;
}
