import { AuthorityKind } from '../../src/authorities/authority.entity';
import { TradeSide } from '../../src/market/market.entity';
import { AmountReading, readAmounts, readLevels, readPercents, readTimes, TimeReading } from '../facts/readers';
import { clauseQuoteAt, DraftContext, mentionsOf, previousOf, quoteOf } from './draft-context';
import { datesOf, DraftDate, yearNote } from './dates';
import { Draft, RecordBuilder, slugOf } from './draft-model';
import { clauseSpan, Sentence } from './sentences';
import { Mention } from './vocabulary';

/**
 * Market data a sentence gives: a manager's trades (卖出 … 合计 11.95 亿元) with the window they fell
 * in, and an index's window (levels at its start and end, the change, the turnover 成交金额).
 * One marketData filing per record.
 */

const TRADE = /(卖出|买入|抛售|买进)[^，。；]*$/;
const TURNOVER = /(成交金额|成交额)[^，。；]*$/;

interface Located<T> {
  reading: T;
  at: number;
}

/** Seconds after midnight as hh:mm:ss. */
const clock = (seconds: number) => [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((n) => String(n).padStart(2, '0')).join(':');

/** The window of a trade: an explicit range (9:30:00 至 9:30:42), else the first and last times the sentence gives. */
function windowOf(sentence: Sentence): { start: Located<TimeReading>; end: Located<TimeReading>; explicit: boolean } | null {
  const times = readTimes(sentence.text).map((t) => ({ reading: t, at: sentence.start + t.index }));
  for (let i = 0; i + 1 < times.length; i += 1) {
    const between = sentence.text.slice(times[i].reading.index + times[i].reading.text.length, times[i + 1].reading.index);
    if (/^\s*(?:至|到|-|—|~)\s*$/.test(between)) return { start: times[i], end: times[i + 1], explicit: true };
  }
  return times.length >= 2 ? { start: times[0], end: times[times.length - 1], explicit: false } : null;
}

function dayOf(context: DraftContext, sentence: Sentence): DraftDate | null {
  return datesOf(sentence, previousOf(context, sentence), context.documentYear).find((d) => d.precision === 'DAY') ?? null;
}

/** "11.95 亿" as the filings write an amount; a plain 元 figure as its number of CNY. */
function amountText(reading: AmountReading): string | number {
  const m = /(\d+(?:\.\d+)?)\s*(亿|万)/.exec(reading.text);
  return m ? `${m[1]} ${m[2]}` : reading.cny;
}

function instantsOf(b: RecordBuilder, context: DraftContext, date: DraftDate | null, window: ReturnType<typeof windowOf>): void {
  for (const edge of ['start', 'end'] as const) {
    if (date === null || window === null) {
      b.missing(edge, date === null ? 'the sentence gives no day' : 'the sentence gives no window (two times of day)');
      continue;
    }
    const t = window[edge];
    const note = [
      `on the day "${date.reading.text}"`,
      window.explicit ? undefined : 'the first and last times the sentence gives',
      yearNote(date, context.documentYearSource),
    ].filter(Boolean);
    b.read(edge, `${date.iso}T${clock(t.reading.seconds)}+08:00`, t.reading.text, clauseQuoteAt(context, t.at), note.join('; '));
  }
  if (date !== null && window !== null) b.day(date);
}

/** The exchange a trade was on: the exchange named nearest before the amount. */
function exchangeOf(context: DraftContext, mentions: Mention[], at: number): Mention | null {
  const exchanges = mentions.filter((m) => m.kind === 'authority' && context.vocabulary.authorityKind.get(m.key) === AuthorityKind.EXCHANGE);
  return exchanges.filter((m) => m.index < at).pop() ?? exchanges[0] ?? null;
}

/** The trades of a sentence: an amount after a verb of trading, by a manager the sentence names. */
export function episodeDrafts(context: DraftContext, sentence: Sentence): Draft[] {
  const mentions = mentionsOf(context, sentence);
  return readAmounts(sentence.text).flatMap((amount) => {
    const at = sentence.start + amount.index;
    const clauseStart = sentence.clauses.find((c) => at >= c.start && at < c.end)?.start ?? sentence.start;
    const trade = TRADE.exec(context.text.slice(clauseStart, at));
    const manager = mentions.filter((m) => m.kind === 'manager' && m.index < at).pop();
    if (!trade || TURNOVER.test(context.text.slice(clauseStart, at)) || manager === undefined) return [];
    const exchange = exchangeOf(context, mentions, at);
    const date = dayOf(context, sentence);
    const window = windowOf(sentence);
    const side = /买/.test(trade[1]) ? TradeSide.BUY : TradeSide.SELL;
    const b = new RecordBuilder(['episodes', 0]);
    const id = slugOf(manager.key, exchange?.key, side, date?.iso ?? `s${sentence.index + 1}`);
    b.set('id', id);
    b.read('manager', manager.key, manager.text, clauseQuoteAt(context, manager.index));
    if (exchange) b.read('exchange', exchange.key, exchange.text, clauseQuoteAt(context, exchange.index), 'the exchange named nearest before the amount');
    else b.missing('exchange', 'the sentence names no exchange');
    b.read('side', side, trade[1], clauseQuoteAt(context, clauseStart + trade.index));
    b.read('amount', amountText(amount), amount.text, clauseQuoteAt(context, at));
    instantsOf(b, context, date, window);
    const offsets = [manager.index, at, ...(exchange ? [exchange.index] : []), ...(date ? [date.at] : []), ...(window ? [window.start.at, window.end.at] : [])];
    const span = clauseSpan(sentence, offsets);
    b.set('sources', [{ document: context.documentId, quote: quoteOf(context, span) }]);
    return [marketDraft('episode', id, 'episodes', b, span, window?.explicit ?? false)];
  });
}

function marketDraft(
  kind: 'episode' | 'window',
  id: string,
  list: 'episodes' | 'windows',
  b: RecordBuilder,
  span: { start: number; end: number },
  explicit: boolean,
): Draft {
  return {
    kind,
    id,
    filing: { filing: 'marketData', [list]: [b.fields] },
    readings: b.readings,
    todo: b.todo,
    comments: b.comments,
    span,
    explicitWindow: explicit,
    days: b.days,
  };
}

/** The window of an index a sentence gives: its levels at two times, the change and the turnover in between. */
export function windowDrafts(context: DraftContext, sentence: Sentence): Draft[] {
  const mentions = mentionsOf(context, sentence);
  const instrument = mentions.find((m) => m.kind === 'instrument');
  const levels = readLevels(sentence.text).map((l) => ({ reading: l, at: sentence.start + l.index }));
  if (instrument === undefined || levels.length < 2) return [];
  const date = dayOf(context, sentence);
  const window = windowOf(sentence);
  const b = new RecordBuilder(['windows', 0]);
  const id = slugOf(
    instrument.key,
    date?.iso,
    window ? clock(window.start.reading.seconds).slice(0, 5) : null,
    window ? clock(window.end.reading.seconds).slice(0, 5) : null,
  );
  b.set('id', id);
  b.read('instrument', instrument.key, instrument.text, clauseQuoteAt(context, instrument.index));
  instantsOf(b, context, date, window);
  b.read('startLevel', levels[0].reading.value, levels[0].reading.text, clauseQuoteAt(context, levels[0].at));
  b.read('endLevel', levels[1].reading.value, levels[1].reading.text, clauseQuoteAt(context, levels[1].at));
  const offsets = [instrument.index, levels[0].at, levels[1].at, ...(date ? [date.at] : []), ...(window ? [window.start.at, window.end.at] : [])];
  const change = readPercents(sentence.text)[0];
  if (change) {
    const at = sentence.start + change.index;
    b.read(
      'changePercent',
      change.falls ? -change.value : change.value,
      change.text,
      clauseQuoteAt(context, at),
      change.falls ? 'written as a fall' : undefined,
    );
    offsets.push(at);
  }
  const turnover = readAmounts(sentence.text).find((a) => TURNOVER.test(sentence.text.slice(0, a.index)));
  if (turnover) {
    const at = sentence.start + turnover.index;
    b.read('turnover', amountText(turnover), turnover.text, clauseQuoteAt(context, at));
    offsets.push(at);
  }
  const span = clauseSpan(sentence, offsets);
  b.set('sources', [{ document: context.documentId, quote: quoteOf(context, span) }]);
  return [marketDraft('window', id, 'windows', b, span, window?.explicit ?? false)];
}
