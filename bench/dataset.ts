import { AnnouncementKind } from '../src/announcements/announcement.entity';
import { AuthorityKind } from '../src/authorities/authority.entity';
import { EventType, LiquidationKind, Measure, MeasureCategory, RumorStatus, SanctionStage } from '../src/events/event.enums';
import { TradeSide } from '../src/market/market.entity';
import { AumBand, ManagerStatus } from '../src/managers/manager.entity';
import { Comparator, FigureBasis, PerformanceMetric, PerformanceSubjectKind } from '../src/performance/performance.enums';
import { EventFiling, Filing, MarketDataFiling } from '../seed/filing-schema';
import { passage, prng, VOCABULARY, zipfSampler } from './synthetic-corpus';

/**
 * Synthetic filings for benchmarks: the shape of the curated filings (every fact cites a document with a
 * verbatim quote), none of their content. Deterministic from a seed. Never loaded into the knowledge
 * base: `npm run gen` writes them into a database file of their own.
 */

export type Scale = 'S' | 'M' | 'L';

export interface ScaleSize {
  managers: number;
  products: number;
  events: number;
  /** Announcement passages (four per announcement). */
  passages: number;
  windows: number;
  episodes: number;
}

/** M is the newsroom scale; S is a tenth of it, L five times. */
export const SCALES: Record<Scale, ScaleSize> = {
  S: { managers: 500, products: 2_000, events: 20_000, passages: 20_000, windows: 200, episodes: 500 },
  M: { managers: 5_000, products: 20_000, events: 200_000, passages: 200_000, windows: 2_000, episodes: 5_000 },
  L: { managers: 25_000, products: 100_000, events: 1_000_000, passages: 1_000_000, windows: 10_000, episodes: 25_000 },
};

export const PASSAGES_PER_ANNOUNCEMENT = 4;

/** Synthetic authorities: two exchanges and regulators, codes that no real filing uses. */
export const SYNTHETIC_AUTHORITIES = [
  { code: 'XEA', nameZh: '合成交易所甲', nameEn: 'Synthetic Exchange A', kind: AuthorityKind.EXCHANGE },
  { code: 'XEB', nameZh: '合成交易所乙', nameEn: 'Synthetic Exchange B', kind: AuthorityKind.EXCHANGE },
  ...Array.from({ length: 8 }, (_, i) => ({
    code: `XR${i + 1}`,
    nameZh: `合成监管机构${i + 1}`,
    nameEn: `Synthetic Regulator ${i + 1}`,
    kind: AuthorityKind.REGULATOR,
  })),
];

export const YEARS = Array.from({ length: 10 }, (_, i) => 2015 + i);

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const managerSlug = (i: number) => `m-${pad(i, 6)}`;
export const productSlug = (i: number) => `p-${pad(i, 7)}`;
export const announcementSlug = (i: number) => `a-${pad(i, 7)}`;
export const eventSlug = (i: number) => `e-${pad(i, 7)}`;
export const windowSlug = (i: number) => `w-${pad(i, 6)}`;
export const episodeSlug = (i: number) => `t-${pad(i, 6)}`;

/** A trading day (Monday to Friday) of the synthetic years, chosen by `random`. */
function weekday(random: () => number): string {
  for (;;) {
    const year = YEARS[Math.floor(random() * YEARS.length)];
    const day = new Date(Date.UTC(year, 0, 1 + Math.floor(random() * 365)));
    const dow = day.getUTCDay();
    if (dow !== 0 && dow !== 6 && day.getUTCFullYear() === year) return day.toISOString().slice(0, 10);
  }
}

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)];

/** A short verbatim quote from a passage: 12 to 30 characters starting anywhere in it. */
function quoteFrom(random: () => number, text: string): string {
  const chars = [...text];
  const length = Math.min(chars.length, 12 + Math.floor(random() * 19));
  const start = Math.floor(random() * (chars.length - length + 1));
  return (
    chars
      .slice(start, start + length)
      .join('')
      .trim() || text
  );
}

export interface SyntheticFilings {
  filings: { file: string; filing: Filing }[];
  size: ScaleSize;
}

type Random = () => number;
type SyntheticFiling = SyntheticFilings['filings'][number];
type Source = { document: string; quote: string };

const NOTE: Source = { document: 'synthetic-curator-note', quote: '本数据集为基准测试合成' };

/** The curator's note, then the announcements (four passages each); everything else quotes them. */
function generateAnnouncements(random: Random, count: number, filings: SyntheticFiling[]): string[][] {
  const bodies: string[][] = [];
  filings.push({
    file: 'synthetic/documents/curator-note.yaml',
    filing: {
      filing: 'announcement',
      id: 'synthetic-curator-note',
      kind: AnnouncementKind.CURATOR_NOTE,
      title: '合成数据说明',
      language: 'zh',
      publishedOn: null,
      body: '本数据集为基准测试合成，交易日历为周一至周五。\n\n合成数据不代表任何真实机构或事件。',
    },
  });
  for (let i = 0; i < count; i += 1) {
    const passages = Array.from({ length: PASSAGES_PER_ANNOUNCEMENT }, () => passage(random));
    bodies.push(passages);
    const date = weekday(random);
    const authority = random() < 0.4 ? pick(random, SYNTHETIC_AUTHORITIES).code : undefined;
    filings.push({
      file: `synthetic/documents/${announcementSlug(i)}.yaml`,
      filing: {
        filing: 'announcement',
        id: announcementSlug(i),
        kind: authority ? AnnouncementKind.AUTHORITY_STATEMENT : AnnouncementKind.ARTICLE,
        title: `${VOCABULARY[Math.floor(random() * 200)]}${VOCABULARY[Math.floor(random() * 2000)]}公告第${i}号`,
        language: 'zh',
        publishedOn: date,
        authority,
        body: passages.join('\n\n'),
      },
    });
  }
  return bodies;
}

/** The authorities, a trading calendar per year (weekdays only) and two indexes, all cited to the curator's note. */
function referenceFilings(): SyntheticFiling[] {
  return [
    { file: 'synthetic/authorities.yaml', filing: { filing: 'authorities', authorities: SYNTHETIC_AUTHORITIES.map((a) => ({ ...a, sources: [NOTE] })) } },
    ...YEARS.map((year): SyntheticFiling => ({
      file: `synthetic/calendar-${year}.yaml`,
      filing: { filing: 'tradingCalendar', id: `synthetic-calendar-${year}`, year, closures: [], sources: [NOTE] },
    })),
    {
      file: 'synthetic/market/instruments.yaml',
      filing: {
        filing: 'instruments',
        instruments: [
          { code: '900001.SH', nameZh: '合成指数甲', nameEn: 'Synthetic Index A', exchange: 'XEA', kind: 'INDEX', sources: [NOTE] },
          { code: '900002.SZ', nameZh: '合成指数乙', nameEn: 'Synthetic Index B', exchange: 'XEB', kind: 'INDEX', sources: [NOTE] },
        ],
      },
    },
  ];
}

/** Managers, each with its products (four on average, at least one); returns the product numbers of each manager. */
function generateManagers(random: Random, size: ScaleSize, cite: () => Source, filings: SyntheticFiling[]): number[][] {
  const productsOf: number[][] = [];
  let product = 0;
  for (let m = 0; m < size.managers; m += 1) {
    const remaining = size.products - product;
    const count =
      m === size.managers - 1
        ? remaining
        : Math.max(1, Math.min(remaining - (size.managers - m - 1), Math.round((size.products / size.managers) * (0.5 + random()))));
    const name = `${VOCABULARY[m % 1500]}${VOCABULARY[(m * 7 + 3) % VOCABULARY.length]}`;
    const ids = Array.from({ length: count }, () => product++);
    productsOf.push(ids);
    filings.push({
      file: `synthetic/managers/${managerSlug(m)}.yaml`,
      filing: {
        filing: 'manager',
        id: managerSlug(m),
        shortName: `${name}投资${m}`,
        legalName: `${name}私募基金管理有限公司${m}`,
        englishName: `Synthetic Manager ${m}`,
        aliases: [],
        notInQuote: [],
        aumBand: pick(random, [AumBand.UNDER_500M, AumBand.OVER_10B, AumBand.UNKNOWN]),
        status: random() < 0.9 ? ManagerStatus.ACTIVE : pick(random, [ManagerStatus.DISSOLVING, ManagerStatus.DEREGISTERED]),
        description: passage(random),
        sources: [cite()],
        people: [],
        products: ids.map((p, k) => ({
          id: productSlug(p),
          name: `${name}${VOCABULARY[(p * 13) % 3000]}${k + 1}号`,
          aliases: [],
          isFlagship: k === 0,
          strategy: pick(random, ['指数增强', '市场中性', '多空', 'DMA', '雪球']),
          sources: [cite()],
        })),
      },
    });
  }
  return productsOf;
}

type SyntheticEpisode = MarketDataFiling['episodes'][number];

/** Market windows (one minute) on both instruments, and trading episodes inside some of them; returns the episodes. */
function generateMarketData(
  random: Random,
  size: ScaleSize,
  managerZipf: (random: Random) => number,
  cite: () => Source,
  filings: SyntheticFiling[],
): SyntheticEpisode[] {
  const windows = Array.from({ length: size.windows }, (_, i) => {
    const date = weekday(random);
    const minute = 30 + Math.floor(random() * 29);
    const start = `${date}T09:${pad(minute, 2)}:00+08:00`;
    const end = `${date}T09:${pad(minute + 1, 2)}:00+08:00`;
    const startLevel = Math.round((2000 + random() * 2000) * 100) / 100;
    const endLevel = Math.round(startLevel * (1 + (random() - 0.5) / 50) * 100) / 100;
    return {
      id: windowSlug(i),
      instrument: i % 2 === 0 ? '900001.SH' : '900002.SZ',
      exchange: i % 2 === 0 ? 'XEA' : 'XEB',
      start,
      end,
      startLevel,
      endLevel,
      turnover: `${(100 + Math.floor(random() * 300)).toFixed(2)} 亿`,
      notInQuote: [],
      sources: [cite()],
    };
  });
  const episodes = Array.from({ length: size.episodes }, (_, i) => {
    const w = windows[Math.floor(random() * windows.length)];
    return {
      id: episodeSlug(i),
      manager: managerSlug(managerZipf(random)),
      exchange: w.exchange,
      side: TradeSide.SELL,
      amount: `${(1 + random() * 20).toFixed(2)} 亿`,
      start: w.start,
      end: w.end,
      notInQuote: [],
      sources: [cite()],
    };
  });
  filings.push({
    file: 'synthetic/market/windows.yaml',
    filing: { filing: 'marketData', windows: windows.map(({ exchange, ...w }) => w), episodes },
  });
  return episodes;
}

/** Events of each type by a fixed mix. */
const EVENT_MIX: [EventType, number][] = [
  [EventType.EXCHANGE_PENALTY, 0.2],
  [EventType.TRADING_SUSPENSION, 0.1],
  [EventType.LIQUIDATION_NOTICE, 0.15],
  [EventType.REGULATORY_MEASURE, 0.2],
  [EventType.PERFORMANCE_DISCLOSURE, 0.25],
  [EventType.MARKET_RUMOR, 0.1],
];

/** What one event was drawn with before its type's own fields. */
interface EventDraw {
  date: string;
  exchange: string;
  manager: number;
  products: number[];
  cite: () => Source;
}

/** The fields an event of each type needs, added to `base` in a fixed order of draws from `random`. */
const EVENT_DETAILS: Record<EventType, (random: Random, base: EventFiling, draw: EventDraw) => void> = {
  [EventType.EXCHANGE_PENALTY]: (random, base, { exchange }) => {
    Object.assign(base, {
      authority: exchange,
      measure: pick(random, [Measure.PUBLIC_REPRIMAND, Measure.WRITTEN_WARNING, Measure.CIRCULATED_CRITICISM]),
      measureCategory: MeasureCategory.DISCIPLINARY_SANCTION,
      stage: pick(random, [SanctionStage.INITIATED, SanctionStage.DECIDED]),
      ruleCited: `合成交易规则第${1 + Math.floor(random() * 90)}条`,
    });
  },
  [EventType.TRADING_SUSPENSION]: (random, base, { date, exchange }) => {
    Object.assign(base, { authority: exchange, startDate: date, tradingDays: 1 + Math.floor(random() * 5), scope: '限制交易' });
  },
  [EventType.LIQUIDATION_NOTICE]: (random, base, { products }) => {
    Object.assign(base, { liquidationKind: products.length && random() < 0.8 ? LiquidationKind.PRODUCT_LIQUIDATION : LiquidationKind.MANAGER_DISSOLUTION });
  },
  [EventType.REGULATORY_MEASURE]: (random, base) => {
    Object.assign(base, {
      authority: pick(random, SYNTHETIC_AUTHORITIES.slice(2)).code,
      measure: pick(random, [Measure.WARNING_LETTER, Measure.ORDER_TO_CORRECT, Measure.REGULATORY_TALK]),
      measureCategory: MeasureCategory.ADMINISTRATIVE_MEASURE,
    });
  },
  [EventType.PERFORMANCE_DISCLOSURE]: (random, base, { date, manager, cite }) => {
    base.dataVendor = pick(random, ['合成数据商甲', '合成数据商乙']);
    base.asOf = date;
    base.figures = [
      {
        subject: PerformanceSubjectKind.MANAGER,
        manager: managerSlug(manager),
        metric: pick(random, [PerformanceMetric.RETURN, PerformanceMetric.DRAWDOWN, PerformanceMetric.AVERAGE_RETURN]),
        comparator: Comparator.EQUAL,
        valuePercent: Math.round((random() - 0.6) * 4000) / 100,
        periodLabel: `${date.slice(0, 4)}年以来`,
        asOf: date,
        dataVendor: base.dataVendor,
        basis: FigureBasis.DATA_VENDOR,
        notInQuote: [],
        curatorsWords: [],
        sources: [cite()],
      },
    ];
  },
  [EventType.MARKET_RUMOR]: (random, base) => {
    Object.assign(base, { claim: passage(random), rumorStatus: pick(random, [RumorStatus.DENIED, RumorStatus.UNVERIFIED]) });
  },
};

/** Event `i`: its manager drawn by Zipf (a few managers are in most of the news), its type by EVENT_MIX. */
function generateEvent(
  random: Random,
  i: number,
  managerZipf: (random: Random) => number,
  productsOf: number[][],
  episodes: SyntheticEpisode[],
  cite: () => Source,
): EventFiling {
  let roll = random();
  const type = EVENT_MIX.find(([, share]) => (roll -= share) < 0)?.[0] ?? EventType.MARKET_RUMOR;
  const manager = managerZipf(random);
  const products = productsOf[manager];
  const date = weekday(random);
  const exchange = random() < 0.5 ? 'XEA' : 'XEB';
  const base: EventFiling = {
    filing: 'event',
    id: eventSlug(i),
    type,
    date,
    datePrecision: 'DAY' as EventFiling['datePrecision'],
    title: `${VOCABULARY[Math.floor(random() * 300)]}${VOCABULARY[Math.floor(random() * 3000)]}事件${i}`,
    titleEn: `Synthetic event ${i}`,
    summary: passage(random),
    managers: [managerSlug(manager)],
    products: random() < 0.3 ? [productSlug(pick(random, products))] : [],
    tradingEpisodes: [],
    notInQuote: [],
    curatorsWords: [],
    figures: [],
    denials: [],
    sources: random() < 0.5 ? [cite()] : [cite(), cite()],
  };
  EVENT_DETAILS[type](random, base, { date, exchange, manager, products, cite });
  if (type === EventType.EXCHANGE_PENALTY && random() < 0.3) {
    const episode = episodes[Math.floor(random() * episodes.length)];
    if (episode.exchange === exchange) base.tradingEpisodes = [episode.id];
  }
  return base;
}

/** The filings of a scale (or of any size: specs use small ones), the same for the same seed on every machine. */
export function generateFilings(scale: Scale | ScaleSize, seed = 1): SyntheticFilings {
  const size = typeof scale === 'string' ? SCALES[scale] : scale;
  const random = prng(seed);
  const filings: SyntheticFiling[] = [];
  const managerZipf = zipfSampler(size.managers, 1.0);
  const announcementCount = Math.ceil(size.passages / PASSAGES_PER_ANNOUNCEMENT);
  const bodies = generateAnnouncements(random, announcementCount, filings);
  const cite = (): Source => {
    const a = Math.floor(random() * announcementCount);
    return { document: announcementSlug(a), quote: quoteFrom(random, pick(random, bodies[a])) };
  };
  filings.push(...referenceFilings());
  const productsOf = generateManagers(random, size, cite, filings);
  const episodes = generateMarketData(random, size, managerZipf, cite, filings);
  for (let i = 0; i < size.events; i += 1) {
    filings.push({ file: `synthetic/events/${eventSlug(i)}.yaml`, filing: generateEvent(random, i, managerZipf, productsOf, episodes, cite) });
  }
  return { filings, size };
}
