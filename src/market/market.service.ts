import { DataSource } from 'typeorm';
import { findIn } from '../core/find-in';
import { Connection, PageArgs, paginate } from '../core/pagination';
import { toShanghaiIso } from '../core/time';
import { Instrument, MarketDataWindow, TradingEpisode } from './market.entity';

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

/** Reads instruments, market-data windows and trading episodes, and links them by time. */
export class MarketService {
  constructor(private readonly dataSource: DataSource) {}

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

  /** Windows overlapping [from, to): a window that ends after `from` and starts before `to`. */
  listWindows(filter: WindowListFilter = {}, page: PageArgs): Promise<Connection<MarketDataWindow>> {
    const query = this.dataSource.getRepository(MarketDataWindow).createQueryBuilder('window');
    if (filter.instrumentCode) query.andWhere('window.instrumentCode = :code', { code: filter.instrumentCode });
    if (filter.from) query.andWhere('window.endAt > :from', { from: toShanghaiIso(filter.from) });
    if (filter.to) query.andWhere('window.startAt < :to', { to: toShanghaiIso(filter.to) });
    return paginate(query, page, [
      { expression: 'window.startAt', property: 'startAt', direction: 'ASC' },
      { expression: 'window.key', property: 'key', direction: 'ASC' },
    ]);
  }

  /**
   * Links by time: each episode to every window of an instrument on the same exchange whose
   * interval overlaps the episode's. Instants are stored in +08:00, so text comparison is time order.
   */
  private overlapQuery() {
    return this.dataSource
      .createQueryBuilder()
      .select('episode.key', 'episodeKey')
      .addSelect('window.key', 'windowKey')
      .from(TradingEpisode, 'episode')
      .innerJoin(Instrument, 'instrument', 'instrument.exchangeCode = episode.exchangeCode')
      .innerJoin(MarketDataWindow, 'window', 'window.instrumentCode = instrument.code AND window.startAt < episode.endAt AND episode.startAt < window.endAt')
      .orderBy('window.startAt', 'ASC')
      .addOrderBy('episode.startAt', 'ASC');
  }

  linksOfEpisodes(episodeKeys: readonly string[]): Promise<EpisodeWindowLink[]> {
    if (episodeKeys.length === 0) return Promise.resolve([]);
    return this.overlapQuery().where('episode.key IN (:...keys)', { keys: [...episodeKeys] }).getRawMany();
  }

  linksOfWindows(windowKeys: readonly string[]): Promise<EpisodeWindowLink[]> {
    if (windowKeys.length === 0) return Promise.resolve([]);
    return this.overlapQuery().where('window.key IN (:...keys)', { keys: [...windowKeys] }).getRawMany();
  }
}
