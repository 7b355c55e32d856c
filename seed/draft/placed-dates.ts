import { calendarData, previousTradingDay, shift, TradingCalendarData } from '../../src/calendar/trading-days';
import { clauseQuoteAt, DraftContext, previousOf } from './draft-context';
import { datesOf, yearInForce } from './dates';
import { Draft, RecordBuilder } from './draft-model';
import { Figure } from './performance-figures';
import { Sentence } from './sentences';

/**
 * Dates a document does not give, proposed where the curators place such events (their rules are those
 * of seed/filings/documents/curator-note-event-dates.yaml), in this order:
 *
 *   1. a performance disclosure with no as-of date whose figures all cover periods with a known end
 *      (2023 年度, 2024 年第一个月): the end of the latest of those periods;
 *   2. a figure or statement the text gives no date for at all (no day, no month, no 节前): the
 *      document's latest dated fact, the latest day any draft read from the document;
 *   3. 春节前, or 节前 where the festival the document names last before it is 春节: the last trading
 *      day before the Spring Festival closure of the curated exchange calendar.
 *
 * A proposal is written as the curators write a placed date: datePrecision APPROXIMATE, notInQuote:
 * [date], a dateNote saying what it rests on and asking to be confirmed. It stays a proposal: the loader
 * refuses notInQuote until the record cites a curator's note, which only a curator writes.
 */

export type PlacementRule = 'period end' | 'latest dated fact' | 'before the Spring Festival';

export interface Placement {
  rule: PlacementRule;
  iso: string;
  /** The words the placement rests on; their clause (at this document offset) is the reading's quote. */
  read: string;
  at: number;
  /** What the placement rests on, as the dateNote says it. */
  because: string;
}

/** Why no date is proposed, when none is. */
export interface NoPlacement {
  why: string;
}

export const isPlacement = (p: Placement | NoPlacement): p is Placement => 'iso' in p;

/** The latest day the drafts read from the document (the first read, of two on the same day), and the draft that read it. */
export function latestDayRead(drafts: Draft[]): DraftContext['latestDay'] {
  let latest: DraftContext['latestDay'] = null;
  for (const draft of drafts) {
    for (const date of draft.days)
      if (latest === null || date.iso > latest.date.iso || (date.iso === latest.date.iso && date.at < latest.date.at)) latest = { date, draftId: draft.id };
  }
  return latest;
}

/** Rule 1: the end of the figures' periods, when every figure's period has one. */
function periodEndPlacement(figures: Figure[]): Placement | null {
  const periods = figures.map((f) => f.period);
  if (periods.length === 0 || periods.some((p) => p === null || p.end === null)) return null;
  const ended = periods as (NonNullable<Figure['period']> & { end: string })[];
  const last = ended.reduce((a, b) => (b.end > a.end ? b : a));
  const several = new Set(ended.map((p) => p.end)).size > 1 ? ', the latest period the figures cover' : '';
  return {
    rule: 'period end',
    iso: last.end,
    read: last.label,
    at: last.at,
    because: `the end of the period ${last.label}${several}; the document gives no as-of date`,
  };
}

/** Rule 2: the document's latest dated fact. */
function latestFactPlacement(context: DraftContext): Placement | NoPlacement {
  const latest = context.latestDay;
  if (latest === null) return { why: 'no draft read a day from the document: it has no latest dated fact to place this on' };
  const { date, draftId } = latest;
  return {
    rule: 'latest dated fact',
    iso: date.iso,
    read: date.reading.text,
    at: date.at,
    because: `the document's latest dated fact, ${date.iso} ("${date.reading.text}", the latest day any draft read from it: ${draftId}); the document gives no date for this`,
  };
}

/** 春节前, 春节之前, or 节前 standing alone (not 环节前, not 节前后). */
const BEFORE_FESTIVAL = /春节(?:之)?前(?!后)|(?<!\p{Script=Han})节(?:之)?前(?!后)/u;
const FESTIVALS = /春节|除夕|元宵|清明|劳动节|五一|端午|中秋|国庆|元旦|圣诞/g;

/** The first 春节前 / 节前 the sentences write, with its offset in the document. */
function festivalWords(sentences: Sentence[]): { text: string; at: number } | null {
  for (const s of sentences) {
    const m = BEFORE_FESTIVAL.exec(s.text);
    if (m) return { text: m[0], at: s.start + m.index };
  }
  return null;
}

/** The curated calendars as the trading-day arithmetic reads them. */
function curatedCalendar(context: DraftContext): TradingCalendarData {
  const closures = new Set<string>();
  for (const c of context.vocabulary.calendars) for (const { from, to } of c.closures) for (let day = from; day <= to; day = shift(day, 1)) closures.add(day);
  return calendarData(
    context.vocabulary.calendars.map((c) => ({ year: c.year })),
    [...closures].map((date) => ({ date })),
  );
}

/** The last trading day before `date`; null when the calendar does not cover the days before it. */
function tradingDayBefore(date: string, calendar: TradingCalendarData): string | null {
  try {
    return previousTradingDay(date, calendar);
  } catch {
    return null;
  }
}

/** Rule 3: the last trading day before the Spring Festival closure of the year in force. */
function festivalPlacement(context: DraftContext, words: { text: string; at: number }, sentence: Sentence): Placement | NoPlacement {
  if (!words.text.startsWith('春节')) {
    const named = [...context.text.slice(0, words.at).matchAll(FESTIVALS)].pop();
    if (named?.[0] !== '春节') return { why: `"${words.text}": the festival the document names last before it is ${named ? `${named[0]}, not 春节` : 'none'}` };
  }
  const year = yearInForce(sentence, words.at - sentence.start, context.documentYear);
  const calendar = context.vocabulary.calendars.find((c) => c.year === year);
  const closure = calendar?.closures.find((c) => /春节|Spring Festival/i.test(c.reason) && c.from.startsWith(`${year}-`));
  const day = closure === undefined ? null : tradingDayBefore(closure.from, curatedCalendar(context));
  if (calendar === undefined || closure === undefined || day === null) {
    return {
      why: `"${words.text}": no curated calendar (a tradingCalendar filing) gives a Spring Festival closure in ${year ?? 'the year, which is unknown'}`,
    };
  }
  const bare = words.text.startsWith('春节') ? '' : ' (taken as 春节, the festival the document names last before it)';
  return {
    rule: 'before the Spring Festival',
    iso: day,
    read: words.text,
    at: words.at,
    because: `the last trading day before the Spring Festival closure of ${closure.from} to ${closure.to} in the curated calendar ${calendar.id}, for "${words.text}"${bare}; the document gives no day`,
  };
}

/** The date proposed for a performance disclosure with no as-of date (rules 1, 3 and 2). */
export function performancePlacement(context: DraftContext, sentences: Sentence[], figures: Figure[]): Placement | NoPlacement {
  const periodEnd = periodEndPlacement(figures);
  if (periodEnd !== null) return periodEnd;
  const dated = sentences.flatMap((s) => datesOf(s, previousOf(context, s), context.documentYear)).find((d) => d.precision !== 'YEAR');
  if (dated) return { why: `the text gives "${dated.reading.text}", not an as-of date: say how the event's date is known` };
  const words = festivalWords(sentences);
  if (words)
    return festivalPlacement(
      context,
      words,
      sentences.find((s) => words.at >= s.start && words.at < s.end)!,
    );
  return latestFactPlacement(context);
}

/** The date proposed for an action the text gives no date for: rule 3 only (an authority's action has a day of its own to find). */
export function actionPlacement(context: DraftContext, sentence: Sentence): Placement | NoPlacement {
  const words = festivalWords([sentence]);
  return words ? festivalPlacement(context, words, sentence) : { why: 'the sentence gives no date, nor does the one it goes on from' };
}

export const CONFIRM = "TODO: confirm, and cite a curator's note";

/** The date fields of a proposal: date (with its reading), datePrecision APPROXIMATE, a dateNote asking to be confirmed. */
export function writePlacement(b: RecordBuilder, context: DraftContext, p: Placement): void {
  b.read('date', p.iso, p.read, clauseQuoteAt(context, p.at), `proposed (${p.rule}), not given by the document: see dateNote`);
  b.remark('date', 'proposed, not given by the document: confirm it or correct it (dateNote says what it rests on)');
  b.set('datePrecision', 'APPROXIMATE');
  b.set('dateNote', `Proposed: ${p.because}. ${CONFIRM}.`);
}

/** notInQuote: [date], with the TODO the loader enforces: a curator's note must be cited. */
export function markPlaced(b: RecordBuilder): void {
  b.set('notInQuote', ['date']);
  b.remark(
    'notInQuote',
    "TODO: cite a curator's note (a CURATOR_NOTE document, such as curator-note-event-dates) among the sources, saying why the event sits on this date: the loader refuses notInQuote without one",
  );
}
