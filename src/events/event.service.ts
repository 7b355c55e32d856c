import { BadUserInputError } from '../core/errors';
import { DataSource } from 'typeorm';
import { AuthorityService } from '../authorities/authority.service';
import { findIn } from '../core/find-in';
import { ManagerService } from '../managers/manager.service';
import { sqlOf } from '../core/sql';
import type { PageArgs } from '../core/connection';
import { Connection, KeysetPage, keysetPage, paginate, SortKey } from '../core/pagination';
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

/** EVENT_ORDER over event_manager, which copies each event's date: the same order, and so the same cursors. */
const MANAGER_EVENT_ORDER: SortKey[] = [
  { expression: '"date"', property: 'date', direction: 'DESC' },
  { expression: '"eventKey"', property: 'key', direction: 'DESC' },
];

/** One manager's page of event keys, in list order. */
export interface ManagerEventPage {
  eventKeys: string[];
  hasMore: boolean;
  totalCount: number;
}

/** An SQL statement with `?` placeholders and its values, `p` taking each value in text order. */
function statement(write: (p: (value: unknown) => string) => string): [string, unknown[]] {
  const params: unknown[] = [];
  const sql = write((value) => {
    params.push(value);
    return '?';
  });
  return [sql, params];
}

/** The condition on event kinds, null for every kind. */
function typeCondition(types: EventType[] | null, p: (value: unknown) => string): string | null {
  return types?.length ? `"type" IN (${types.map(p).join(', ')})` : null;
}

/** One manager's page from event_manager: its rows beyond the cursors, in reading order, keyset.limit of them. */
function managerPageSql(managerKey: string, types: EventType[] | null, keyset: KeysetPage, p: (value: unknown) => string): string {
  const where = [`"managerKey" = ${p(managerKey)}`, typeCondition(types, p), keyset.condition(p)].filter(Boolean).join(' AND ');
  const order = keyset.order.map(({ expression, direction }) => `${expression} ${direction}`).join(', ');
  return `SELECT "managerKey", "eventKey" FROM event_manager WHERE ${where} ORDER BY ${order} LIMIT ${p(keyset.limit)}`;
}

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
    return this.filtered(await this.checked(filter))
      .orderBy('event.date', 'ASC')
      .addOrderBy('event.key', 'ASC')
      .take(limit)
      .getMany();
  }

  /** The filter with its authorities as codes; unknown authorities and managers refused. */
  private async checked(filter: EventListFilter): Promise<EventListFilter> {
    await this.managers.requireSlugs(filter.managerSlugs);
    return { ...filter, authorities: await this.authorities.resolveCodes(filter.authorities) };
  }

  private filtered(filter: EventListFilter) {
    // An empty range is a mistake of the asker's (the dates swapped), not an empty answer.
    if (filter.from && filter.to && filter.from > filter.to) throw new BadUserInputError(`"from" (${filter.from}) is after "to" (${filter.to})`, 'filter');
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
   * many events costs no more than one with few) and one for the counts. Pages, cursors and sizes are
   * paginate's (keysetPage), over event_manager's copy of each event's date.
   */
  async pagesOfManagers(managerKeys: readonly string[], types: EventType[] | null, args: PageArgs): Promise<Map<string, ManagerEventPage>> {
    const keyset = keysetPage(args, MANAGER_EVENT_ORDER);
    const unique = [...new Set(managerKeys)];
    const rowsOf = new Map(unique.map((key) => [key, [] as string[]]));
    const totals = new Map<string, number>();
    for (let i = 0; i < unique.length; i += 200) {
      const chunk = unique.slice(i, i + 200);
      const pages = statement((p) => chunk.map((key, n) => `SELECT * FROM (${managerPageSql(key, types, keyset, p)}) AS page${n}`).join(' UNION ALL '));
      for (const row of await sqlOf(this.dataSource).all<{ managerKey: string; eventKey: string }>(...pages)) rowsOf.get(row.managerKey)!.push(row.eventKey);
      const counts = statement((p) => {
        const where = [`"managerKey" IN (${chunk.map(p).join(', ')})`, typeCondition(types, p)].filter(Boolean).join(' AND ');
        return `SELECT "managerKey", COUNT(*) AS "count" FROM event_manager WHERE ${where} GROUP BY "managerKey"`;
      });
      for (const row of await sqlOf(this.dataSource).all<{ managerKey: string; count: number | string }>(...counts))
        totals.set(row.managerKey, Number(row.count));
    }
    return new Map(
      unique.map((key) => {
        const { nodes, hasMore } = keyset.pageOf(rowsOf.get(key)!);
        return [key, { eventKeys: nodes, hasMore, totalCount: totals.get(key) ?? 0 }];
      }),
    );
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
