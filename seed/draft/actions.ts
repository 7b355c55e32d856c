import { AuthorityKind } from '../../src/authorities/authority.entity';
import { EventType, LiquidationKind, Measure, MeasureCategory, SanctionStage } from '../../src/events/event.enums';
import { DurationUnit, readDurations } from '../facts/readers';
import { DraftContext, HEARSAY, mentionsOf, previousOf } from './draft-context';
import { datesOf, DraftDate, isStart } from './dates';
import { clauseAt, clauseSpan, joinSpans, Sentence, Span } from './sentences';
import { Mention } from './vocabulary';

/**
 * The actions a sentence reports: an authority's measure (the Chinese terms of DOMAIN.md and the Measure
 * enum) or a manager's dissolution, with who acted, on whom, when and for how long.
 */

export interface MeasureRule {
  pattern: RegExp;
  measure?: Measure;
  liquidation?: LiquidationKind;
  category?: MeasureCategory;
  /** The measure is this only when taken by such a body (问询 by enforcement officers is a visit). */
  actors?: AuthorityKind[];
  duration?: { field: 'tradingDays' | 'durationMonths'; unit: DurationUnit };
}

export const MEASURE_RULES: MeasureRule[] = [
  {
    pattern: /暂停交易|限制交易/,
    measure: Measure.TRADING_SUSPENSION,
    category: MeasureCategory.SELF_REGULATORY_MEASURE,
    duration: { field: 'tradingDays', unit: 'TRADING_DAY' },
  },
  {
    pattern: /暂停受理[^，。；]{0,12}?备案/,
    measure: Measure.FILING_SUSPENSION,
    category: MeasureCategory.SELF_REGULATORY_MEASURE,
    duration: { field: 'durationMonths', unit: 'MONTH' },
  },
  { pattern: /公开谴责/, measure: Measure.PUBLIC_REPRIMAND, category: MeasureCategory.DISCIPLINARY_SANCTION },
  { pattern: /通报批评/, measure: Measure.CIRCULATED_CRITICISM, category: MeasureCategory.DISCIPLINARY_SANCTION },
  { pattern: /书面警示/, measure: Measure.WRITTEN_WARNING, category: MeasureCategory.SELF_REGULATORY_MEASURE },
  { pattern: /口头警示/, measure: Measure.ORAL_WARNING, category: MeasureCategory.SELF_REGULATORY_MEASURE },
  { pattern: /监管谈话/, measure: Measure.REGULATORY_TALK, category: MeasureCategory.SELF_REGULATORY_MEASURE },
  { pattern: /警示函/, measure: Measure.WARNING_LETTER, category: MeasureCategory.ADMINISTRATIVE_MEASURE },
  { pattern: /责令改正/, measure: Measure.ORDER_TO_CORRECT, category: MeasureCategory.ADMINISTRATIVE_MEASURE },
  { pattern: /窗口指导/, measure: Measure.WINDOW_GUIDANCE, category: MeasureCategory.INFORMAL_GUIDANCE },
  {
    pattern: /现场检查|问询|核查/,
    measure: Measure.ENFORCEMENT_VISIT,
    category: MeasureCategory.ENFORCEMENT,
    actors: [AuthorityKind.LOCAL_ENFORCEMENT],
  },
  { pattern: /解散/, liquidation: LiquidationKind.MANAGER_DISSOLUTION },
];

/** What a dissolution says besides 解散: a liquidation group formed, a deregistration planned. */
export const LIQUIDATION_DETAILS = [/成立清算组/, /申请注销/];

/** One action found in a sentence, before it is written as a draft (action-drafts.ts). */
export interface Action {
  sentence: Sentence;
  rule: MeasureRule;
  type: EventType;
  term: { text: string; at: number };
  /** Who acted: null when the sentence names no authority (window guidance often comes from no named body). */
  authority: Mention | null;
  managers: Mention[];
  date: DraftDate | null;
  /** The date is the one of the sentence this one goes on from (上交所还启动了 …): placed, not given. */
  dateFromPrevious: boolean;
  startDate: DraftDate | null;
  duration: { value: number; text: string; at: number } | null;
  stage: { stage: SanctionStage; text: string; at: number } | null;
  category: MeasureCategory | undefined;
  /** The stretch of the document that states it all: the quote of its sources. */
  span: Span;
}

/** The authorities that take the measure at `at`: the nearest one named before it, with those listed with it (A 和 B). */
function actorsOf(context: DraftContext, mentions: Mention[], at: number, rule: MeasureRule): (Mention | null)[] {
  const before = mentions.filter((m) => m.kind === 'authority' && m.index < at);
  const allowed = before.filter((m) => rule.actors === undefined || rule.actors.includes(context.vocabulary.authorityKind.get(m.key)!));
  if (allowed.length === 0) return rule.actors === undefined ? [null] : [];
  const actors = [allowed[allowed.length - 1]];
  for (let i = allowed.length - 2; i >= 0; i -= 1) {
    const between = context.text.slice(allowed[i].index + allowed[i].text.length, actors[0].index);
    if (!/^\s*(?:和|及|与|、|以及)\s*$/.test(between)) break;
    actors.unshift(allowed[i]);
  }
  return actors;
}

function typeOf(rule: MeasureRule, actor: Mention | null, context: DraftContext): EventType {
  if (rule.liquidation !== undefined) return EventType.LIQUIDATION_NOTICE;
  if (rule.measure === Measure.TRADING_SUSPENSION) return EventType.TRADING_SUSPENSION;
  if (actor !== null && context.vocabulary.authorityKind.get(actor.key) === AuthorityKind.EXCHANGE) return EventType.EXCHANGE_PENALTY;
  return EventType.REGULATORY_MEASURE;
}

/** A self-regulatory measure taken by a regulator is an administrative one (监管谈话 by the CSRC). */
function categoryOf(rule: MeasureRule, actor: Mention | null, context: DraftContext): MeasureCategory | undefined {
  const kind = actor === null ? undefined : context.vocabulary.authorityKind.get(actor.key);
  if (rule.category === MeasureCategory.SELF_REGULATORY_MEASURE && kind === AuthorityKind.REGULATOR) return MeasureCategory.ADMINISTRATIVE_MEASURE;
  return rule.category;
}

/** The date of the action at `at`: the day or month nearest before it, else after it, else a year (今年以来). */
function dateNear(dates: DraftDate[], at: number): DraftDate | null {
  const exact = dates.filter((d) => d.precision !== 'YEAR');
  const years = dates.filter((d) => d.precision === 'YEAR');
  for (const pool of [exact, years]) {
    const before = pool.filter((d) => d.at < at);
    if (before.length > 0) return before[before.length - 1];
    if (pool.length > 0) return pool[0];
  }
  return null;
}

/** A sentence that goes on from the one before it (还, 也, 同时): it may take that sentence's day. */
const GOES_ON = /还|也|同时|随后|并/;

function previousDate(context: DraftContext, sentence: Sentence): DraftDate | null {
  const previous = previousOf(context, sentence);
  if (previous === undefined || previous.paragraph !== sentence.paragraph || !GOES_ON.test(sentence.text)) return null;
  const days = datesOf(previous, previousOf(context, previous), context.documentYear).filter((d) => d.precision === 'DAY');
  return days.length === 0 ? null : days[days.length - 1];
}

function stageOf(sentence: Sentence): Action['stage'] {
  const initiated = /启动[^。；]*?程序/.exec(sentence.text);
  if (initiated) return { stage: SanctionStage.INITIATED, text: initiated[0], at: sentence.start + initiated.index };
  const decided = /作出[^。；]*?决定|采取|给予|予以/.exec(sentence.text);
  return decided ? { stage: SanctionStage.DECIDED, text: decided[0], at: sentence.start + decided.index } : null;
}

/** The duration of the measure at `at`: the first of its unit after it and before the next measure named. */
function durationOf(sentence: Sentence, rule: MeasureRule, at: number, nextAt: number): Action['duration'] {
  if (rule.duration === undefined) return null;
  const found = readDurations(sentence.text).find((d) => d.unit === rule.duration!.unit && sentence.start + d.index > at && sentence.start + d.index < nextAt);
  return found ? { value: found.value, text: found.text, at: sentence.start + found.index } : null;
}

interface Term {
  rule: MeasureRule;
  text: string;
  at: number;
}

function termsOf(sentence: Sentence): Term[] {
  const terms: Term[] = [];
  for (const rule of MEASURE_RULES) {
    const m = rule.pattern.exec(sentence.text);
    if (m) terms.push({ rule, text: m[0], at: sentence.start + m.index });
  }
  return terms.sort((a, b) => a.at - b.at);
}

/** Every action `sentence` reports; none when it repeats hearsay (传闻, 否认 …). */
export function actionsOf(context: DraftContext, sentence: Sentence): Action[] {
  if (HEARSAY.test(sentence.text)) return [];
  const mentions = mentionsOf(context, sentence);
  const managers = [...new Map(mentions.filter((m) => m.kind === 'manager').map((m) => [m.key, m])).values()];
  const dates = datesOf(sentence, previousOf(context, sentence), context.documentYear);
  const terms = termsOf(sentence);
  return terms.flatMap((term, i) => {
    if (term.rule.liquidation !== undefined && managers.length === 0) return [];
    const nextAt = terms[i + 1]?.at ?? sentence.end;
    const actors = term.rule.liquidation !== undefined ? [null] : actorsOf(context, mentions, term.at, term.rule);
    return actors.map((actor) => actionOf(context, sentence, { term, actor, managers, dates, nextAt }));
  });
}

function actionOf(
  context: DraftContext,
  sentence: Sentence,
  found: { term: Term; actor: Mention | null; managers: Mention[]; dates: DraftDate[]; nextAt: number },
): Action {
  const { term, actor, managers } = found;
  const type = typeOf(term.rule, actor, context);
  let date = dateNear(found.dates, term.at);
  const fromPrevious = date === null ? previousDate(context, sentence) : null;
  date = date ?? fromPrevious;
  const startDate = date !== null && fromPrevious === null && isStart(date, sentence) ? date : null;
  const duration = durationOf(sentence, term.rule, term.at, found.nextAt);
  const stage = type === EventType.EXCHANGE_PENALTY ? stageOf(sentence) : null;
  const offsets = [term.at, ...managers.map((m) => m.index), ...(actor ? [actor.index] : []), ...(duration ? [duration.at] : []), ...(stage ? [stage.at] : [])];
  if (term.rule.liquidation !== undefined)
    offsets.push(...LIQUIDATION_DETAILS.map((p) => p.exec(sentence.text)).flatMap((m) => (m ? [sentence.start + m.index] : [])));
  // Without a date, the whole sentence: the curator placing the event needs what surrounds it (节前 …).
  if (date === null) offsets.push(sentence.start, sentence.end - 1);
  let span = clauseSpan(sentence, [...offsets, ...(date !== null && fromPrevious === null ? [date.at] : [])]);
  if (date !== null && date.yearAt !== null && date.yearAt < span.start) span = joinSpans(span, yearSpan(context, date.yearAt));
  if (fromPrevious !== null) span = joinSpans(span, clauseAt(previousOf(context, sentence)!, fromPrevious.at));
  return {
    sentence,
    rule: term.rule,
    type,
    term: { text: term.text, at: term.at },
    authority: actor,
    managers,
    date,
    dateFromPrevious: fromPrevious !== null,
    startDate,
    duration,
    stage,
    category: categoryOf(term.rule, actor, context),
    span,
  };
}

/** The clause holding the year a date takes from the text (in its own sentence or the one before). */
export function yearSpan(context: DraftContext, yearAt: number): Span {
  const sentence = context.sentences.find((s) => yearAt >= s.start && yearAt < s.end)!;
  return clauseAt(sentence, yearAt);
}
