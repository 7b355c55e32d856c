import { Comparator, PerformanceMetric, PerformanceSubjectKind } from '../../src/performance/performance.enums';
import { PercentReading, readCounts, readPercents } from '../facts/readers';
import { DraftContext, mentionsOf, sentenceAt } from './draft-context';
import { Period, periodIn, PERIOD_PATTERNS } from './dates';
import { clauseAt, Sentence, Span } from './sentences';
import { Mention } from './vocabulary';

/**
 * The figures of a performance disclosure: one per percentage the text gives (and one per count of
 * firms with a positive return, 31 家实现正收益), each read from its own stretch of the text, the
 * segment from the figure before it to its own clause's end.
 */

/** Words that name what a figure measures, most specific first where one holds another (超额回撤, 回撤). */
const METRIC_WORDS: [string, PerformanceMetric][] = [
  ['超额回撤', PerformanceMetric.EXCESS_DRAWDOWN],
  ['平均收益', PerformanceMetric.AVERAGE_RETURN],
  ['整体收益', PerformanceMetric.AGGREGATE_RETURN],
  ['正收益', PerformanceMetric.SHARE_WITH_POSITIVE_RETURN],
  ['回撤', PerformanceMetric.DRAWDOWN],
  ['亏损', PerformanceMetric.LOSS],
  ['跌幅', PerformanceMetric.LOSS],
  ['跌超', PerformanceMetric.LOSS],
  ['收益', PerformanceMetric.RETURN],
  ['挣了', PerformanceMetric.RETURN],
  ['表现为', PerformanceMetric.RETURN],
];

/** Whether a sentence's words are about performance (a percentage with them is a figure). */
export const PERFORMANCE_WORDS = new RegExp(METRIC_WORDS.map(([w]) => w).join('|'));

export interface Subject {
  kind: PerformanceSubjectKind;
  /** The product's or manager's id; for a cohort, its words (null when the text gives none). */
  key: string | null;
  text: string | null;
  at: number | null;
}

export interface Figure {
  span: Span;
  percent: (PercentReading & { at: number }) | null;
  metric: { metric: PerformanceMetric; text: string; at: number } | null;
  comparator: { comparator: Comparator; text: string; at: number } | null;
  count: { value: number; moreThan: boolean; text: string; at: number } | null;
  subject: Subject;
  period: Period | null;
  /** The subject or the period is the one of the figure before it. */
  inherited: { subject: boolean; period: boolean };
}

function metricOf(context: DraftContext, span: Span, before: number): Figure['metric'] {
  const text = context.text.slice(span.start, before);
  let best: Figure['metric'] = null;
  for (const [word, metric] of METRIC_WORDS) {
    const at = text.lastIndexOf(word);
    if (at < 0) continue;
    const end = at + word.length;
    const bestEnd = best === null ? -1 : best.at - span.start + best.text.length;
    if (end > bestEnd || (end === bestEnd && word.length > best!.text.length)) best = { metric, text: word, at: span.start + at };
  }
  return best;
}

function comparatorOf(context: DraftContext, percent: PercentReading & { at: number }): Figure['comparator'] {
  const after = /^\s*(以上|以下|左右|上下)/.exec(context.text.slice(percent.at + percent.text.length));
  if (after) {
    const comparator = after[1] === '以上' ? Comparator.ABOVE : after[1] === '以下' ? Comparator.BELOW : Comparator.APPROXIMATELY;
    return { comparator, text: after[1], at: percent.at + percent.text.length + after.index };
  }
  const from = Math.max(0, percent.at - 4);
  const before = /(超过|高于|超|接近|不足|低于)\s*$/.exec(context.text.slice(from, percent.at));
  if (!before) return null;
  const word = before[1];
  const comparator = word === '接近' ? Comparator.APPROXIMATELY : word === '不足' || word === '低于' ? Comparator.BELOW : Comparator.ABOVE;
  return { comparator, text: word, at: from + before.index };
}

const COHORT_NOUN = /(?:私募|基金|机构|管理人|公司|产品|大厂)[’”]?$/;
const PRODUCT_COUNT = /^(?:旗下)?(?:有\s*)?\d+\s*多?\s*[只款支](?:产品)?$|^旗下/;

/** The words before the metric naming who the figure is about, cleaned of connectives, periods and adverbs. */
function cohortWords(context: DraftContext, metric: NonNullable<Figure['metric']>): { text: string; at: number } | null {
  const clause = clauseAt(sentenceAt(context, metric.at), metric.at);
  let text = context.text.slice(clause.start, metric.at);
  let at = clause.start;
  for (const pattern of PERIOD_PATTERNS) text = text.replace(new RegExp(pattern.source, 'g'), (m) => ' '.repeat(m.length));
  const lead = /^[\s“‘]*(?:而|但|其中|另外|此外|且)?[\s，]*(?:有(?=\s*(?:\d|不少|多)))?\s*/.exec(text)![0].length;
  text = text.slice(lead);
  at += lead;
  text = text.replace(/(?:\s|的|是|则|均|也|都|基本|多则|实现|能到)+$/, '');
  if (/\s{2,}/.test(text.trim()) || text.trim() === '') return null;
  return { text: text.trim(), at: at + (text.length - text.trimStart().length) };
}

function subjectOf(context: DraftContext, span: Span, figure: Pick<Figure, 'metric'>, before: number, previous: Subject | null, speaker: Mention | null) {
  const mentions = mentionsOf(context, sentenceAt(context, span.start)).filter((m) => m.index >= span.start && m.index < before);
  const product = mentions.find((m) => m.kind === 'product');
  if (product) return { subject: { kind: PerformanceSubjectKind.PRODUCT, key: product.key, text: product.text, at: product.index }, inherited: false };
  const manager = mentions.find((m) => m.kind === 'manager');
  if (manager) return { subject: { kind: PerformanceSubjectKind.MANAGER, key: manager.key, text: manager.text, at: manager.index }, inherited: false };
  const words = figure.metric ? cohortWords(context, figure.metric) : null;
  if (words && COHORT_NOUN.test(words.text) && !PRODUCT_COUNT.test(words.text)) {
    return { subject: { kind: PerformanceSubjectKind.COHORT, key: words.text, text: words.text, at: words.at }, inherited: false };
  }
  if (previous) return { subject: previous, inherited: true };
  if (speaker && /我们/.test(context.text.slice(span.start, before))) {
    return { subject: { kind: PerformanceSubjectKind.MANAGER, key: speaker.key, text: speaker.text, at: speaker.index }, inherited: false };
  }
  return { subject: { kind: PerformanceSubjectKind.COHORT, key: null, text: null, at: null }, inherited: false };
}

/** The count a figure gives: products (5 只产品), or firms with a positive return (51 家 … 实现正收益). */
function countOf(context: DraftContext, span: Span, before: number, metric: Figure['metric']): Figure['count'] {
  const counts = readCounts(context.text.slice(span.start, before)).filter(
    (c) => /[只款支]$/.test(c.text) || metric?.metric === PerformanceMetric.SHARE_WITH_POSITIVE_RETURN,
  );
  const c = counts[counts.length - 1];
  return c ? { value: c.value, moreThan: c.moreThan, text: c.text, at: span.start + c.index } : null;
}

/** One figure of the segment `span`: its percentage (or none for a count-only figure) and what it is about. */
export function figureOf(
  context: DraftContext,
  span: Span,
  percent: (PercentReading & { at: number }) | null,
  previous: Figure | null,
  speaker: Mention | null,
): Figure {
  const before = percent?.at ?? span.end;
  const metric = metricOf(context, span, before);
  const { subject, inherited } = subjectOf(context, span, { metric }, before, previous?.subject ?? null, speaker);
  const sentence = sentenceAt(context, span.start);
  const own = periodIn(context.text.slice(span.start, span.end), span.start, sentence, context.documentYear);
  return {
    span,
    percent,
    metric,
    comparator: percent ? comparatorOf(context, percent) : null,
    count: countOf(context, span, before, metric),
    subject,
    period: own ?? previous?.period ?? null,
    inherited: { subject: inherited, period: own === null && previous?.period != null },
  };
}

/** The percentages of the sentences, with their offsets in the document. */
export function percentsOf(sentences: Sentence[]): (PercentReading & { at: number })[] {
  return sentences.flatMap((s) => readPercents(s.text).map((p) => ({ ...p, at: s.start + p.index })));
}
