import { toShanghaiIso } from '../core/time';
import { eventSheets } from './event-sheets';
import { managerSheets } from './manager-sheets';
import { SheetSpec, WorkbookSpec } from './sheet-writer';

type Row = Record<string, any>;

/** Where an export came from: the filter in the words of its URL, and the data version it was read at. */
export interface ExportOrigin {
  /** The URL's query (`types=TRADING_SUSPENSION&managerSlugs=ningbo-lingjun`), empty for none. */
  query: string;
  filter: Record<string, unknown>;
  /** The count of loads that changed the data, when the server gives it. */
  dataVersion?: number | null;
}

const CONVENTIONS: [string, string][] = [
  [
    'dates',
    'Date cells. A date known only to the year or the month is formatted yyyy or yyyy-mm (it is stored as the first day); "date precision" says how much is known: DAY, MONTH, YEAR or APPROXIMATE, and "date note" why.',
  ],
  ['times', 'Date-time cells holding the time in Shanghai, UTC+08:00 (the zone every time of the data is given in; the column header names it).'],
  ['amounts', 'Numbers in CNY, shown with thousands separators: 1,195,000,000 is 11.95 亿元.'],
  [
    'percentages',
    'Numbers stored as fractions and formatted as percentages: a cell showing 5.30% holds 0.053, so a formula such as =C2*D2 computes with it as written.',
  ],
  [
    'sources',
    'The Sources sheet gives, for every fact, each document it rests on and the verbatim quote: one row per fact and source; "record id" is the id of the record (for a figure or a denial, of its event).',
  ],
];

function aboutSheet(title: string, provenance: [string, unknown][], sheets: SheetSpec[]): SheetSpec<[string, unknown]> {
  const rows: [string, unknown][] = [
    ['title', title],
    ['exported at (UTC+08:00)', toShanghaiIso(new Date().toISOString())],
    ...provenance,
    ...sheets.map((sheet): [string, unknown] => [`rows in ${sheet.name}`, sheet.rows.length]),
    ...CONVENTIONS,
    ['made by', 'fundwatch, from the same GraphQL queries the API serves'],
  ];
  return {
    name: 'About',
    rows: rows.filter(([, value]) => value !== null && value !== undefined),
    columns: [
      { header: 'about', kind: 'text', value: (r) => r[0] },
      { header: 'value', kind: 'long', value: (r) => r[1] },
    ],
  };
}

/** The workbook of /export/events.xlsx: the events of `origin`'s filter, their figures, episodes and sources, and an About sheet. */
export function eventsWorkbook(events: Row[], origin: ExportOrigin): WorkbookSpec {
  const title = 'fundwatch events';
  const sheets = eventSheets(events);
  return {
    title,
    subject: `Events of the fundwatch knowledge base; filter: ${origin.query === '' ? 'none' : origin.query}`,
    sheets: [
      ...sheets,
      aboutSheet(
        title,
        [
          ['filter (URL parameters)', origin.query === '' ? 'none: every event' : origin.query],
          ['filter (as the events query reads it)', JSON.stringify(Object.fromEntries(Object.entries(origin.filter).filter(([, v]) => v !== undefined)))],
          ['data version', origin.dataVersion],
        ],
        sheets,
      ),
    ],
  };
}

/** The workbook of /export/manager/<slug>.xlsx: the dossier of /export/manager/<slug>.json, a sheet per kind of record. */
export function managerWorkbook(dossier: Row, dataVersion: number | null = null): WorkbookSpec {
  const title = `fundwatch dossier: ${dossier.shortName} (${dossier.slug})`;
  const sheets = managerSheets(dossier);
  const about = aboutSheet(
    title,
    [
      ['manager', `${dossier.legalName} (${dossier.slug})`],
      ['data version', dataVersion],
    ],
    sheets,
  );
  return { title, subject: `Everything the fundwatch knowledge base links to ${dossier.legalName}, with every citation`, sheets: [...sheets, about] };
}
