import { AnnouncementKind } from '../../src/announcements/announcement.entity';
import { toShanghaiIso } from '../../src/core/time';
import { parseCnyAmount } from '../../src/core/money';
import { CitationInput, Filing } from '../filing-schema';
import { forbiddenCharacterIn } from '../seed-files';
import { Located, SeedProblem } from '../seed-types';
import { FactCheck, FactField, FactRecord, factRecordsOf } from './fact-records';
import { suspensionDays } from './derived-facts';
import { comparable, FactSources, on, QuoteText, yearOf } from './fact-sources';
import { DateReading, readAmounts, readCounts, readDates, readDayRanges, readDurations, readLevels, readPercents, readTimes } from './readers';

/*
 * Every field that states a fact agrees with its quotes: the check reads the same fact out of the
 * quotes the record cites (seed/facts/readers.ts) and refuses a mismatch, naming the file, the field,
 * the value and what the quotes say.
 */

/** What a field's check found: null when the quotes agree, else what they say. */
type Verdict = null | string;

/** What the quotes give, each once, the first eight of them: a message stays short however many quotes a record cites. */
function listed(values: string[]): string {
  const distinct = [...new Set(values)];
  if (distinct.length === 0) return 'nothing of the kind';
  return distinct.length <= 8 ? distinct.join(', ') : `${distinct.slice(0, 8).join(', ')} and ${distinct.length - 8} more`;
}
/** Whether a quote writes `text` (comparable: whitespace aside, Latin letters in any case: Filing suspension, filing suspension). */
const inAny = (quotes: QuoteText[], text: string) => quotes.some((q) => on(q, comparable).includes(comparable(text)));

/** The calendar day a date reading names, in the quote's context year; null when it names no day. */
function isoOf(reading: DateReading, contextYear: number | null): { year: number | null; month: number | null; day: number | null } {
  const year = reading.year ?? (reading.relativeYear !== null && contextYear !== null ? contextYear + reading.relativeYear : contextYear);
  return { year, month: reading.month, day: reading.day };
}
const pad = (n: number) => String(n).padStart(2, '0');
const written = (d: { year: number | null; month: number | null; day: number | null }) =>
  [d.year ?? '????', d.month === null ? null : pad(d.month), d.day === null ? null : pad(d.day)].filter((p) => p !== null).join('-');

function datesIn(quotes: QuoteText[]) {
  return quotes.flatMap((q) => on(q, readDates).map((r) => ({ reading: r, quote: q, date: isoOf(r, r.year === null ? yearOf(q, r.index) : null) })));
}

function checkDate(value: string, precision: 'DAY' | 'MONTH' | 'YEAR', quotes: QuoteText[]): Verdict {
  const [year, month, day] = value.split('-').map(Number);
  // A date known to the month or the year is written as its first day: another day would claim more.
  if (precision === 'MONTH' && day !== undefined && day !== 1) return `a date given to the month is written as its first day (${value.slice(0, 8)}01)`;
  if (precision === 'YEAR' && day !== undefined && (month !== 1 || day !== 1)) return `a date given to the year is written as its first day (${year}-01-01)`;
  const dates = datesIn(quotes);
  const agrees = dates.some(({ date }) => {
    if (date.year !== year) return false;
    if (precision === 'YEAR') return true;
    if (date.month !== month) return false;
    return precision === 'MONTH' || date.day === day;
  });
  if (agrees) return null;
  const shown = dates.filter(({ date }) => (precision === 'YEAR' ? true : precision === 'MONTH' ? date.month !== null : date.day !== null));
  return `the quotes give ${listed(shown.map(({ reading, date }) => `${reading.text} (${written(date)})`))}`;
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A period's first or last day: a day the quotes name, or the first or last day of a month or year they
 * name. The figure's own quotes decide when they name one; its event's only when they do not.
 */
function checkPeriodEdge(value: string, edge: 'start' | 'end', own: QuoteText[], context: QuoteText[]): Verdict {
  const fromOwn = periodEdges(edge, own);
  const candidates = fromOwn.length > 0 ? fromOwn : periodEdges(edge, context);
  return candidates.includes(value) ? null : `the quotes give a period ${edge === 'start' ? 'from' : 'to'} ${listed(candidates)}`;
}

function periodEdges(edge: 'start' | 'end', quotes: QuoteText[]): string[] {
  return datesIn(quotes).flatMap(({ reading, quote, date }) => {
    if (date.year === null) return [];
    // 至 2 月 18 日, 截至 2 月 2 日: a period's end, never its start.
    if (edge === 'start' && /(至|到)\s*$/.test(quote.text.slice(Math.max(0, reading.index - 2), reading.index))) return [];
    if (date.day !== null) return [written(date)];
    if (date.month !== null) return [written({ ...date, day: edge === 'start' ? 1 : lastDay(date.year, date.month) })];
    // 今年以来, 年初至今: the year's start; a named year (2023 年度, 去年) both ends.
    if (reading.relativeYear === 0 && edge === 'end') return [];
    return [edge === 'start' ? `${date.year}-01-01` : `${date.year}-12-31`];
  });
}

function checkInstant(value: string, quotes: QuoteText[]): Verdict {
  const local = toShanghaiIso(value);
  const dayVerdict = checkDate(local.slice(0, 10), 'DAY', quotes);
  if (dayVerdict !== null) return dayVerdict;
  const [h, m, s] = local.slice(11, 19).split(':').map(Number);
  const times = quotes.flatMap((q) => on(q, readTimes));
  if (times.some((t) => t.seconds === h * 3600 + m * 60 + s)) return null;
  return `the quotes give the times ${listed(times.map((t) => t.text))} (+08:00)`;
}

function checkNumber(kind: 'percent' | 'change' | 'level', value: number, quotes: QuoteText[]): Verdict {
  const readings = quotes.flatMap((q) => (kind === 'level' ? on(q, readLevels) : on(q, readPercents)));
  const signed = (r: (typeof readings)[number]) => ('falls' in r && r.falls && kind === 'change' ? -r.value : r.value);
  if (readings.some((r) => signed(r) === value)) return null;
  return `the quotes give ${listed(readings.map((r) => r.text))}`;
}

function checkAmount(value: number | string, quotes: QuoteText[]): Verdict {
  const cny = parseCnyAmount(value);
  const readings = quotes.flatMap((q) => on(q, readAmounts));
  if (readings.some((r) => r.cny === cny)) return null;
  return `${cny.toLocaleString('en')} CNY; the quotes give ${listed(readings.map((r) => `${r.text} (${r.cny.toLocaleString('en')} CNY)`))}`;
}

function checkNames(kind: 'authority' | 'manager' | 'product' | 'instrument', key: string, quotes: QuoteText[], sources: FactSources): Verdict {
  const names = sources.names(kind, key);
  if (names.some((n) => inAny(quotes, n))) return null;
  // An authority's own statement speaks for it: SSE's statement is SSE saying so.
  if (kind === 'authority' && quotes.some((q) => sources.documentAuthority(q.document) === key)) return null;
  return `the quotes name no ${kind} by ${listed(names)}`;
}

/** The words of the source: in one of the record's quotes, "……" marking what is left out. */
function checkWords(value: string, quotes: QuoteText[]): Verdict {
  const missing = value
    .split(/…+/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && !inAny(quotes, part));
  if (missing.length === 0) return null;
  return `"${missing[0]}" is not in the record's quotes: the source's words are quoted (mark an omission with ……), or the field is listed in curatorsWords`;
}

/**
 * The curators' prose: every amount, percentage and full date it gives is one the quotes give, or for a
 * suspension one derived from its start and length (whose agreement seed/facts/derived-facts.ts checks).
 */
function checkProse({ value, suspension }: Extract<FactCheck, { kind: 'prose' }>, quotes: QuoteText[], sources: FactSources): Verdict {
  const amounts = new Set(quotes.flatMap((q) => on(q, readAmounts).map((r) => r.cny)));
  const percents = new Set(quotes.flatMap((q) => on(q, readPercents).map((r) => Math.abs(r.value))));
  const days = new Set(datesIn(quotes).map(({ date }) => `${date.month}-${date.day}`));
  if (suspension) {
    try {
      const derived = suspensionDays(suspension.startDate, suspension.tradingDays, sources.calendar);
      for (const day of [derived.endDate, derived.resumeDate]) days.add(`${Number(day.slice(5, 7))}-${Number(day.slice(8))}`);
    } catch {
      // a start outside the calendar has its own problem
    }
  }
  const stray = [
    ...readAmounts(value).filter((r) => !amounts.has(r.cny)),
    ...readPercents(value).filter((r) => !percents.has(Math.abs(r.value))),
    ...readDates(value).filter((r) => r.day !== null && !days.has(`${r.month}-${r.day}`)),
  ].map((r) => r.text);
  return stray.length === 0 ? null : `it gives ${listed(stray)}, which no quote of the record gives`;
}

function checkDayRange(from: string, to: string, quotes: QuoteText[]): Verdict {
  const ranges = quotes.flatMap((q) => on(q, readDayRanges).map((r) => ({ ...r, year: yearOf(q, r.index) })));
  const agrees = ranges.some((r) => r.year !== null && `${r.year}-${pad(r.month)}-${pad(r.from)}` === from && `${r.year}-${pad(r.month)}-${pad(r.to)}` === to);
  return agrees ? null : `the quotes give ${listed(ranges.map((r) => r.text))}`;
}

function verdictOf(check: FactCheck, quotes: QuoteText[], own: QuoteText[], sources: FactSources): Verdict {
  switch (check.kind) {
    case 'amount':
      return checkAmount(check.value, quotes);
    case 'percent':
    case 'change':
    case 'level':
      return checkNumber(check.kind, check.value, quotes);
    case 'count': {
      const counts = quotes.flatMap((q) => on(q, readCounts));
      if (counts.some((c) => c.value === check.value && c.moreThan === check.moreThan)) return null;
      return `the quotes give ${listed(counts.map((c) => c.text))}${check.moreThan ? ' (the value is "more than", 多)' : ''}`;
    }
    case 'date':
      return checkDate(check.value, check.precision, quotes);
    case 'periodStart':
    case 'periodEnd':
      return checkPeriodEdge(check.value, check.kind === 'periodStart' ? 'start' : 'end', own, quotes);
    case 'instant':
      return checkInstant(check.value, quotes);
    case 'duration': {
      const durations = quotes.flatMap((q) => on(q, readDurations)).filter((d) => d.unit === check.unit);
      if (durations.some((d) => d.value === check.value)) return null;
      return `the quotes give ${listed(durations.map((d) => d.text))}`;
    }
    case 'authority':
    case 'manager':
    case 'product':
    case 'instrument':
      return checkNames(check.kind, check.value, quotes, sources);
    case 'dayRange':
      return checkDayRange(check.from, check.to, quotes);
    case 'name':
      return inAny(quotes, check.value) ? null : 'the quotes do not write it';
    case 'words':
      return checkWords(check.value, quotes);
    case 'prose':
      return checkProse(check, quotes, sources);
    default: {
      const exhaustive: never = check;
      throw new Error(`unhandled check ${JSON.stringify(exhaustive)}`);
    }
  }
}

const shownValue = (check: FactCheck) =>
  check.kind === 'dayRange' ? `${check.from} to ${check.to}` : check.kind === 'prose' || check.kind === 'words' ? '' : `${JSON.stringify(check.value)} `;

/** The marks a record carries are of fields it has, and a field not in its quote cites a curator's note. */
function checkMarks(r: FactRecord, file: string, sources: FactSources, problems: SeedProblem[]): void {
  const prefix = r.at === '' ? '' : `${r.at}.`;
  const names = new Set(r.fields.map((f) => f.name));
  for (const [mark, list] of [
    ['notInQuote', r.notInQuote],
    ['curatorsWords', r.curatorsWords],
  ] as const) {
    list.forEach((field, i) => {
      if (!names.has(field)) problems.push({ file, path: `${prefix}${mark}[${i}]`, message: `"${field}" is not a field this record states from a quote` });
    });
  }
  const wordsFields = new Set(r.fields.filter((f) => f.check.kind === 'words').map((f) => f.name));
  r.curatorsWords.forEach((field, i) => {
    if (names.has(field) && !wordsFields.has(field))
      problems.push({ file, path: `${prefix}curatorsWords[${i}]`, message: `"${field}" is not served as the source's words` });
  });
  if (r.notInQuote.length > 0 && !r.own.some((c) => sources.documentKind(c.document) === AnnouncementKind.CURATOR_NOTE)) {
    problems.push({
      file,
      path: `${prefix}notInQuote`,
      message: `${r.notInQuote.join(', ')}: a fact not in its quote cites a curator's note (a CURATOR_NOTE document) among the record's sources`,
    });
  }
}

function checkField(f: FactField, r: FactRecord, file: string, sources: FactSources, problems: SeedProblem[]): void {
  if (r.notInQuote.includes(f.name) || (f.check.kind === 'words' && r.curatorsWords.includes(f.name))) return;
  // A value holding a character curated text may not hold has that problem, and only that one.
  if ('value' in f.check && typeof f.check.value === 'string' && forbiddenCharacterIn(f.check.value)) return;
  const read = (citations: CitationInput[]) => citations.map(sources.quoteText).filter((q): q is QuoteText => q !== null);
  const own = read(r.own);
  const quotes = f.scope === 'own' ? own : read(r.context);
  if (quotes.length === 0) return; // quotes not found in their documents have their own problems
  let verdict: Verdict;
  try {
    verdict = verdictOf(f.check, quotes, own, sources);
  } catch (error) {
    verdict = (error as Error).message;
  }
  if (verdict !== null) problems.push({ file, path: f.path, message: `${shownValue(f.check)}is not what its quotes say: ${verdict}` });
}

/** Checks every fact-stating field of every filing against its quotes; adds a problem per disagreement. */
export function checkFacts(filings: Located<Filing>[], sources: FactSources, problems: SeedProblem[]): { fields: number } {
  let fields = 0;
  for (const { file, filing } of filings) {
    for (const r of factRecordsOf(filing)) {
      checkMarks(r, file, sources, problems);
      for (const f of r.fields) {
        fields += 1;
        checkField(f, r, file, sources, problems);
      }
    }
  }
  return { fields };
}
