import { EventType } from '../../src/events/event.enums';
import { FigureBasis, PerformanceSubjectKind } from '../../src/performance/performance.enums';
import { readCounts, readLevels, readPercents } from '../facts/readers';
import { dateKey, writeDate } from './action-drafts';
import { clauseQuoteAt, DraftContext, mentionsOf, previousOf, quoteOf } from './draft-context';
import { datesOf, DraftDate, isAsOf } from './dates';
import { Draft, RecordBuilder, slugOf, TODO } from './draft-model';
import { Figure, figureOf, PERFORMANCE_WORDS, percentsOf } from './performance-figures';
import { isPlacement, markPlaced, performancePlacement, writePlacement } from './placed-dates';
import { clauseAt, Sentence, Span } from './sentences';
import { Mention } from './vocabulary';

/**
 * Performance disclosures: a sentence giving percentages with words of performance (收益, 亏损, 回撤 …)
 * or a data vendor's name, with the sentences that go on from it (其中 …), drafted as one
 * PERFORMANCE_DISCLOSURE with its vendor, as-of date and figures. Without an as-of date, its date is
 * proposed where the curators place such an event (placed-dates.ts), or left TODO.
 */

/** A vendor the filings do not know yet: 某某网数据显示. */
const VENDOR_PATTERN = /([\p{Script=Han}]{2,8}网)(?:最新)?数据显示/u;
const STATISTICS = /数据统计显示|统计显示|数据显示/;
const SPEAKER = /人士(?:称|表示|直言|认为)/;

export function isPerformanceSentence(context: DraftContext, sentence: Sentence): boolean {
  if (readPercents(sentence.text).length === 0 || readLevels(sentence.text).length > 0) return false;
  return PERFORMANCE_WORDS.test(sentence.text) || vendorOf(context, [sentence]) !== null;
}

/** Whether `sentence` goes on with the disclosure of the sentence before it (其中, 32 家 …). */
export function continuesPerformance(context: DraftContext, sentence: Sentence, group: Sentence[]): boolean {
  const last = group[group.length - 1];
  return previousOf(context, sentence) === last && last.paragraph === sentence.paragraph && /^其中/.test(sentence.text);
}

function vendorOf(context: DraftContext, sentences: Sentence[]): { text: string; at: number } | null {
  for (const s of sentences) {
    const known = mentionsOf(context, s).find((m) => m.kind === 'vendor');
    if (known) return { text: known.text, at: known.index };
    const m = VENDOR_PATTERN.exec(s.text);
    if (m && !mentionsOf(context, s).some((n) => n.kind === 'authority' && n.index === s.start + m.index)) return { text: m[1], at: s.start + m.index };
  }
  return null;
}

/** Who speaks, when a person close to a manager says it (接近明汯投资的人士称): that manager. */
function speakerOf(context: DraftContext, sentence: Sentence): Mention | null {
  const said = /接近([^，。；]*?)的?人士(?:称|表示|直言)/.exec(sentence.text);
  if (!said) return null;
  return mentionsOf(context, sentence).find((m) => m.kind === 'manager' && m.index >= sentence.start + said.index) ?? null;
}

function basisOf(context: DraftContext, sentences: Sentence[], vendor: ReturnType<typeof vendorOf>): { basis: FigureBasis; text: string; at: number } | null {
  if (vendor) return { basis: FigureBasis.DATA_VENDOR, ...vendor };
  for (const s of sentences) {
    const speaker = speakerOf(context, s);
    const said = SPEAKER.exec(s.text);
    if (said) return { basis: speaker ? FigureBasis.MANAGER_STATEMENT : FigureBasis.INDUSTRY_STATEMENT, text: said[0], at: s.start + said.index };
    const statistics = STATISTICS.exec(s.text);
    if (statistics) return { basis: FigureBasis.UNATTRIBUTED_STATISTICS, text: statistics[0], at: s.start + statistics.index };
  }
  return null;
}

/** The stretch of text each figure is read from: from the figure before it to its clause's end (its sentence's, when last). */
function segmentsOf(context: DraftContext, sentences: Sentence[]): { span: Span; percent: ReturnType<typeof percentsOf>[number] | null }[] {
  const segments: { span: Span; percent: ReturnType<typeof percentsOf>[number] | null }[] = [];
  for (const s of sentences) {
    const percents = percentsOf([s]);
    let start = s.start;
    percents.forEach((p, i) => {
      const clause = clauseAt(s, p.at);
      const rest = context.text.slice(clause.end, s.end);
      const trailingCount = i === percents.length - 1 && /正收益/.test(rest) && readCounts(rest).length > 0;
      const end = i < percents.length - 1 || trailingCount ? clause.end : s.end;
      segments.push({ span: { start, end }, percent: p });
      start = s.clauses.find((c) => c.start >= clause.end)?.start ?? s.end;
      if (trailingCount) segments.push({ span: { start, end: s.end }, percent: null });
    });
  }
  return segments;
}

/** The draft of one performance disclosure: `sentences` are the sentence and those that go on from it. */
export function performanceDraft(context: DraftContext, sentences: Sentence[]): Draft {
  const span = { start: sentences[0].start, end: sentences[sentences.length - 1].end };
  const vendor = vendorOf(context, sentences);
  const speaker = sentences.map((s) => speakerOf(context, s)).find((m) => m !== null) ?? null;
  const asOf =
    sentences.flatMap((s) => datesOf(s, previousOf(context, s), context.documentYear).filter((d) => isAsOf(d, s))).find((d) => d !== undefined) ?? null;
  const figures: Figure[] = [];
  for (const segment of segmentsOf(context, sentences))
    figures.push(figureOf(context, segment.span, segment.percent, figures[figures.length - 1] ?? null, speaker));
  const managers = managersOf(context, figures, speaker);
  const id = slugOf('performance', ...managers.map((m) => m.key), dateKey(asOf) ?? `s${sentences[0].index + 1}`);
  const b = new RecordBuilder();
  b.set('filing', 'event').set('id', id);
  const first = figures[0];
  b.read('type', EventType.PERFORMANCE_DISCLOSURE, first.metric?.text ?? first.percent!.text, clauseQuoteAt(context, first.metric?.at ?? first.percent!.at));
  const placement = asOf === null ? performancePlacement(context, sentences, figures) : null;
  if (placement !== null && isPlacement(placement)) writePlacement(b, context, placement);
  else writeDate(b, context, asOf, null, undatedWhy(placement?.why));
  b.missing('title', 'a headline in Chinese, in the words of the quote');
  b.missing('titleEn', 'the headline in English');
  if (managers.length > 0) b.set('managers', [...new Set(managers.map((m) => m.key))]);
  managers.forEach((m, i) => b.cite(`managers[${i}]`, m.text, clauseQuoteAt(context, m.at), m.note));
  const products = figures.filter((f) => f.subject.kind === PerformanceSubjectKind.PRODUCT).map((f) => f.subject.key!);
  if (products.length > 0) b.set('products', [...new Set(products)]);
  if (vendor) b.read('dataVendor', vendor.text, vendor.text, clauseQuoteAt(context, vendor.at));
  if (asOf) b.read('asOf', asOf.iso, asOf.reading.text, clauseQuoteAt(context, asOf.at), 'the as-of date of the figures').day(asOf);
  const basis = basisOf(context, sentences, vendor);
  b.set(
    'figures',
    figures.map((f, i) => b.adopt(figureRecord(context, f, i, basis, asOf))),
  );
  if (placement !== null && isPlacement(placement)) markPlaced(b);
  b.set('sources', [{ document: context.documentId, quote: quoteOf(context, span) }]);
  return { kind: 'event', id, filing: b.fields, readings: b.readings, todo: b.todo, comments: b.comments, span, days: b.days };
}

function undatedWhy(why: string | undefined): string {
  const proposed = why === undefined ? '' : `, and the draft proposes none (${why})`;
  return `the text gives no as-of date${proposed}; a date placed by a curator is listed in notInQuote and cites a curator's note`;
}

function managersOf(context: DraftContext, figures: Figure[], speaker: Mention | null): { key: string; text: string; at: number; note?: string }[] {
  const found: { key: string; text: string; at: number; note?: string }[] = [];
  for (const f of figures) {
    const { kind, key, text, at } = f.subject;
    if (kind === PerformanceSubjectKind.MANAGER && key !== null && at !== null) found.push({ key, text: text!, at });
    const manager = kind === PerformanceSubjectKind.PRODUCT && key !== null ? context.vocabulary.productManager.get(key) : undefined;
    if (manager !== undefined && at !== null) found.push({ key: manager, text: text!, at, note: `the manager of the product (${key})` });
  }
  if (speaker) found.push({ key: speaker.key, text: speaker.text, at: speaker.index, note: 'the manager the speaker is close to' });
  return [...new Map(found.map((m) => [m.key, m])).values()];
}

function figureRecord(context: DraftContext, f: Figure, i: number, basis: ReturnType<typeof basisOf>, asOf: DraftDate | null): RecordBuilder {
  const b = new RecordBuilder(['figures', i]);
  const quote = (at: number) => clauseQuoteAt(context, at);
  const inherited = f.inherited.subject ? 'as the figure before it' : undefined;
  const { kind, key, text, at } = f.subject;
  if (at !== null) b.read('subject', kind, text!, quote(at), inherited);
  else b.set('subject', kind);
  if (kind === PerformanceSubjectKind.PRODUCT) b.read('product', key, text!, quote(at!), inherited);
  else if (kind === PerformanceSubjectKind.MANAGER) b.read('manager', key, text!, quote(at!), inherited);
  else if (key !== null) b.read('cohort', key, text!, quote(at!), inherited);
  else b.missing('cohort', 'who the figure is about: the text names no manager, product or group the draft could read');
  if (f.metric) b.read('metric', f.metric.metric, f.metric.text, quote(f.metric.at));
  else b.missing('metric', 'RETURN, LOSS, DRAWDOWN …: the text gives no word the draft knows');
  if (f.comparator) b.read('comparator', f.comparator.comparator, f.comparator.text, quote(f.comparator.at));
  if (f.percent) b.read('valuePercent', f.percent.value, f.percent.text, quote(f.percent.at));
  if (f.count) b.read('count', f.count.value, f.count.text, quote(f.count.at));
  if (f.count?.moreThan) b.read('countComparator', 'ABOVE', f.count.text, quote(f.count.at));
  writePeriod(b, context, f, asOf);
  if (basis) b.read('basis', basis.basis, basis.text, quote(basis.at));
  else b.missing('basis', 'DATA_VENDOR, MANAGER_STATEMENT, INDUSTRY_STATEMENT or UNATTRIBUTED_STATISTICS: the sentence names no source');
  b.set('sources', [{ document: context.documentId, quote: quoteOf(context, f.span) }]);
  return b;
}

function writePeriod(b: RecordBuilder, context: DraftContext, f: Figure, asOf: DraftDate | null): void {
  const p = f.period;
  const inherited = f.inherited.period ? 'as the figure before it' : undefined;
  const end = p?.end ?? (p === null || p.toDate ? (asOf?.iso ?? null) : null);
  if (p?.start) b.read('periodStart', p.start, p.label, clauseQuoteAt(context, p.at), inherited);
  if (end !== null) {
    const fromAsOf = p?.end == null;
    b.read(
      'periodEnd',
      end,
      fromAsOf ? asOf!.reading.text : p!.label,
      clauseQuoteAt(context, fromAsOf ? asOf!.at : p!.at),
      fromAsOf ? 'the as-of date' : inherited,
    );
  }
  if (p) b.read('periodLabel', p.label, p.label, clauseQuoteAt(context, p.at), inherited);
  else b.missing('periodLabel', 'the period the figure covers, in the words of the source: the sentence names none', TODO);
}
