import { z } from 'zod';
import { AnnouncementKind } from '../src/announcements/announcement.entity';
import { AuthorityKind } from '../src/authorities/authority.entity';
import { isCalendarDate, isDateTimeWithOffset, isPartialDate } from '../src/core/scalars';
import { DatePrecision, EventType, LiquidationKind, Measure, MeasureCategory, RumorStatus, SanctionStage } from '../src/events/event.enums';
import { TradeSide } from '../src/market/market.entity';
import { AumBand, ManagerStatus } from '../src/managers/manager.entity';
import { Comparator, FigureBasis, PerformanceMetric, PerformanceSubjectKind } from '../src/performance/performance.enums';

/**
 * The schema of curated filings: one YAML file per source document, manager, event or market record,
 * each with a `filing:` kind. Every fact carries `sources`, each a document id and a verbatim quote.
 */

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens');
const code = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case code such as SSE');
const text = z.string().trim().min(1, 'must not be empty');
const day = z.string().refine(isCalendarDate, 'must be a calendar day written YYYY-MM-DD');
const partialDay = z.string().refine(isPartialDate, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const instant = z.string().refine(isDateTimeWithOffset, 'must be an ISO 8601 date-time with its offset, e.g. 2024-02-19T09:30:00+08:00');
const enumOf = <T extends Record<string, string>>(values: T) => z.enum(Object.values(values) as [T[keyof T], ...T[keyof T][]]);

/** "11.95 亿", "13.72亿元", "5000 万" or a plain number of CNY. */
export const amountText = z.union([
  z.number().nonnegative(),
  z.string().regex(/^\d+(?:\.\d+)?\s*(?:亿|万)?\s*元?$/, 'must be a number of CNY or a figure such as "11.95 亿"'),
]);

export const citation = z.strictObject({
  document: slug,
  quote: text,
  note: text.optional(),
});
/** At most 100 a record: the seed's most is 5, and every figure of an event is checked against its event's. */
const sources = z.array(citation).min(1, 'every fact needs at least one source').max(100, 'at most 100 sources a record: split the record');

/**
 * Fields of a record deliberately not read from its quotes (a date the curators placed, an English
 * name): the fact-consistency check skips them, and the record cites a curator's note saying why.
 */
const notInQuote = z.array(z.string().regex(/^[a-zA-Z]+$/, 'must be a field name such as date')).default([]);
/** Fields the schema serves as the source's words that hold the curators' words instead: served marked as such. */
const curatorsWords = z.array(z.string().regex(/^[a-zA-Z]+$/, 'must be a field name such as assessment')).default([]);

export const authoritiesFiling = z.strictObject({
  filing: z.literal('authorities'),
  authorities: z.array(
    z.strictObject({
      code,
      nameZh: text,
      shortNameZh: text.optional(),
      nameEn: text,
      kind: enumOf(AuthorityKind),
      sources,
    }),
  ),
});

export const announcementFiling = z
  .strictObject({
    filing: z.literal('announcement'),
    id: slug,
    kind: enumOf(AnnouncementKind),
    title: text,
    language: z.enum(['zh', 'en']),
    publishedOn: day.nullable().optional(),
    /** The year of the days it writes without one (2 月 20 日), when it has no publication day: its dateNote says how it is known. */
    undatedYear: z.number().int().min(1990).max(2100).optional(),
    dateNote: text.optional(),
    url: z.string().url().nullable().optional(),
    /** The document's number as its issuer gives it (文号), when the document states one. */
    number: z
      .string({ error: 'must be text: the number (文号) as the document writes it' })
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .optional(),
    authority: code.optional(),
    manager: slug.optional(),
    quotedIn: slug.optional(),
    body: text.optional(),
    bodyFile: text.optional(),
    rawFile: text.optional(),
  })
  .refine((a) => (a.body === undefined) !== (a.bodyFile === undefined), { message: 'give exactly one of body and bodyFile', path: ['body'] })
  .refine((a) => a.kind !== 'AUTHORITY_STATEMENT' || a.authority !== undefined, { message: 'an authority statement names its authority', path: ['authority'] })
  .refine((a) => a.undatedYear === undefined || (!a.publishedOn && a.dateNote !== undefined), {
    message: 'only a document without a publication day takes undatedYear, and its dateNote says how the year is known',
    path: ['undatedYear'],
  });

const person = z.strictObject({
  id: slug,
  name: text,
  education: text.optional(),
  roles: z
    .array(
      z.strictObject({
        organization: text,
        manager: slug.optional(),
        title: text.optional(),
        current: z.boolean(),
      }),
    )
    .min(1),
  sources,
});

const product = z.strictObject({
  id: slug,
  name: text,
  aliases: z.array(text).default([]),
  isFlagship: z.boolean().default(false),
  strategy: text.optional(),
  sources,
});

export const managerFiling = z.strictObject({
  filing: z.literal('manager'),
  id: slug,
  legalName: text.optional(),
  shortName: text,
  englishName: text.optional(),
  aliases: z.array(text).default([]),
  foundedOn: partialDay.optional(),
  city: text.optional(),
  aumBand: enumOf(AumBand),
  status: enumOf(ManagerStatus),
  description: text.optional(),
  notInQuote,
  sources,
  people: z.array(person).default([]),
  products: z.array(product).default([]),
});

export const instrumentsFiling = z.strictObject({
  filing: z.literal('instruments'),
  instruments: z.array(
    z.strictObject({
      code: z.string().regex(/^\d{6}\.(SH|SZ)$/, 'must be a code such as 000001.SH'),
      nameZh: text,
      nameEn: text.optional(),
      exchange: code,
      kind: z.enum(['INDEX']),
      sources,
    }),
  ),
});

export const marketDataFiling = z.strictObject({
  filing: z.literal('marketData'),
  windows: z
    .array(
      z.strictObject({
        id: slug,
        instrument: z.string(),
        start: instant,
        end: instant,
        startLevel: z.number().positive(),
        endLevel: z.number().positive(),
        changePercent: z.number().optional(),
        turnover: amountText.optional(),
        notInQuote,
        sources,
      }),
    )
    .default([]),
  episodes: z
    .array(
      z.strictObject({
        id: slug,
        manager: slug,
        exchange: code,
        side: enumOf(TradeSide),
        amount: amountText,
        start: instant,
        end: instant,
        description: text.optional(),
        notInQuote,
        sources,
      }),
    )
    .default([]),
});

const figure = z.strictObject({
  subject: enumOf(PerformanceSubjectKind),
  product: slug.optional(),
  manager: slug.optional(),
  cohort: text.optional(),
  metric: enumOf(PerformanceMetric),
  comparator: enumOf(Comparator).default(Comparator.EQUAL),
  valuePercent: z.number().optional(),
  count: z.number().int().positive().optional(),
  countComparator: enumOf(Comparator).optional(),
  periodStart: day.optional(),
  periodEnd: day.optional(),
  periodLabel: text,
  asOf: day.optional(),
  dataVendor: text.optional(),
  basis: enumOf(FigureBasis),
  notInQuote,
  curatorsWords,
  sources,
});

const denial = z.strictObject({
  manager: slug.optional(),
  speaker: text,
  statement: text,
  curatorsWords,
  sources,
});

export const eventFiling = z
  .strictObject({
    filing: z.literal('event'),
    id: slug,
    type: enumOf(EventType),
    date: day,
    datePrecision: enumOf(DatePrecision).default(DatePrecision.DAY),
    dateNote: text.optional(),
    title: text,
    titleEn: text.optional(),
    summary: text.optional(),
    authority: code.optional(),
    managers: z.array(slug).default([]),
    products: z.array(slug).default([]),
    tradingEpisodes: z.array(slug).default([]),
    measure: enumOf(Measure).optional(),
    measureCategory: enumOf(MeasureCategory).optional(),
    stage: enumOf(SanctionStage).optional(),
    ruleCited: text.optional(),
    ruleText: text.optional(),
    durationMonths: z.number().int().positive().optional(),
    reason: text.optional(),
    scope: text.optional(),
    startDate: day.optional(),
    tradingDays: z.number().int().positive().optional(),
    liquidationKind: enumOf(LiquidationKind).optional(),
    liquidationGroupFormed: z.boolean().optional(),
    deregistrationPlanned: z.boolean().optional(),
    dataVendor: text.optional(),
    asOf: day.optional(),
    figures: z.array(figure).max(500, 'at most 500 figures an event: split the event').default([]),
    claim: text.optional(),
    rumorStatus: enumOf(RumorStatus).optional(),
    assessment: text.optional(),
    denials: z.array(denial).max(100, 'at most 100 denials a rumour').default([]),
    notInQuote,
    curatorsWords,
    sources,
  })
  .superRefine((e, ctx) => {
    const need = (field: keyof typeof e, why: string) => {
      const value = e[field];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) {
        ctx.addIssue({ code: 'custom', path: [field], message: `required for ${e.type}: ${why}` });
      }
    };
    if (e.datePrecision !== DatePrecision.DAY && e.dateNote === undefined) {
      need('dateNote', 'say how the date is known when it is not given to the day');
    }
    switch (e.type) {
      case EventType.EXCHANGE_PENALTY:
        need('authority', 'the exchange');
        need('measure', 'what the exchange did');
        need('stage', 'initiated or decided');
        break;
      case EventType.TRADING_SUSPENSION:
        need('authority', 'the exchange');
        need('startDate', 'the first suspended trading day');
        need('tradingDays', 'how many trading days');
        break;
      case EventType.LIQUIDATION_NOTICE:
        need('liquidationKind', 'manager dissolution or product liquidation');
        break;
      case EventType.REGULATORY_MEASURE:
        need('measure', 'what was done');
        break;
      case EventType.PERFORMANCE_DISCLOSURE:
        need('figures', 'the figures disclosed');
        break;
      case EventType.MARKET_RUMOR:
        need('claim', 'what the rumour said');
        need('rumorStatus', 'denied, partly confirmed or unverified');
        break;
      default: {
        const exhaustive: never = e.type;
        throw new Error(`unhandled event type ${String(exhaustive)}`);
      }
    }
  });

export const tradingCalendarFiling = z.strictObject({
  filing: z.literal('tradingCalendar'),
  id: slug,
  year: z.number().int().min(1990).max(2100),
  closures: z.array(z.strictObject({ from: day, to: day, reason: text })),
  sources,
});

export const conceptFiling = z.strictObject({
  filing: z.literal('concept'),
  id: slug,
  term: text,
  termEn: text.optional(),
  aliases: z.array(text).default([]),
  definition: text,
  notInQuote,
  sources,
});

/** A character of a CJK script (Han, kana, Hangul): what a Chinese term holds and an English one does not. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const englishTerm = text.refine((t) => !CJK.test(t), 'must be English: it holds a CJK character');
const chineseTerm = text.refine((t) => CJK.test(t), 'must be Chinese: it holds no CJK character');

/** The bilingual glossary: English and Chinese terms, each entry with the kinds of event it names. Uniqueness is checked by its compiler. */
export const glossaryFiling = z.strictObject({
  filing: z.literal('glossary'),
  terms: z.array(
    z.strictObject({
      id: slug,
      english: z.array(englishTerm).min(1, 'give at least one English term'),
      chinese: z.array(chineseTerm).min(1, 'give at least one Chinese term'),
      eventTypes: z.array(enumOf(EventType)).default([]),
      sources,
    }),
  ),
});

export const filing = z.discriminatedUnion('filing', [
  conceptFiling,
  glossaryFiling,
  authoritiesFiling,
  announcementFiling,
  managerFiling,
  instrumentsFiling,
  marketDataFiling,
  eventFiling,
  tradingCalendarFiling,
]);

export type Filing = z.infer<typeof filing>;
export type AuthoritiesFiling = z.infer<typeof authoritiesFiling>;
export type AnnouncementFiling = z.infer<typeof announcementFiling>;
export type ManagerFiling = z.infer<typeof managerFiling>;
export type InstrumentsFiling = z.infer<typeof instrumentsFiling>;
export type MarketDataFiling = z.infer<typeof marketDataFiling>;
export type EventFiling = z.infer<typeof eventFiling>;
export type ConceptFiling = z.infer<typeof conceptFiling>;
export type GlossaryFiling = z.infer<typeof glossaryFiling>;
export type TradingCalendarFiling = z.infer<typeof tradingCalendarFiling>;
export type CitationInput = z.infer<typeof citation>;
