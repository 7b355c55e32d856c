/**
 * The values of a spreadsheet cell from the API's strings: dates as dates (formatted to the precision
 * they are known to), +08:00 times as the wall-clock time in Shanghai, percentages as fractions.
 */

/** A day, month or year as the API gives it (`2024-02-20`, `2014-06`, `2024`) and how precisely it is known. */
export interface DayValue {
  day: string;
  /** The API's DatePrecision (DAY, MONTH, YEAR, APPROXIMATE); when absent, the length of `day` says it. */
  precision?: string | null;
}

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Number formats of a date known to the year, the month, or the day (an APPROXIMATE day is shown as a day). */
export const DATE_FORMATS = { YEAR: 'yyyy', MONTH: 'yyyy-mm', DAY: 'yyyy-mm-dd' } as const;
export const TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** Amounts in CNY and other whole numbers with a thousands separator; levels of an index with two decimals. */
export const AMOUNT_FORMAT = '#,##0';
export const DECIMAL_FORMAT = '#,##0.00';
/** Percentages are stored as fractions (5.3% is 0.053) so that a formula computes with them as written. */
export const PERCENT_FORMAT = '0.00%';

/**
 * A date cell's value and format. The date is midnight UTC of the day, which spreadsheet programs
 * show as that day whatever their own zone (a cell holds no zone). A year or month is its first day,
 * formatted `yyyy` or `yyyy-mm` so that a reader does not take it for 1 January.
 */
export function dayCell(value: DayValue): { value: Date; numFmt: string } | null {
  const found = PARTIAL_DATE.exec(value.day);
  if (!found) return null;
  const [, year, month, day] = found;
  const date = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)));
  const known = value.precision === 'YEAR' || !month ? 'YEAR' : value.precision === 'MONTH' || !day ? 'MONTH' : 'DAY';
  return { value: date, numFmt: DATE_FORMATS[known] };
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/**
 * An instant as the wall-clock time in Shanghai (UTC+08:00, no daylight saving), the zone every time
 * of the data is given in: `2024-02-19T09:30:00+08:00` is the cell 2024-02-19 09:30:00. The header
 * of a time column names the zone, since a cell cannot.
 */
export function shanghaiTimeCell(instant: string): Date | null {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? null : new Date(ms + SHANGHAI_OFFSET_MS);
}

/** A percentage as the fraction a `0.00%` cell holds, read from its decimal digits (4.22 gives 0.0422, not 0.042199…). */
export function percentFraction(percent: number): number {
  return Number(`${percent}e-2`);
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** How many columns of a fixed-width font a text takes: CJK ideographs, kana, hangul and full-width forms take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += WIDE.test(character) ? 2 : 1;
  return width;
}
