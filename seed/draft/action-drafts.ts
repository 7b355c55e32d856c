import { EventType, LiquidationKind, Measure } from '../../src/events/event.enums';
import { Action, LIQUIDATION_DETAILS } from './actions';
import { clauseQuoteAt, DraftContext, quoteOf } from './draft-context';
import { DraftDate, yearNote } from './dates';
import { Draft, RecordBuilder, slugOf, TODO } from './draft-model';
import { actionPlacement, isPlacement, markPlaced, writePlacement } from './placed-dates';

/**
 * An action written as a draft event filing: type, authority, managers, measure and its family, date,
 * duration, stage; every field with the clause it was read from, TODO for the rest.
 */

const TYPE_NOTES: Record<EventType, string> = {
  [EventType.TRADING_SUSPENSION]: 'a suspension of trading (暂停交易)',
  [EventType.EXCHANGE_PENALTY]: 'a sanction or measure taken by an exchange',
  [EventType.REGULATORY_MEASURE]: 'a measure taken by a body other than an exchange, or by no named body',
  [EventType.LIQUIDATION_NOTICE]: 'a manager dissolving (解散) or a product liquidated (清盘)',
  [EventType.PERFORMANCE_DISCLOSURE]: 'returns or losses for a period',
  [EventType.MARKET_RUMOR]: 'a rumour',
};

/** A date's key in an id: the day, the month or the year it gives. */
export function dateKey(date: DraftDate | null): string | null {
  if (date === null) return null;
  return date.precision === 'DAY' ? date.iso : date.precision === 'MONTH' ? date.iso.slice(0, 7) : date.iso.slice(0, 4);
}

/** The date fields of an event: date, datePrecision and dateNote, read or TODO. */
export function writeDate(b: RecordBuilder, context: DraftContext, date: DraftDate | null, placed: string | null, todoWhy: string): void {
  if (date === null) {
    b.missing('date', todoWhy);
    b.missing('datePrecision', 'DAY, MONTH, YEAR or APPROXIMATE, once the date is known');
    b.missing('dateNote', 'say where the date comes from');
    return;
  }
  b.read(
    'date',
    date.iso,
    date.reading.text,
    clauseQuoteAt(context, date.at),
    [placed, yearNote(date, context.documentYearSource)].filter(Boolean).join('; ') || undefined,
  );
  b.day(date);
  if (placed !== null) {
    b.set('datePrecision', 'APPROXIMATE');
    b.missing('dateNote', `confirm and say so: ${placed}`);
  } else if (date.precision !== 'DAY') {
    b.set('datePrecision', date.precision);
    b.missing('dateNote', `the text gives "${date.reading.text}": say how the ${date.precision.toLowerCase()} is known`);
  }
}

function writeMeasure(b: RecordBuilder, context: DraftContext, action: Action): void {
  const termQuote = clauseQuoteAt(context, action.term.at);
  if (action.rule.measure !== undefined) b.read('measure', action.rule.measure, action.term.text, termQuote);
  if (action.category !== undefined) b.read('measureCategory', action.category, action.term.text, termQuote, 'the family the measure belongs to (DOMAIN.md)');
  if (action.type === EventType.EXCHANGE_PENALTY) {
    if (action.stage) b.read('stage', action.stage.stage, action.stage.text, clauseQuoteAt(context, action.stage.at));
    else b.missing('stage', 'INITIATED (启动…程序) or DECIDED (作出…决定, 采取…): the sentence says neither');
  }
  const duration = action.rule.duration;
  if (duration !== undefined) {
    if (action.duration) b.read(duration.field, action.duration.value, action.duration.text, clauseQuoteAt(context, action.duration.at));
    else b.missing(duration.field, `the sentence gives no ${duration.unit === 'MONTH' ? 'number of months' : 'number of trading days'}`);
  }
  if (action.rule.measure === Measure.TRADING_SUSPENSION) {
    const start = action.startDate;
    if (start) b.read('startDate', start.iso, `${start.reading.text}起`, clauseQuoteAt(context, start.at)).day(start);
    else b.missing('startDate', 'the first suspended trading day: the sentence does not say "X 日起"');
  }
}

function writeLiquidation(b: RecordBuilder, context: DraftContext, action: Action): void {
  const text = action.sentence.text;
  b.read('liquidationKind', LiquidationKind.MANAGER_DISSOLUTION, action.term.text, clauseQuoteAt(context, action.term.at));
  const [group, deregistration] = LIQUIDATION_DETAILS.map((p) => p.exec(text));
  if (group) b.read('liquidationGroupFormed', true, group[0], clauseQuoteAt(context, action.sentence.start + group.index));
  if (deregistration) b.read('deregistrationPlanned', true, deregistration[0], clauseQuoteAt(context, action.sentence.start + deregistration.index));
}

/** The draft event of one action. */
export function actionDraft(context: DraftContext, action: Action): Draft {
  const b = new RecordBuilder();
  const id = slugOf(
    action.authority?.key,
    action.rule.measure ?? 'dissolution',
    action.managers[0]?.key,
    dateKey(action.date) ?? `s${action.sentence.index + 1}`,
  );
  b.set('filing', 'event').set('id', id);
  b.read('type', action.type, action.term.text, clauseQuoteAt(context, action.term.at), TYPE_NOTES[action.type]);
  const placed = action.dateFromPrevious
    ? `the sentence gives no date; it goes on from the one before, whose date "${action.date!.reading.text}" it takes`
    : null;
  const placement = action.date === null ? actionPlacement(context, action.sentence) : null;
  if (placement !== null && isPlacement(placement)) writePlacement(b, context, placement);
  else writeDate(b, context, action.date, placed, placement?.why ?? '');
  b.missing('title', 'a headline in Chinese, in the words of the quote');
  b.missing('titleEn', 'the headline in English');
  if (action.authority) b.read('authority', action.authority.key, action.authority.text, clauseQuoteAt(context, action.authority.index));
  else if (action.type !== EventType.LIQUIDATION_NOTICE)
    b.missing('authority', 'the sentence names no authority: name it, or delete the line if the source names none');
  if (action.managers.length > 0) {
    b.set(
      'managers',
      action.managers.map((m) => m.key),
    );
    action.managers.forEach((m, i) => b.cite(`managers[${i}]`, m.text, clauseQuoteAt(context, m.index)));
  } else b.missing('managers', 'the sentence names no manager the filings know: name one (a manager filing) or delete the line', [TODO]);
  if (action.type === EventType.LIQUIDATION_NOTICE) writeLiquidation(b, context, action);
  else writeMeasure(b, context, action);
  if (placement !== null && isPlacement(placement)) markPlaced(b);
  b.set('sources', [{ document: context.documentId, quote: quoteOf(context, action.span) }]);
  return { kind: 'event', id, filing: b.fields, readings: b.readings, todo: b.todo, comments: b.comments, span: action.span, days: b.days };
}
