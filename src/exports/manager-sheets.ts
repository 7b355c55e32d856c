import { EPISODE_COLUMNS, EVENT_COLUMNS, eventSources, FIGURE_COLUMNS, SOURCES_SHEET, SourceRow } from './event-sheets';
import { Column, SheetSpec } from './sheet-writer';

type Row = Record<string, any>;

const ZONE = 'UTC+08:00';

/** The manager's own record, one field a row: the fields are too few and too unlike for columns. */
function managerSheet(m: Row): SheetSpec<{ field: string; value: unknown; isDate?: boolean }> {
  return {
    name: 'Manager',
    rows: [
      { field: 'legal name', value: m.legalName },
      { field: 'short name', value: m.shortName },
      { field: 'English name', value: m.englishName },
      { field: 'aliases', value: m.aliases },
      { field: 'founded', value: m.foundedOn, isDate: true },
      { field: 'city', value: m.city },
      { field: 'assets under management', value: m.aumBand },
      { field: 'status', value: m.status },
      { field: 'description', value: m.description },
      { field: 'slug', value: m.slug },
      { field: 'id', value: m.id },
    ],
    columns: [
      { header: 'field', kind: 'text', value: (r) => r.field },
      { header: 'value', kind: 'long', value: (r) => (r.isDate ? null : r.value) },
      // A founding date known to the month is a date cell formatted yyyy-mm.
      { header: 'date', kind: 'day', value: (r) => (r.isDate ? r.value : null) },
    ],
  };
}

const PEOPLE: Column<{ person: Row; role: Row | null }>[] = [
  { header: 'name', kind: 'text', value: (r) => r.person.name },
  { header: 'organization', kind: 'text', value: (r) => r.role?.organization },
  { header: 'title', kind: 'text', value: (r) => r.role?.title },
  { header: 'current', kind: 'boolean', value: (r) => r.role?.current },
  { header: 'manager of the role', kind: 'text', value: (r) => r.role?.manager?.slug },
  { header: 'education', kind: 'long', value: (r) => r.person.education },
  { header: 'slug', kind: 'text', value: (r) => r.person.slug },
  { header: 'id', kind: 'text', value: (r) => r.person.id },
];

const PRODUCTS: Column<Row>[] = [
  { header: 'name', kind: 'text', value: (p) => p.name },
  { header: 'aliases', kind: 'text', value: (p) => p.aliases },
  { header: 'flagship', kind: 'boolean', value: (p) => p.isFlagship },
  { header: 'strategy', kind: 'text', value: (p) => p.strategy },
  { header: 'performance figures', kind: 'integer', value: (p) => p.performance.length },
  { header: 'slug', kind: 'text', value: (p) => p.slug },
  { header: 'id', kind: 'text', value: (p) => p.id },
];

const EPISODES: Column<Row>[] = [
  ...EPISODE_COLUMNS,
  { header: 'duration (s)', kind: 'integer', value: (t) => t.durationSeconds },
  { header: 'description', kind: 'long', value: (t) => t.description },
  { header: 'share of turnover', kind: 'percent', value: (t) => t.shareOfTurnover?.percent },
  { header: 'share basis', kind: 'text', value: (t) => t.shareOfTurnover?.basis },
  { header: 'share over the same interval', kind: 'boolean', value: (t) => t.shareOfTurnover?.sameInterval },
  { header: 'share note', kind: 'long', value: (t) => t.shareOfTurnover?.note },
  { header: 'id', kind: 'text', value: (t) => t.id },
];

const WINDOWS: Column<{ episode: Row; window: Row }>[] = [
  { header: 'instrument', kind: 'text', value: (r) => r.window.instrument.code },
  { header: 'instrument name', kind: 'text', value: (r) => r.window.instrument.name },
  { header: `start (${ZONE})`, kind: 'time', value: (r) => r.window.start },
  { header: `end (${ZONE})`, kind: 'time', value: (r) => r.window.end },
  { header: 'start level', kind: 'decimal', value: (r) => r.window.startLevel },
  { header: 'end level', kind: 'decimal', value: (r) => r.window.endLevel },
  { header: 'change', kind: 'percent', value: (r) => r.window.changePercent },
  { header: 'turnover (CNY)', kind: 'amount', value: (r) => r.window.turnoverCny },
  { header: 'basis', kind: 'text', value: (r) => r.window.basis },
  { header: 'episode', kind: 'text', value: (r) => `${r.episode.exchange.code} ${r.episode.side} ${r.episode.start}` },
  { header: 'episode id', kind: 'text', value: (r) => r.episode.id },
  { header: 'id', kind: 'text', value: (r) => r.window.id },
];

const TIMELINE: Column<Row>[] = [
  { header: 'date', kind: 'day', value: (t) => ({ day: t.date, precision: t.datePrecision }) },
  { header: 'date precision', kind: 'text', value: (t) => t.datePrecision },
  { header: 'kind', kind: 'text', value: (t) => t.kind },
  { header: 'title', kind: 'long', value: (t) => t.title },
  { header: 'title (English)', kind: 'long', value: (t) => t.titleEn },
  { header: 'trading days since the previous entry', kind: 'integer', value: (t) => t.tradingDaysSincePrevious },
  { header: 'event id', kind: 'text', value: (t) => t.event?.id },
];

/** The figures of the manager and of its products, each with whose figure it is. */
function performanceRows(m: Row): Row[] {
  return [...m.performance, ...m.products.flatMap((p: Row) => p.performance.map((f: Row) => ({ ...f, subjectKind: 'PRODUCT', product: p })))].map((f) =>
    f.subjectKind === 'MANAGER' && !f.manager ? { ...f, manager: m } : f,
  );
}

/** Every citation of the dossier: the manager's, its people's, products', figures', episodes', windows' and events'. */
function dossierSources(m: Row): SourceRow[] {
  const of = (recordType: string, recordId: string, recordTitle: string, sources: Row[]) =>
    sources.map((citation) => ({ recordType, recordId, recordTitle, citation }));
  const figureTitle = (f: Row) => `${f.product?.name ?? f.manager?.shortName ?? f.cohort} ${f.metric} ${f.periodLabel}`;
  return [
    ...of('MANAGER', m.id, m.shortName, m.sources),
    ...m.people.flatMap((p: Row) => of('PERSON', p.id, p.name, p.sources)),
    ...m.products.flatMap((p: Row) => of('PRODUCT', p.id, p.name, p.sources)),
    ...performanceRows(m).flatMap((f) => of('PERFORMANCE_FIGURE', f.product?.id ?? m.id, figureTitle(f), f.sources)),
    ...m.tradingEpisodes.flatMap((t: Row) => [
      ...of('TRADING_EPISODE', t.id, `${t.exchange.code} ${t.side} ${t.start}`, t.sources),
      ...t.marketWindows.flatMap((w: Row) => of('MARKET_WINDOW', w.id, `${w.instrument.name} ${w.start}`, w.sources)),
    ]),
    ...eventSources(m.events.nodes),
  ];
}

/** The sheets of a manager's dossier: what /export/manager/<slug>.json holds, one sheet per kind of record. */
export function managerSheets(m: Row): SheetSpec[] {
  const people = m.people.flatMap((person: Row) => (person.roles.length ? person.roles.map((role: Row) => ({ person, role })) : [{ person, role: null }]));
  const windows = m.tradingEpisodes.flatMap((episode: Row) => episode.marketWindows.map((window: Row) => ({ episode, window })));
  return [
    managerSheet(m),
    { name: 'People', columns: PEOPLE, rows: people },
    { name: 'Products', columns: PRODUCTS, rows: m.products },
    { name: 'Performance figures', columns: FIGURE_COLUMNS, rows: performanceRows(m) },
    { name: 'Trading episodes', columns: EPISODES, rows: m.tradingEpisodes },
    { name: 'Market windows', columns: WINDOWS, rows: windows },
    { name: 'Events', columns: EVENT_COLUMNS, rows: m.events.nodes },
    { name: 'Timeline', columns: TIMELINE, rows: m.timeline },
    SOURCES_SHEET(dossierSources(m)),
  ];
}
