import { parseCnyAmount } from '../../src/core/money';

/**
 * Readers of facts out of Chinese (and the curators' English) text: amounts with their units, percentages,
 * index levels, counts, dates, times of day and durations, each with the text it was read from. The
 * consistency check reads a quote with them and compares what a filing states; the draft command reads
 * a document with them and writes what they find. One reader per kind of fact, for both.
 */

/** Where a reading was found: the text as the source writes it and its offset in what was read. */
export interface Found {
  text: string;
  index: number;
}

export interface AmountReading extends Found {
  cny: number;
}
export interface NumberReading extends Found {
  value: number;
}
export interface CountReading extends Found {
  value: number;
  /** "20 多只" is more than 20. */
  moreThan: boolean;
}
/** A date as written: the year may be missing ("2 月 20 日"), the day too ("9 月"). */
export interface DateReading extends Found {
  year: number | null;
  month: number | null;
  day: number | null;
  /** The year is relative to the text's own: 今年 0, 去年 -1. */
  relativeYear: number | null;
}
export interface TimeReading extends Found {
  seconds: number;
}
export type DurationUnit = 'TRADING_DAY' | 'MONTH' | 'DAY' | 'YEAR' | 'SECOND' | 'MINUTE';
export interface DurationReading extends Found {
  value: number;
  unit: DurationUnit;
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const POWER: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 三 → 3, 十二 → 12, 二十 → 20, 两百 → 200; Arabic digits as they are; null for anything else. */
export function numberOf(written: string): number | null {
  if (/^\d+(\.\d+)?$/.test(written)) return Number(written);
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(written)) return null;
  let total = 0;
  let digit: number | null = null;
  for (const ch of written) {
    if (ch in DIGIT) digit = DIGIT[ch];
    else {
      total += (digit ?? 1) * POWER[ch];
      digit = null;
    }
  }
  return total + (digit ?? 0);
}

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const CHINESE_NUMBER = '[零〇一二两三四五六七八九十百千]+';
const MINUS = '[-−－]';

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (let m = global.exec(text); m !== null; m = global.exec(text)) {
    yield m;
    if (m[0] === '') global.lastIndex += 1;
  }
}

/** 11.95 亿元, 5000 万, 325.42亿元, 1,195,000,000 元: exact CNY. */
export function readAmounts(text: string): AmountReading[] {
  const found: AmountReading[] = [];
  for (const m of matches(new RegExp(`(?<![\\d.,])(?:(${NUMBER})\\s*(亿|万)\\s*元?|(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{1,2}))?\\s*元)`), text)) {
    const written = m[1] !== undefined ? `${m[1]} ${m[2]}` : `${m[3].replace(/,/g, '')}${m[4] ? `.${m[4]}` : ''}`;
    try {
      found.push({ cny: parseCnyAmount(written), text: m[0], index: m.index });
    } catch {
      // A figure finer than a fen is not an amount this reader can state exactly; it is left out.
    }
  }
  return found;
}

export interface PercentReading extends NumberReading {
  /** Written as a fall (下跌 0.64%): a change of -0.64. */
  falls: boolean;
}

/** -11.87%, 60%, 20%以上, −0.64 %: the number with its sign as written, and whether the text calls it a fall. */
export function readPercents(text: string): PercentReading[] {
  return [...matches(new RegExp(`(${MINUS}?)\\s*(${NUMBER})\\s*[%％]`), text)].map((m) => {
    const index = m.index + (m[0].length - m[0].trimStart().length);
    return {
      value: Number(m[2]) * (m[1] ? -1 : 1),
      falls: /(下跌|下挫|跌|下降|回落)\s*$/.test(text.slice(Math.max(0, index - 4), index)),
      text: m[0].trim(),
      index,
    };
  });
}

/** An index level: 2886.59 点. */
export function readLevels(text: string): NumberReading[] {
  return [...matches(new RegExp(`(${NUMBER})\\s*点`), text)].map((m) => ({ value: Number(m[1]), text: m[0], index: m.index }));
}

/** 5 只, 85 家, 20 多只, 三位: a count of products, firms or people. Not 三个交易日 or 三个月 (durations). */
export function readCounts(text: string): CountReading[] {
  const pattern = new RegExp(`(\\d+|${CHINESE_NUMBER})\\s*(多)?\\s*(只|家|位|名|款|支|个)(?!\\s*(?:交易日|月|工作日|小时|百分点))`);
  const found: CountReading[] = [];
  for (const m of matches(pattern, text)) {
    const value = numberOf(m[1]);
    if (value !== null) found.push({ value, moreThan: m[2] !== undefined, text: m[0], index: m.index });
  }
  return found;
}

/**
 * Dates as the press writes them: 2023 年 8 月 31 日, 2 月 20 日 (the year from context), 9 月,
 * 2023 年 5 月初, 2023 年度, 今年, 去年; the curators' English: Feb 19, Mon Feb 19 (ranges in readDayRanges).
 */
export function readDates(text: string): DateReading[] {
  const found: DateReading[] = [];
  const full = /(?:(\d{4})\s*年\s*)?(?<![\d.])(\d{1,2})\s*月(?:\s*(\d{1,2})\s*(?:日|号))?/;
  for (const m of matches(full, text)) {
    if (/个\s*$/.test(text.slice(Math.max(0, m.index - 2), m.index))) continue; // 三个月, 第一个月
    const [month, day] = [Number(m[2]), m[3] === undefined ? null : Number(m[3])];
    if (month < 1 || month > 12 || (day !== null && (day < 1 || day > 31))) continue;
    found.push({ year: m[1] === undefined ? null : Number(m[1]), month, day, relativeYear: null, text: m[0], index: m.index });
  }
  for (const m of matches(/(\d{4})\s*年(?!\s*\d{1,2}\s*月)/, text)) {
    found.push({ year: Number(m[1]), month: null, day: null, relativeYear: null, text: m[0], index: m.index });
  }
  for (const m of matches(/(今年|本年|年初|年内|去年|上一年)/, text)) {
    found.push({ year: null, month: null, day: null, relativeYear: m[1] === '去年' || m[1] === '上一年' ? -1 : 0, text: m[0], index: m.index });
  }
  for (const m of matches(/第一个月/, text)) found.push({ year: null, month: 1, day: null, relativeYear: null, text: m[0], index: m.index });
  for (const m of matches(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (\d{1,2})\b(?!-\d)/, text)) {
    found.push({ year: null, month: MONTHS.indexOf(m[1]) + 1, day: Number(m[2]), relativeYear: null, text: m[0], index: m.index });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The years a text names: 2023 年, and in the curators' English "2024 closures"; not 2000 万 or 2886.59 点. */
export function readYears(text: string): (Found & { year: number })[] {
  const pattern = /((?:19|20)\d{2})\s*年|(?<![\d.,])((?:19|20)\d{2})(?![\d.,]|\s*(?:万|亿|元|点|%|只|家|个|-\d))/;
  return [...matches(pattern, text)].map((m) => ({ year: Number(m[1] ?? m[2]), text: m[0], index: m.index }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The curators' English ranges of days: "Feb 9-17", "Jan 1" (a range of one day). */
export function readDayRanges(text: string): (Found & { month: number; from: number; to: number })[] {
  return [...matches(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2})(?:-(\d{1,2}))?\b/, text)].map((m) => ({
    month: MONTHS.indexOf(m[1]) + 1,
    from: Number(m[2]),
    to: Number(m[3] ?? m[2]),
    text: m[0],
    index: m.index,
  }));
}

/** 9:30:42, 9:31: seconds after midnight. */
export function readTimes(text: string): TimeReading[] {
  return [...matches(/(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])/, text)]
    .map((m) => ({ seconds: Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0), text: m[0], index: m.index }))
    .filter((t) => t.seconds < 24 * 3600);
}

const DURATION_UNITS: [string, DurationUnit][] = [
  ['个交易日', 'TRADING_DAY'],
  ['交易日', 'TRADING_DAY'],
  ['个月', 'MONTH'],
  ['天', 'DAY'],
  ['年', 'YEAR'],
  ['秒', 'SECOND'],
  ['分钟', 'MINUTE'],
];

/** 三个交易日, 3 个交易日, 三个月, 60 秒, 一分钟. Not 2024 年 (a year, not a duration of 2,024 years). */
export function readDurations(text: string): DurationReading[] {
  const units = DURATION_UNITS.map(([unit]) => unit).join('|');
  const found: DurationReading[] = [];
  // 第一个交易日 is the first trading day, not a duration of one.
  for (const m of matches(new RegExp(`(?<!第)(\\d+|${CHINESE_NUMBER})\\s*(${units})`), text)) {
    const value = numberOf(m[1]);
    const unit = DURATION_UNITS.find(([written]) => written === m[2])![1];
    if (value === null || (unit === 'YEAR' && /^\d{4}$/.test(m[1]))) continue;
    found.push({ value, unit, text: m[0], index: m.index });
  }
  return found;
}
