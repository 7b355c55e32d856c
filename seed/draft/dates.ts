import { DateReading, readDates, readYears } from '../facts/readers';
import { Sentence } from './sentences';

/**
 * Dates as a draft reads them: a reading of seed/facts/readers.ts turned into a calendar day, month or
 * year. A date written without its year takes the year the consistency check would give it
 * (seed/facts/fact-sources.ts): the last year its quote names before it, else the document's year.
 * One step further than the check: a sentence that opens by carrying on from the one before (随后 9
 * 月, "then in September") takes the year that sentence names, and the draft's quote takes in both
 * sentences, so that the check reads the same year.
 */

export type Precision = 'DAY' | 'MONTH' | 'YEAR';

export interface DraftDate {
  iso: string;
  precision: Precision;
  reading: DateReading;
  /** The reading's offset in the document. */
  at: number;
  /** Where the year came from, when the reading does not write it. */
  yearFrom: 'reading' | 'sentence' | 'previous sentence' | 'document';
  /** The offset of the year it takes from the text, when it takes one: the quote must reach back to it. */
  yearAt: number | null;
}

/** A sentence that carries on from the one before it in time: 随后, 此后, 同年, 当月 … */
const CARRIES_ON = /^(?:随后|此后|其后|之后|同年|当年|同月|当月|次月)/;

const pad = (n: number) => String(n).padStart(2, '0');

/** The years a text names (2023 年, 2023 年 8 月 31 日), with their offsets. */
export function yearsNamed(text: string): { year: number; index: number }[] {
  return readYears(text).map((r) => ({ year: r.year, index: r.index }));
}

/** The latest 4-digit year the document names: the year of its undated days when nothing better is known. */
export function latestYearNamed(text: string): number | null {
  const years = yearsNamed(text).map((y) => y.year);
  return years.length === 0 ? null : Math.max(...years);
}

/** The year in force at `index` of the sentence: the last one it names at or before it. */
function yearInSentence(sentence: Sentence, index: number): { year: number; at: number } | null {
  let found: { year: number; at: number } | null = null;
  for (const y of yearsNamed(sentence.text)) if (y.index <= index) found = { year: y.year, at: sentence.start + y.index };
  return found;
}

/** The year a sentence carries on with from the one before it in its paragraph, if it opens so. */
function carriedYear(sentence: Sentence, previous: Sentence | undefined): { year: number; at: number } | null {
  if (previous === undefined || previous.paragraph !== sentence.paragraph || !CARRIES_ON.test(sentence.text)) return null;
  return yearInSentence(previous, previous.text.length);
}

/** The year in force at `index` of the sentence: the last it names at or before it, else the document's year. */
export function yearInForce(sentence: Sentence, index: number, documentYear: number | null): number | null {
  return yearInSentence(sentence, index)?.year ?? documentYear;
}

/** The calendar date of a reading in `sentence`; null when it names no year, month or day a draft can use. */
export function dateOf(reading: DateReading, sentence: Sentence, previous: Sentence | undefined, documentYear: number | null): DraftDate | null {
  const at = sentence.start + reading.index;
  let year: { year: number; at: number | null; from: DraftDate['yearFrom'] } | null = null;
  if (reading.year !== null) year = { year: reading.year, at: null, from: 'reading' };
  else {
    const inSentence = yearInSentence(sentence, reading.index);
    const carried = inSentence ? null : carriedYear(sentence, previous);
    const known = inSentence ?? carried;
    if (known) year = { year: known.year, at: known.at, from: inSentence ? 'sentence' : 'previous sentence' };
    else if (documentYear !== null) year = { year: documentYear, at: null, from: 'document' };
  }
  if (year === null) return null;
  const y = year.year + (reading.relativeYear ?? 0);
  const precision: Precision = reading.day !== null ? 'DAY' : reading.month !== null ? 'MONTH' : 'YEAR';
  const iso =
    precision === 'DAY' ? `${y}-${pad(reading.month!)}-${pad(reading.day!)}` : precision === 'MONTH' ? `${y}-${pad(reading.month!)}-01` : `${y}-01-01`;
  return { iso, precision, reading, at, yearFrom: year.from, yearAt: year.at };
}

/** Every date of a sentence a draft can use, in text order. */
export function datesOf(sentence: Sentence, previous: Sentence | undefined, documentYear: number | null): DraftDate[] {
  return readDates(sentence.text)
    .map((r) => dateOf(r, sentence, previous, documentYear))
    .filter((d): d is DraftDate => d !== null);
}

/** Whether a date is an as-of date: 截至 2 月 8 日, 至 2 月 20 日. */
export function isAsOf(date: DraftDate, sentence: Sentence): boolean {
  return date.precision === 'DAY' && /(?:截至|截止|至)\s*$/.test(sentence.text.slice(0, date.reading.index));
}

/** Whether a date starts what follows it: 于 2 月 20 日起. */
export function isStart(date: DraftDate, sentence: Sentence): boolean {
  return /^\s*(?:起|开始)/.test(sentence.text.slice(date.reading.index + date.reading.text.length));
}

/** How a note tells where a date's year came from. */
export function yearNote(date: DraftDate, documentYearSource: string): string | undefined {
  switch (date.yearFrom) {
    case 'reading':
      return undefined;
    case 'sentence':
      return `the year ${date.iso.slice(0, 4)} is the one the sentence names before it`;
    case 'previous sentence':
      return `the year ${date.iso.slice(0, 4)} is the one the sentence before names, which this one carries on from; the quote takes in both`;
    case 'document':
      return `the year ${date.iso.slice(0, 4)} is the document's (${documentYearSource})`;
    default: {
      const exhaustive: never = date.yearFrom;
      throw new Error(`unhandled year source ${String(exhaustive)}`);
    }
  }
}

/** A period of a performance figure, as the text writes it. */
export interface Period {
  label: string;
  /** Offset in the document. */
  at: number;
  start: string | null;
  end: string | null;
  /** The period runs to its as-of date (以来, 至今): its end is the event's as-of date, if it has one. */
  toDate: boolean;
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

type PeriodRule = [pattern: RegExp, period: (m: RegExpExecArray, yearInForce: number | null) => Omit<Period, 'label' | 'at'> | null];

/** The periods a draft reads, in order of preference where two overlap. */
const PERIOD_RULES: PeriodRule[] = [
  [
    /(\d{4})\s*年以来(?:截至\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)?/,
    (m) => ({
      start: `${m[1]}-01-01`,
      end: m[2] === undefined ? null : `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`,
      toDate: m[2] === undefined,
    }),
  ],
  [/(\d{4})\s*年第一个月/, (m) => ({ start: `${m[1]}-01-01`, end: `${m[1]}-01-31`, toDate: false })],
  [/(\d{4})\s*年度?(?!\s*\d{1,2}\s*月|\s*以)/, (m) => ({ start: `${m[1]}-01-01`, end: `${m[1]}-12-31`, toDate: false })],
  [/今年以来|今年到目前为止|年初至今|年初以来|今年/, (_m, y) => (y === null ? null : { start: `${y}-01-01`, end: null, toDate: true })],
  [/去年/, (_m, y) => (y === null ? null : { start: `${y - 1}-01-01`, end: `${y - 1}-12-31`, toDate: false })],
];

/** What the period readers look for: a figure's subject is read with its period left out. */
export const PERIOD_PATTERNS: RegExp[] = PERIOD_RULES.map(([pattern]) => pattern);

/** The first period `text` (a part of `sentence` starting at document offset `base`) names, or null. */
export function periodIn(text: string, base: number, sentence: Sentence, documentYear: number | null): Period | null {
  let best: Period | null = null;
  for (const [pattern, make] of PERIOD_RULES) {
    const m = pattern.exec(text);
    if (m === null) continue;
    const at = base + m.index;
    const inForce = yearInSentence(sentence, at - sentence.start)?.year ?? documentYear;
    const period = make(m, inForce);
    if (period !== null && (best === null || at < best.at)) best = { ...period, label: m[0], at };
  }
  return best;
}

/** The last day of the month of a YYYY-MM-DD date. */
export function lastDayOf(iso: string): string {
  const [y, m] = iso.split('-').map(Number);
  return `${y}-${pad(m)}-${pad(lastDay(y, m))}`;
}
