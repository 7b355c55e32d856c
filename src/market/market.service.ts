import { DataSource } from 'typeorm';
import { perDataVersion } from '../database/data-version';
import { listedKnown, UnknownValuesError } from '../core/errors';
import { findIn } from '../core/find-in';
import { sqlOf } from '../core/sql';
import type { PageArgs } from '../core/connection';
import { Connection, paginate } from '../core/pagination';
import { toShanghaiIso } from '../core/time';
import { MarketBar } from './market-bar.entity';
import { BARS_WINDOW_PREFIX, Instrument, MarketDataWindow, TradingEpisode, WindowBasis } from './market.entity';
import { formatYi } from '../core/money';

/** How many instruments a message about an unknown one lists. */
const LISTED_INSTRUMENTS = 20;

export interface WindowListFilter {
  instrumentCode?: string;
  from?: string;
  to?: string;
}

/** An episode and a window of the same exchange whose intervals overlap. */
export interface EpisodeWindowLink {
  episodeKey: string;
  windowKey: string;
}

export interface TurnoverShareValue {
  percent: number;
  window: MarketDataWindow;
  basis: WindowBasis;
  episodeSeconds: number;
  windowSeconds: number;
  sameInterval: boolean;
  note: string;
}

function shareAgainst(episode: TradingEpisode, window: MarketDataWindow): TurnoverShareValue {
  const percent = Math.round((episode.amountCny / window.turnoverCny!) * 10000) / 100;
  const sameInterval = window.startAt === episode.startAt && window.endAt === episode.endAt;
  const span = (start: string, end: string) => `${start.slice(11, 19)}–${end.slice(11, 19)}`;
  const source = window.basis === WindowBasis.BARS ? 'summed from imported bars' : 'as the source states it';
  const note = sameInterval
    ? `${formatYi(episode.amountCny)} traded in ${span(episode.startAt, episode.endAt)} against the ${formatYi(window.turnoverCny!)} turnover of ${window.instrumentCode} in the same ${window.durationSeconds} s (${source}).`
    : `${formatYi(episode.amountCny)} traded in ${episode.durationSeconds} s (${span(episode.startAt, episode.endAt)}) against the ${formatYi(window.turnoverCny!)} turnover of ${window.instrumentCode} over the whole ${window.durationSeconds} s window ${span(window.startAt, window.endAt)} (${source}); the turnover within the episode's own interval is not known, so this is a share of a longer window.`;
  return { percent, window, basis: window.basis, episodeSeconds: episode.durationSeconds, windowSeconds: window.durationSeconds, sameInterval, note };
}

/** Reads instruments, market-data windows and trading episodes, and links them by time. */
export class MarketService {
  /** The longest episode and the longest window, which bound the index scans that link them: read once per data version. */
  private readonly longestIntervals: () => Promise<{ episodeMs: number; windowMs: number }>;

  constructor(private readonly dataSource: DataSource) {
    this.longestIntervals = perDataVersion(dataSource, async () => {
      const longestOf = (rows: { startAt: string; endAt: string }[]) => rows.reduce((max, r) => Math.max(max, Date.parse(r.endAt) - Date.parse(r.startAt)), 0);
      const sql = sqlOf(dataSource);
      return {
        episodeMs: longestOf(await sql.all('SELECT "startAt", "endAt" FROM trading_episode')),
        windowMs: longestOf(await sql.all('SELECT "startAt", "endAt" FROM market_window')),
      };
    });
  }

  instrumentsOfExchange(exchangeCode: string): Promise<Instrument[]> {
    return this.dataSource.getRepository(Instrument).find({ where: { exchangeCode }, order: { code: 'ASC' } });
  }

  /**
   * The window [start, end) of an instrument computed from its bars: the open of the bar starting at
   * `start`, the close of the bar ending at `end`, the turnover summed. Null unless bars start exactly at
   * `start` and end exactly at `end` (gaps inside, such as the lunch break, are allowed).
   */
  async windowFromBars(instrumentCode: string, start: string, end: string): Promise<MarketDataWindow | null> {
    const from = toShanghaiIso(start);
    const to = toShanghaiIso(end);
    if (from >= to) return null;
    // Three reads of one row each, whatever the window's length: its first bar, its last, and the
    // turnover summed by the database (a window over a year of minute bars holds 60,000 of them).
    // getOne() alone would fetch every row and keep the first: the LIMIT is what makes it one.
    const inWindow = () =>
      this.dataSource
        .getRepository(MarketBar)
        .createQueryBuilder('bar')
        .where('bar.instrumentCode = :instrumentCode AND bar.time >= :from AND bar.time < :to', { instrumentCode, from, to });
    const first = await inWindow().orderBy('bar.time', 'ASC').limit(1).getOne();
    if (!first || first.time !== from) return null;
    const last = (await inWindow().orderBy('bar.time', 'DESC').limit(1).getOne())!;
    if (toShanghaiIso(new Date(Date.parse(last.time) + last.intervalSeconds * 1000).toISOString()) !== to) return null;
    const { fen } = (await inWindow().select('SUM(ROUND(bar.turnoverCny * 100))', 'fen').getRawOne<{ fen: string | number }>())!;
    return Object.assign(new MarketDataWindow(), {
      key: `${BARS_WINDOW_PREFIX}${instrumentCode}:${from}:${to}`,
      instrumentCode,
      startAt: from,
      endAt: to,
      startLevel: first.open,
      endLevel: last.close,
      changePercentStated: null,
      turnoverCny: Number(fen) / 100,
    });
  }

  /** A window computed from bars, by its key ("bars:<instrument>:<start>:<end>"); null when the key is not one. */
  windowFromBarsKey(key: string): Promise<MarketDataWindow | null> {
    const m = /^bars:([^:]+):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?\+08:00):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?\+08:00)$/.exec(key);
    return m && isCalendarInstant(m[2]) && isCalendarInstant(m[3]) ? this.windowFromBars(m[1], m[2], m[3]) : Promise.resolve(null);
  }

  /** Episodes on an exchange whose interval overlaps [start, end). */
  episodesOverlapping(exchangeCode: string, start: string, end: string): Promise<TradingEpisode[]> {
    return this.dataSource
      .getRepository(TradingEpisode)
      .createQueryBuilder('episode')
      .where('episode.exchangeCode = :exchangeCode AND episode.startAt < :end AND :start < episode.endAt', { exchangeCode, start, end })
      .orderBy('episode.startAt', 'ASC')
      .getMany();
  }

  /** Bars of an instrument starting in [start, end), in time order; at most `limit` of them. */
  barsBetween(instrumentCode: string, start: string, end: string, limit: number): Promise<MarketBar[]> {
    return this.dataSource
      .getRepository(MarketBar)
      .createQueryBuilder('bar')
      .where('bar.instrumentCode = :instrumentCode AND bar.time >= :start AND bar.time < :end', {
        instrumentCode,
        start: toShanghaiIso(start),
        end: toShanghaiIso(end),
      })
      .orderBy('bar.time', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * What an episode's amount is set against: imported bars covering exactly its interval when there are
   * any (the share of what traded while it traded), otherwise the first of `windowsAround` with a
   * turnover, which may be longer than the episode; the note says which.
   */
  async turnoverShare(episode: TradingEpisode, windowsAround: MarketDataWindow[]): Promise<TurnoverShareValue | null> {
    for (const instrument of await this.instrumentsOfExchange(episode.exchangeCode)) {
      const exact = await this.windowFromBars(instrument.code, episode.startAt, episode.endAt);
      if (exact?.turnoverCny) return shareAgainst(episode, exact);
    }
    const window = windowsAround.find((w) => w.turnoverCny);
    return window ? shareAgainst(episode, window) : null;
  }

  /**
   * Throws UnknownValuesError when `code` is no instrument's, listing the instruments (the first
   * LISTED_INSTRUMENTS and how many more): the one check every filter by instrument goes through.
   */
  async requireInstrument(code: string | undefined, argument = 'instrumentCode'): Promise<void> {
    if (!code || (await this.instrumentsByCodes([code])).length > 0) return;
    const [listed, total] = await this.dataSource.getRepository(Instrument).findAndCount({ order: { code: 'ASC' }, take: LISTED_INSTRUMENTS });
    const known = listedKnown(
      listed.map((i) => `${i.code} (${i.nameZh})`),
      total,
      'instruments',
      'there are no instruments',
    );
    throw new UnknownValuesError(argument, [code], 'the code of an instrument', known);
  }

  instrumentsByCodes(codes: readonly string[]): Promise<Instrument[]> {
    return findIn(this.dataSource, Instrument, 'code', codes);
  }

  windowsByKeys(keys: readonly string[]): Promise<MarketDataWindow[]> {
    return findIn(this.dataSource, MarketDataWindow, 'key', keys);
  }

  episodesByKeys(keys: readonly string[]): Promise<TradingEpisode[]> {
    return findIn(this.dataSource, TradingEpisode, 'key', keys);
  }

  episodesByManagerKeys(managerKeys: readonly string[]): Promise<TradingEpisode[]> {
    return findIn(this.dataSource, TradingEpisode, 'managerKey', managerKeys, { startAt: 'ASC', key: 'ASC' });
  }

  /**
   * Windows overlapping [from, to): a window that ends after `from` and starts before `to`. No window
   * is longer than the longest, so one starting before `from` by more than that cannot overlap: the
   * index on startAt is read from there, not from the first window. An instrument that does not
   * exist is refused, never answered empty.
   */
  async listWindows(filter: WindowListFilter = {}, page: PageArgs): Promise<Connection<MarketDataWindow>> {
    await this.requireInstrument(filter.instrumentCode);
    const query = this.dataSource.getRepository(MarketDataWindow).createQueryBuilder('window');
    if (filter.instrumentCode) query.andWhere('window.instrumentCode = :code', { code: filter.instrumentCode });
    if (filter.from) {
      const from = toShanghaiIso(filter.from);
      const { windowMs } = await this.longestIntervals();
      query.andWhere('window.endAt > :from AND window.startAt >= :reach', { from, reach: toShanghaiIso(new Date(Date.parse(from) - windowMs).toISOString()) });
    }
    if (filter.to) query.andWhere('window.startAt < :to', { to: toShanghaiIso(filter.to) });
    return paginate(query, page, [
      { expression: 'window.startAt', property: 'startAt', direction: 'ASC' },
      { expression: 'window.key', property: 'key', direction: 'ASC' },
    ]);
  }

  /**
   * Links by time: each episode to every window of an instrument on the same exchange whose interval
   * overlaps the episode's. Instants are stored in +08:00, so text comparison is time order. For each
   * anchor, one index range scan from (its start - the longest interval of the other kind) to its end:
   * the cost is the overlapping rows, not the table.
   */
  private async overlapping(
    anchors: { key: string; exchangeCode: string; startAt: string; endAt: string }[],
    side: 'windows' | 'episodes',
  ): Promise<EpisodeWindowLink[]> {
    if (anchors.length === 0) return [];
    const { episodeMs, windowMs } = await this.longestIntervals();
    const reach = side === 'windows' ? windowMs : episodeMs;
    const found: { episodeKey: string; windowKey: string; order: [string, string] }[] = [];
    // SQLite allows 500 terms in a compound SELECT: anchors go 200 to a statement.
    for (let first = 0; first < anchors.length; first += 200) {
      const chunk = anchors.slice(first, first + 200);
      const params: unknown[] = [];
      const branches = chunk.map((a, n) => {
        params.push(a.exchangeCode, a.endAt, toShanghaiIso(new Date(Date.parse(a.startAt) - reach).toISOString()), a.startAt);
        return side === 'windows'
          ? `SELECT * FROM (SELECT ${n} AS anchor, w."key" AS "key", w."startAt" AS "startAt" FROM instrument i JOIN market_window w ON w."instrumentCode" = i."code" WHERE i."exchangeCode" = ? AND w."startAt" < ? AND w."startAt" >= ? AND w."endAt" > ?) AS overlap${n}`
          : `SELECT * FROM (SELECT ${n} AS anchor, e."key" AS "key", e."startAt" AS "startAt" FROM trading_episode e WHERE e."exchangeCode" = ? AND e."startAt" < ? AND e."startAt" >= ? AND e."endAt" > ?) AS overlap${n}`;
      });
      for (const row of await sqlOf(this.dataSource).all<{ anchor: number; key: string; startAt: string }>(branches.join(' UNION ALL '), params)) {
        const anchor = chunk[row.anchor];
        found.push(
          side === 'windows'
            ? { episodeKey: anchor.key, windowKey: row.key, order: [row.startAt, anchor.startAt] }
            : { episodeKey: row.key, windowKey: anchor.key, order: [anchor.startAt, row.startAt] },
        );
      }
    }
    // Window start order, then episode start, across every statement.
    const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    return found
      .sort((a, b) => compare(a.order[0], b.order[0]) || compare(a.order[1], b.order[1]))
      .map(({ episodeKey, windowKey }) => ({ episodeKey, windowKey }));
  }

  /** Windows overlapping each episode, window start order (then episode start). */
  async linksOfEpisodes(episodeKeys: readonly string[]): Promise<EpisodeWindowLink[]> {
    const episodes = await this.episodesByKeys(episodeKeys);
    return this.overlapping(
      episodes.map((e) => ({ key: e.key, exchangeCode: e.exchangeCode, startAt: e.startAt, endAt: e.endAt })),
      'windows',
    );
  }

  /** Episodes overlapping each window, window start order (then episode start). */
  async linksOfWindows(windowKeys: readonly string[]): Promise<EpisodeWindowLink[]> {
    if (windowKeys.length === 0) return [];
    const windows = await sqlOf(this.dataSource).all<{ key: string; exchangeCode: string; startAt: string; endAt: string }>(
      `SELECT w."key", i."exchangeCode", w."startAt", w."endAt" FROM market_window w JOIN instrument i ON i."code" = w."instrumentCode" WHERE w."key" IN (${windowKeys.map(() => '?').join(', ')})`,
      [...windowKeys],
    );
    return this.overlapping(windows, 'episodes');
  }
}

/** A +08:00 time of the calendar: Date.parse refuses 2024-13-45 but rolls 2024-02-30 over to March, so the time must also read back the same. */
function isCalendarInstant(time: string): boolean {
  return !Number.isNaN(Date.parse(time)) && toShanghaiIso(time).slice(0, 19) === time.slice(0, 19);
}
