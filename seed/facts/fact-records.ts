import { CitationInput, EventFiling, Filing, ManagerFiling, MarketDataFiling } from '../filing-schema';
import { DurationUnit } from './readers';

/**
 * What each kind of filing states, field by field, and which quotes state it: the consistency check's
 * map of the filing schema. A field's value is read out of its record's own quotes ("own": an amount,
 * a percentage, a level, a count) or out of the quotes around it too ("context": a figure's period and
 * manager may be in its event's quote). A field a filing lists in `notInQuote` is not read; a field in
 * `curatorsWords` is not held to the source's words.
 */

export type FactCheck =
  | { kind: 'amount'; value: number | string }
  | { kind: 'percent'; value: number }
  /** A change in percent: -0.64 is written -0.64% or 下跌 0.64%. */
  | { kind: 'change'; value: number }
  | { kind: 'level'; value: number }
  | { kind: 'count'; value: number; moreThan: boolean }
  | { kind: 'date'; value: string; precision: 'DAY' | 'MONTH' | 'YEAR' }
  | { kind: 'periodStart' | 'periodEnd'; value: string }
  | { kind: 'instant'; value: string }
  | { kind: 'duration'; value: number; unit: DurationUnit }
  | { kind: 'authority'; value: string }
  | { kind: 'manager'; value: string }
  | { kind: 'product'; value: string }
  | { kind: 'instrument'; value: string }
  | { kind: 'dayRange'; from: string; to: string }
  /** Text a source writes: a name, a term. It occurs in one of the record's quotes. */
  | { kind: 'name'; value: string }
  /** What the schema serves as the source's words: it occurs in a cited document ("……" marks an omission). */
  | { kind: 'words'; value: string }
  /** The curators' own prose (a title, a summary): every amount, percentage and date in it is in a quote. */
  | { kind: 'prose'; value: string; suspension?: { startDate: string; tradingDays: number } };

export interface FactField {
  /** The field's path in the filing, as problems name it. */
  path: string;
  /** The field's name as `notInQuote` and `curatorsWords` list it. */
  name: string;
  check: FactCheck;
  scope: 'own' | 'context';
}

/** One record of a filing: its fields, its quotes and the quotes around it. */
export interface FactRecord {
  at: string;
  fields: FactField[];
  own: CitationInput[];
  context: CitationInput[];
  notInQuote: string[];
  curatorsWords: string[];
}

type Fields = [name: string, check: FactCheck | undefined, scope?: 'own' | 'context'][];

function record(
  at: string,
  fields: Fields,
  own: CitationInput[],
  more: CitationInput[] = [],
  marks: Partial<Pick<FactRecord, 'notInQuote' | 'curatorsWords'>> = {},
): FactRecord {
  const prefix = at === '' ? '' : `${at}.`;
  return {
    at,
    fields: fields
      .filter((f): f is [string, FactCheck, ('own' | 'context')?] => f[1] !== undefined)
      .map(([name, check, scope]) => ({ path: `${prefix}${name}`, name: name.replace(/\[\d+\]$/, ''), check, scope: scope ?? 'context' })),
    own,
    context: [...own, ...more],
    notInQuote: marks.notInQuote ?? [],
    curatorsWords: marks.curatorsWords ?? [],
  };
}

const when = <T>(value: T | undefined | null, check: (value: T) => FactCheck): FactCheck | undefined =>
  value === undefined || value === null ? undefined : check(value);
const words = (value: string | undefined) => when(value, (v) => ({ kind: 'words', value: v }));
const name = (value: string | undefined) => when(value, (v) => ({ kind: 'name', value: v }));
const prose = (value: string | undefined, suspension?: { startDate: string; tradingDays: number }) =>
  when(value, (v): FactCheck => ({ kind: 'prose', value: v, suspension }));
const day = (value: string | undefined, precision: 'DAY' | 'MONTH' | 'YEAR' = 'DAY') => when(value, (v) => ({ kind: 'date', value: v, precision }));
const precisionOfPartial = (value: string) => (value.length === 4 ? 'YEAR' : value.length === 7 ? 'MONTH' : 'DAY');

/** A suspension's start and length: its prose may give the days they derive (seed/facts/derived-facts.ts checks them). */
const suspensionOf = (e: EventFiling) =>
  e.startDate !== undefined && e.tradingDays !== undefined ? { startDate: e.startDate, tradingDays: e.tradingDays } : undefined;

function eventRecords(e: EventFiling): FactRecord[] {
  const children = [...e.figures.flatMap((f) => f.sources), ...e.denials.flatMap((d) => d.sources)];
  const precision = e.datePrecision === 'APPROXIMATE' ? 'DAY' : e.datePrecision;
  const event = record(
    '',
    [
      ['date', day(e.date, precision)],
      ['title', prose(e.title, suspensionOf(e))],
      ['summary', prose(e.summary, suspensionOf(e))],
      ['authority', when(e.authority, (v) => ({ kind: 'authority', value: v }))],
      ...e.managers.map((m, i): Fields[number] => [`managers[${i}]`, { kind: 'manager', value: m }]),
      ...e.products.map((p, i): Fields[number] => [`products[${i}]`, { kind: 'product', value: p }]),
      ['startDate', day(e.startDate)],
      ['tradingDays', when(e.tradingDays, (v) => ({ kind: 'duration', value: v, unit: 'TRADING_DAY' }))],
      ['durationMonths', when(e.durationMonths, (v) => ({ kind: 'duration', value: v, unit: 'MONTH' }))],
      ['asOf', day(e.asOf)],
      ['dataVendor', name(e.dataVendor)],
      ['ruleCited', words(e.ruleCited)],
      ['ruleText', words(e.ruleText)],
      ['reason', words(e.reason)],
      ['scope', words(e.scope)],
      ['claim', words(e.claim)],
      ['assessment', words(e.assessment)],
    ],
    e.sources,
    children,
    e,
  );
  const figures = e.figures.map((f, i) =>
    record(
      `figures[${i}]`,
      [
        ['valuePercent', when(f.valuePercent, (v) => ({ kind: 'percent', value: v })), 'own'],
        ['count', when(f.count, (v) => ({ kind: 'count', value: v, moreThan: f.countComparator === 'ABOVE' })), 'own'],
        ['manager', when(f.manager, (v) => ({ kind: 'manager', value: v }))],
        ['product', when(f.product, (v) => ({ kind: 'product', value: v }))],
        ['periodStart', when(f.periodStart, (v) => ({ kind: 'periodStart', value: v }))],
        ['periodEnd', when(f.periodEnd, (v) => ({ kind: 'periodEnd', value: v }))],
        ['asOf', day(f.asOf)],
        ['dataVendor', name(f.dataVendor)],
        ['cohort', words(f.cohort)],
        ['periodLabel', words(f.periodLabel)],
      ],
      f.sources,
      e.sources,
      f,
    ),
  );
  const denials = e.denials.map((d, i) =>
    record(
      `denials[${i}]`,
      [
        ['manager', when(d.manager, (v) => ({ kind: 'manager', value: v }))],
        ['speaker', words(d.speaker)],
        ['statement', words(d.statement)],
      ],
      d.sources,
      [],
      d,
    ),
  );
  return [event, ...figures, ...denials];
}

function marketRecords(m: MarketDataFiling): FactRecord[] {
  const windows = m.windows.map((w, i) =>
    record(
      `windows[${i}]`,
      [
        ['instrument', { kind: 'instrument', value: w.instrument }],
        ['start', { kind: 'instant', value: w.start }],
        ['end', { kind: 'instant', value: w.end }],
        ['startLevel', { kind: 'level', value: w.startLevel }, 'own'],
        ['endLevel', { kind: 'level', value: w.endLevel }, 'own'],
        ['changePercent', when(w.changePercent, (v) => ({ kind: 'change', value: v })), 'own'],
        ['turnover', when(w.turnover, (v) => ({ kind: 'amount', value: v })), 'own'],
      ],
      w.sources,
      [],
      w,
    ),
  );
  const episodes = m.episodes.map((e, i) =>
    record(
      `episodes[${i}]`,
      [
        ['manager', { kind: 'manager', value: e.manager }],
        ['exchange', { kind: 'authority', value: e.exchange }],
        ['amount', { kind: 'amount', value: e.amount }, 'own'],
        ['start', { kind: 'instant', value: e.start }],
        ['end', { kind: 'instant', value: e.end }],
        ['description', words(e.description)],
      ],
      e.sources,
      [],
      e,
    ),
  );
  return [...windows, ...episodes];
}

function managerRecords(m: ManagerFiling): FactRecord[] {
  const manager = record(
    '',
    [
      ['legalName', name(m.legalName)],
      ['shortName', name(m.shortName)],
      ['englishName', name(m.englishName)],
      ...m.aliases.map((a, i): Fields[number] => [`aliases[${i}]`, name(a)]),
      ['foundedOn', when(m.foundedOn, (v) => ({ kind: 'date', value: v, precision: precisionOfPartial(v) }))],
      ['city', name(m.city)],
    ],
    m.sources,
    [],
    m,
  );
  const people = m.people.map((p, i) =>
    record(
      `people[${i}]`,
      [
        ['name', name(p.name)],
        ['education', words(p.education)],
        ...p.roles.flatMap((r, j): Fields => [
          [`roles[${j}].organization`, name(r.organization)],
          [`roles[${j}].title`, name(r.title)],
        ]),
      ],
      p.sources,
    ),
  );
  const products = m.products.map((p, i) =>
    record(
      `products[${i}]`,
      [['name', name(p.name)], ...p.aliases.map((a, j): Fields[number] => [`aliases[${j}]`, name(a)]), ['strategy', words(p.strategy)]],
      p.sources,
    ),
  );
  return [manager, ...people, ...products];
}

/** The records of a filing whose fields state facts; documents state none of their own. */
export function factRecordsOf(filing: Filing): FactRecord[] {
  switch (filing.filing) {
    case 'event':
      return eventRecords(filing);
    case 'marketData':
      return marketRecords(filing);
    case 'manager':
      return managerRecords(filing);
    case 'authorities':
      return filing.authorities.map((a, i) =>
        record(
          `authorities[${i}]`,
          [
            ['nameZh', name(a.nameZh)],
            ['shortNameZh', name(a.shortNameZh)],
            ['nameEn', name(a.nameEn)],
          ],
          a.sources,
        ),
      );
    case 'instruments':
      return filing.instruments.map((s, i) =>
        record(
          `instruments[${i}]`,
          [
            ['code', name(s.code)],
            ['nameZh', name(s.nameZh)],
            ['nameEn', name(s.nameEn)],
          ],
          s.sources,
        ),
      );
    case 'tradingCalendar':
      return [
        record(
          '',
          [
            ['year', { kind: 'date', value: `${filing.year}-01-01`, precision: 'YEAR' }],
            ...filing.closures.map((c, i): Fields[number] => [`closures[${i}]`, { kind: 'dayRange', from: c.from, to: c.to }]),
          ],
          filing.sources,
        ),
      ];
    case 'concept':
      return [
        record(
          '',
          [
            ['term', name(filing.term)],
            ['termEn', name(filing.termEn)],
            ...filing.aliases.map((a, i): Fields[number] => [`aliases[${i}]`, name(a)]),
            ['definition', words(filing.definition)],
          ],
          filing.sources,
          [],
          filing,
        ),
      ];
    case 'glossary':
      return filing.terms.map((t, i) =>
        record(
          `terms[${i}]`,
          [...t.english.map((w, j): Fields[number] => [`english[${j}]`, name(w)]), ...t.chinese.map((w, j): Fields[number] => [`chinese[${j}]`, name(w)])],
          t.sources,
        ),
      );
    case 'announcement':
      return [];
    default: {
      const exhaustive: never = filing;
      throw new Error(`unhandled filing kind ${String((exhaustive as Filing).filing)}`);
    }
  }
}
