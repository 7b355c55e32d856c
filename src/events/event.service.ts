import { DataSource } from 'typeorm';
import { AuthorityService } from '../authorities/authority.service';
import { findIn } from '../core/find-in';
import { ManagerService } from '../managers/manager.service';
import { sqlOf } from '../core/sql';
import { Connection, decodeCursor, PageArgs, pageSize, paginate, SortKey } from '../core/pagination';
import { EventEpisode, EventManager, EventProduct, EventRecord, RumorDenial } from './event.entity';
import { EventType, Measure, SanctionStage } from './event.enums';

export interface EventListFilter {
  types?: EventType[];
  /** Codes, or names the authorities' records give: resolved to codes before the query. */
  authorities?: string[];
  managerSlugs?: string[];
  measures?: Measure[];
  stages?: SanctionStage[];
  from?: string;
  to?: string;
}

/** Newest first; the key breaks ties so that cursors are stable. */
export const EVENT_ORDER: SortKey[] = [
  { expression: 'event.date', property: 'date', direction: 'DESC' },
  { expression: 'event.key', property: 'key', direction: 'DESC' },
];

/** Orders loaded events the way `events` lists them: newest first, then by key descending. */
export function compareEventsNewestFirst(a: EventRecord, b: EventRecord): number {
  return a.date === b.date ? (a.key < b.key ? 1 : a.key > b.key ? -1 : 0) : a.date < b.date ? 1 : -1;
}

/**
 * Reads events and what links them to managers, products, episodes and denials. A filter naming an
 * authority or a manager that does not exist is refused (UnknownValuesError), never answered empty.
 */
export class EventService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly authorities: AuthorityService,
    private readonly managers: ManagerService,
  ) {}

  findByKeys(keys: readonly string[]): Promise<EventRecord[]> {
    return findIn(this.dataSource, EventRecord, 'key', keys);
  }

  async list(filter: EventListFilter = {}, page: PageArgs): Promise<Connection<EventRecord>> {
    return paginate(this.filtered(await this.checked(filter)), page, EVENT_ORDER);
  }

  /** Every event matching the filter, oldest first, at most `limit`. */
  async findAll(filter: EventListFilter, limit: number): Promise<EventRecord[]> {
    return this.filtered(await this.checked(filter)).orderBy('event.date', 'ASC').addOrderBy('event.key', 'ASC').take(limit).getMany();
  }

  /** The filter with its authorities as codes; unknown authorities and managers refused. */
  private async checked(filter: EventListFilter): Promise<EventListFilter> {
    await this.managers.requireSlugs(filter.managerSlugs);
    return { ...filter, authorities: await this.authorities.resolveCodes(filter.authorities) };
  }

  private filtered(filter: EventListFilter) {
    const query = this.dataSource.getRepository(EventRecord).createQueryBuilder('event');
    if (filter.types?.length) query.andWhere('event.type IN (:...types)', { types: filter.types });
    if (filter.authorities?.length) query.andWhere('event.authorityCode IN (:...authorities)', { authorities: filter.authorities });
    if (filter.managerSlugs?.length) {
      query.andWhere(
        'event.key IN (SELECT em."eventKey" FROM event_manager em INNER JOIN manager m ON m.key = em."managerKey" WHERE m.slug IN (:...managerSlugs))',
        { managerSlugs: filter.managerSlugs },
      );
    }
    if (filter.measures?.length) {
      // A trading suspension is the measure TRADING_SUSPENSION whether or not its filing says so.
      const suspensions = filter.measures.includes(Measure.TRADING_SUSPENSION);
      query.andWhere(suspensions ? '(event.measure IN (:...measures) OR event.type = :suspension)' : 'event.measure IN (:...measures)', {
        measures: filter.measures,
        suspension: EventType.TRADING_SUSPENSION,
      });
    }
    if (filter.stages?.length) query.andWhere('event.stage IN (:...stages)', { stages: filter.stages });
    if (filter.from) query.andWhere('event.date >= :from', { from: filter.from });
    if (filter.to) query.andWhere('event.date <= :to', { to: filter.to });
    return query;
  }

  /**
   * One page of each manager's events (newest first), with each manager's total: one statement for the
   * pages (a LIMIT per manager, read from the index on managerKey, date, eventKey, so a manager with
   * many events costs no more than one with few) and one for the counts.
   */
  async pagesOfManagers(managerKeys: readonly string[], types: EventType[] | null, args: PageArgs): Promise<Map<string, { eventKeys: string[]; hasMore: boolean; totalCount: number }>> {
    const { forward, size } = pageSize(args);
    const after = args.after ? decodeCursor(args.after, EVENT_ORDER, 'after') : null;
    const before = args.before ? decodeCursor(args.before, EVENT_ORDER, 'before') : null;
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return '?';
    };
    const typeFilter = () => (types?.length ? ` AND "type" IN (${types.map(p).join(', ')})` : '');
    const beyond = (cursor: unknown[] | null, older: boolean) => {
      if (!cursor) return '';
      const op = older ? '<' : '>';
      return ` AND ("date" ${op} ${p(cursor[0])} OR ("date" = ${p(cursor[0])} AND "eventKey" ${op} ${p(cursor[1])}))`;
    };
    const unique = [...new Set(managerKeys)];
    const result = new Map(unique.map((key) => [key, { eventKeys: [] as string[], hasMore: false, totalCount: 0 }]));
    if (unique.length === 0) return result;
    const direction = forward ? 'DESC' : 'ASC';
    for (let i = 0; i < unique.length; i += 200) {
      const chunk = unique.slice(i, i + 200);
      params.length = 0;
      const branches = chunk.map(
        (key, n) =>
          `SELECT * FROM (SELECT "managerKey", "eventKey" FROM event_manager WHERE "managerKey" = ${p(key)}${typeFilter()}${beyond(after, true)}${beyond(before, false)} ` +
          `ORDER BY "date" ${direction}, "eventKey" ${direction} LIMIT ${p(size + 1)}) AS page${n}`,
      );
      const rows = await sqlOf(this.dataSource).all<{ managerKey: string; eventKey: string }>(branches.join(' UNION ALL '), [...params]);
      for (const row of rows) result.get(row.managerKey)!.eventKeys.push(row.eventKey);
      params.length = 0;
      const counts = await sqlOf(this.dataSource).all<{ managerKey: string; count: number | string }>(
        `SELECT "managerKey", COUNT(*) AS "count" FROM event_manager WHERE "managerKey" IN (${chunk.map(p).join(', ')})${typeFilter()} GROUP BY "managerKey"`,
        [...params],
      );
      for (const row of counts) result.get(row.managerKey)!.totalCount = Number(row.count);
    }
    for (const page of result.values()) {
      page.hasMore = page.eventKeys.length > size;
      page.eventKeys = page.eventKeys.slice(0, size);
      if (!forward) page.eventKeys.reverse();
    }
    return result;
  }

  managerLinksOfEvents(eventKeys: readonly string[]): Promise<EventManager[]> {
    return findIn(this.dataSource, EventManager, 'eventKey', eventKeys, { position: 'ASC' });
  }

  managerLinksOfManagers(managerKeys: readonly string[]): Promise<EventManager[]> {
    return findIn(this.dataSource, EventManager, 'managerKey', managerKeys);
  }

  productLinksOfEvents(eventKeys: readonly string[]): Promise<EventProduct[]> {
    return findIn(this.dataSource, EventProduct, 'eventKey', eventKeys, { position: 'ASC' });
  }

  productLinksOfProducts(productKeys: readonly string[]): Promise<EventProduct[]> {
    return findIn(this.dataSource, EventProduct, 'productKey', productKeys);
  }

  episodeLinksOfEvents(eventKeys: readonly string[]): Promise<EventEpisode[]> {
    return findIn(this.dataSource, EventEpisode, 'eventKey', eventKeys, { episodeKey: 'ASC' });
  }

  episodeLinksOfEpisodes(episodeKeys: readonly string[]): Promise<EventEpisode[]> {
    return findIn(this.dataSource, EventEpisode, 'episodeKey', episodeKeys);
  }

  denialsOfEvents(eventKeys: readonly string[]): Promise<RumorDenial[]> {
    return findIn(this.dataSource, RumorDenial, 'eventKey', eventKeys, { position: 'ASC' });
  }
}
