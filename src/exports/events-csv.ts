import { toCsv } from '../core/csv';

type Row = Record<string, any>;

/** The event's own columns, repeated on each of a performance disclosure's rows. */
const EVENT_COLUMNS: [string, (e: Row) => unknown][] = [
  ['id', (e) => e.id],
  ['type', (e) => e.type],
  ['date', (e) => e.date],
  ['datePrecision', (e) => e.datePrecision],
  ['dateNote', (e) => e.dateNote],
  ['title', (e) => e.title],
  ['titleEn', (e) => e.titleEn],
  ['authority', (e) => e.authority?.code],
  ['managers', (e) => e.managers.map((m: Row) => m.slug).join('; ')],
  ['products', (e) => e.products.map((p: Row) => p.slug).join('; ')],
  ['measure', (e) => e.measure ?? e.regulatoryMeasure],
  ['measureCategory', (e) => e.measureCategory],
  ['stage', (e) => e.stage],
  ['ruleCited', (e) => e.ruleCited],
  ['startDate', (e) => e.startDate],
  ['tradingDays', (e) => e.tradingDays],
  ['endDate', (e) => e.endDate],
  ['resumeDate', (e) => e.resumeDate],
  ['durationMonths', (e) => e.durationMonths],
  ['liquidationKind', (e) => e.liquidationKind],
  ['dataVendor', (e) => e.dataVendor],
  ['asOf', (e) => e.asOf],
  ['rumorStatus', (e) => e.rumorStatus],
  ['tradedAmountCny', (e) => (e.tradingEpisodes?.length ? e.tradingEpisodes.reduce((sum: number, ep: Row) => sum + ep.amountCny, 0) : null)],
];

/** Who a figure is about: the product's or the manager's slug, or the cohort in the source's words. */
export const figureSubject = (f: Row): string | null => f.product?.slug ?? f.manager?.slug ?? f.cohort ?? null;

/** A performance figure's columns; empty on the rows of other kinds of event. */
const FIGURE_COLUMNS: [string, (f: Row, n: number) => unknown][] = [
  ['figureNumber', (_f, n) => n],
  ['figureSubjectKind', (f) => f.subjectKind],
  ['figureSubject', figureSubject],
  ['figureMetric', (f) => f.metric],
  ['figureComparator', (f) => f.comparator],
  ['figureValuePercent', (f) => f.valuePercent],
  ['figureCount', (f) => f.count],
  ['figureCountComparator', (f) => f.countComparator],
  ['figurePeriodStart', (f) => f.periodStart],
  ['figurePeriodEnd', (f) => f.periodEnd],
  ['figurePeriodLabel', (f) => f.periodLabel],
  ['figureAsOf', (f) => f.asOf],
  ['figureDataVendor', (f) => f.dataVendor],
  ['figureBasis', (f) => f.basis],
  ['figureQuotes', (f) => f.sources.map((s: Row) => s.quote).join(' | ')],
];

const TRAILING_COLUMNS: [string, (e: Row) => unknown][] = [
  ['summary', (e) => e.summary],
  ['sourceDocuments', (e) => [...new Set(e.sources.map((s: Row) => s.announcement.slug))].join('; ')],
  ['sourceQuotes', (e) => e.sources.map((s: Row) => s.quote).join(' | ')],
];

/**
 * The columns of /export/events.csv. A row is an event; a performance disclosure has one row per
 * figure it reports (figureNumber 1, 2, … of the event, its other columns repeated), so that each
 * figure's subject, metric, comparator, value in percent (-11.74 is -11.74%), count, period, as-of
 * date, data vendor and basis has a cell of its own. `datePrecision` says how much of `date` is known
 * (a YEAR-precision 2024-01-01 stands for the year 2024) and `dateNote` why.
 */
export const EVENT_CSV_HEADER = [...EVENT_COLUMNS, ...FIGURE_COLUMNS, ...TRAILING_COLUMNS].map(([name]) => name);

/** One row per event (per figure for a performance disclosure); amounts as plain numbers; several values in one cell separated by "; " (quotes by " | "). */
export function eventsToCsv(events: Row[]): string {
  const rows = events.flatMap((e) => {
    const own = EVENT_COLUMNS.map(([, value]) => value(e));
    const trailing = TRAILING_COLUMNS.map(([, value]) => value(e));
    const figures: Row[] = e.figures ?? [];
    if (figures.length === 0) return [[...own, ...FIGURE_COLUMNS.map(() => null), ...trailing]];
    return figures.map((f, i) => [...own, ...FIGURE_COLUMNS.map(([, value]) => value(f, i + 1)), ...trailing]);
  });
  return toCsv(EVENT_CSV_HEADER, rows);
}
