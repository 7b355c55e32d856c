import { figureSubject } from './events-csv';
import { Column, SheetSpec } from './sheet-writer';

type Row = Record<string, any>;

const ZONE = 'UTC+08:00';
const names = (list: Row[] | undefined, key: string) => (list ?? []).map((item) => item[key]);

/** An event's columns in a workbook: what a reader sorts and filters by first, the opaque id last. */
export const EVENT_COLUMNS: Column<Row>[] = [
  { header: 'date', kind: 'day', value: (e) => ({ day: e.date, precision: e.datePrecision }) },
  { header: 'date precision', kind: 'text', value: (e) => e.datePrecision },
  { header: 'type', kind: 'text', value: (e) => e.type },
  { header: 'authority', kind: 'text', value: (e) => e.authority?.code },
  { header: 'managers', kind: 'text', value: (e) => names(e.managers, 'shortName') },
  {
    header: 'traded amount (CNY)',
    kind: 'amount',
    value: (e) => (e.tradingEpisodes?.length ? e.tradingEpisodes.reduce((sum: number, ep: Row) => sum + ep.amountCny, 0) : null),
  },
  { header: 'title', kind: 'long', value: (e) => e.title },
  { header: 'title (English)', kind: 'long', value: (e) => e.titleEn },
  { header: 'authority name', kind: 'text', value: (e) => e.authority?.nameZh },
  { header: 'manager slugs', kind: 'text', value: (e) => names(e.managers, 'slug') },
  { header: 'products', kind: 'text', value: (e) => names(e.products, 'name') },
  { header: 'measure', kind: 'text', value: (e) => e.measure ?? e.regulatoryMeasure },
  { header: 'measure category', kind: 'text', value: (e) => e.measureCategory },
  { header: 'stage', kind: 'text', value: (e) => e.stage },
  { header: 'rule cited', kind: 'long', value: (e) => e.ruleCited },
  { header: 'suspension start', kind: 'day', value: (e) => e.startDate },
  { header: 'trading days', kind: 'integer', value: (e) => e.tradingDays },
  { header: 'suspension end', kind: 'day', value: (e) => e.endDate },
  { header: 'trading resumes', kind: 'day', value: (e) => e.resumeDate },
  { header: 'scope', kind: 'text', value: (e) => e.scope },
  { header: 'duration (months)', kind: 'integer', value: (e) => e.durationMonths },
  { header: 'liquidation kind', kind: 'text', value: (e) => e.liquidationKind },
  { header: 'figures', kind: 'integer', value: (e) => e.figures?.length },
  { header: 'data vendor', kind: 'text', value: (e) => e.dataVendor },
  { header: 'as of', kind: 'day', value: (e) => e.asOf },
  { header: 'claim', kind: 'long', value: (e) => e.claim },
  { header: 'rumour status', kind: 'text', value: (e) => e.rumorStatus },
  { header: 'reason', kind: 'long', value: (e) => e.reason },
  { header: 'summary', kind: 'long', value: (e) => e.summary ?? e.assessment },
  { header: 'date note', kind: 'long', value: (e) => e.dateNote },
  { header: 'source documents', kind: 'text', value: (e) => [...new Set(e.sources.map((s: Row) => s.announcement.slug))] },
  { header: 'id', kind: 'text', value: (e) => e.id },
];

/** A performance figure's columns, after the columns that say whose figure it is. */
export const FIGURE_COLUMNS: Column<Row>[] = [
  { header: 'subject kind', kind: 'text', value: (f) => f.subjectKind },
  { header: 'subject', kind: 'text', value: (f) => f.product?.name ?? f.manager?.shortName ?? f.cohort },
  { header: 'subject slug', kind: 'text', value: (f) => f.product?.slug ?? f.manager?.slug },
  { header: 'metric', kind: 'text', value: (f) => f.metric },
  { header: 'comparator', kind: 'text', value: (f) => f.comparator },
  { header: 'value (%)', kind: 'percent', value: (f) => f.valuePercent },
  { header: 'count', kind: 'integer', value: (f) => f.count },
  { header: 'count comparator', kind: 'text', value: (f) => f.countComparator },
  { header: 'period start', kind: 'day', value: (f) => f.periodStart },
  { header: 'period end', kind: 'day', value: (f) => f.periodEnd },
  { header: 'period', kind: 'long', value: (f) => f.periodLabel },
  { header: 'as of', kind: 'day', value: (f) => f.asOf },
  { header: 'data vendor', kind: 'text', value: (f) => f.dataVendor },
  { header: 'basis', kind: 'text', value: (f) => f.basis },
];

/** A trading episode's columns: the amount in CNY, the times in Shanghai's zone. */
export const EPISODE_COLUMNS: Column<Row>[] = [
  { header: 'exchange', kind: 'text', value: (t) => t.exchange.code },
  { header: 'side', kind: 'text', value: (t) => t.side },
  { header: 'amount (CNY)', kind: 'amount', value: (t) => t.amountCny },
  { header: `start (${ZONE})`, kind: 'time', value: (t) => t.start },
  { header: `end (${ZONE})`, kind: 'time', value: (t) => t.end },
];

/** One fact's citation: which record states it, and the document and verbatim quote it rests on. */
export interface SourceRow {
  recordType: string;
  recordId: string;
  recordTitle: string;
  citation: Row;
}

export const SOURCES_SHEET = (rows: SourceRow[]): SheetSpec<SourceRow> => ({
  name: 'Sources',
  rows,
  columns: [
    { header: 'record type', kind: 'text', value: (s) => s.recordType },
    { header: 'record', kind: 'long', value: (s) => s.recordTitle },
    { header: 'document slug', kind: 'text', value: (s) => s.citation.announcement.slug },
    { header: 'document title', kind: 'long', value: (s) => s.citation.announcement.title },
    { header: 'document kind', kind: 'text', value: (s) => s.citation.announcement.kind },
    { header: 'url', kind: 'text', value: (s) => s.citation.announcement.url },
    { header: 'quote (verbatim)', kind: 'long', value: (s) => s.citation.quote },
    { header: 'note', kind: 'long', value: (s) => s.citation.note },
    { header: 'record id', kind: 'text', value: (s) => s.recordId },
  ],
});

/** A figure's label in the Sources sheet: the event it belongs to, its number, what it measures. */
const figureTitle = (e: Row, f: Row, n: number) =>
  `${e.title} — figure ${n} of ${e.figures.length}: ${figureSubject(f) ?? f.subjectKind} ${f.metric} ${f.valuePercent ?? ''}${f.valuePercent === null ? '' : '%'}`.trim();

/** Every citation of the events: each event's, each of its figures' and each denial's, one row per fact and source. */
export function eventSources(events: Row[]): SourceRow[] {
  return events.flatMap((e) => [
    ...e.sources.map((citation: Row) => ({ recordType: e.type, recordId: e.id, recordTitle: e.title, citation })),
    ...(e.figures ?? []).flatMap((f: Row, i: number) =>
      f.sources.map((citation: Row) => ({ recordType: 'PERFORMANCE_FIGURE', recordId: e.id, recordTitle: figureTitle(e, f, i + 1), citation })),
    ),
    ...(e.denials ?? []).flatMap((d: Row) =>
      d.sources.map((citation: Row) => ({ recordType: 'RUMOR_DENIAL', recordId: e.id, recordTitle: `${e.title} — ${d.speaker}`, citation })),
    ),
  ]);
}

const OF_EVENT: Column<{ event: Row }>[] = [
  { header: 'event date', kind: 'day', value: (r) => ({ day: r.event.date, precision: r.event.datePrecision }) },
  { header: 'event', kind: 'long', value: (r) => r.event.title },
];
const EVENT_ID: Column<{ event: Row }> = { header: 'event id', kind: 'text', value: (r) => r.event.id };
const of = <T>(columns: Column<Row>[], pick: (r: T) => Row): Column<T>[] => columns.map((c) => ({ ...c, value: (r: T) => c.value(pick(r)) }));

/** The sheets of an events export: events, their performance figures, their trading episodes, and every source. */
export function eventSheets(events: Row[]): SheetSpec[] {
  const figures = events.flatMap((event) => (event.figures ?? []).map((figure: Row) => ({ event, figure })));
  const episodes = events.flatMap((event) => (event.tradingEpisodes ?? []).map((episode: Row) => ({ event, episode })));
  return [
    { name: 'Events', columns: EVENT_COLUMNS, rows: events },
    { name: 'Performance figures', columns: [...OF_EVENT, ...of(FIGURE_COLUMNS, (r: Row) => r.figure), EVENT_ID], rows: figures },
    { name: 'Trading episodes', columns: [...OF_EVENT, ...of(EPISODE_COLUMNS, (r: Row) => r.episode), EVENT_ID], rows: episodes },
    SOURCES_SHEET(eventSources(events)),
  ];
}
