import { DataSource } from 'typeorm';
import { findIn } from '../core/find-in';
import { Connection, PageArgs, paginate, SortKey } from '../core/pagination';
import { EventEpisode, EventManager, EventProduct, EventRecord, RumorDenial } from './event.entity';
import { EventType } from './event.enums';

export interface EventListFilter {
  types?: EventType[];
  authorities?: string[];
  managerSlugs?: string[];
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

/** Reads events and what links them to managers, products, episodes and denials. */
export class EventService {
  constructor(private readonly dataSource: DataSource) {}

  findByKeys(keys: readonly string[]): Promise<EventRecord[]> {
    return findIn(this.dataSource, EventRecord, 'key', keys);
  }

  list(filter: EventListFilter = {}, page: PageArgs): Promise<Connection<EventRecord>> {
    return paginate(this.filtered(filter), page, EVENT_ORDER);
  }

  /** Every event matching the filter, oldest first, at most `limit`. */
  findAll(filter: EventListFilter, limit: number): Promise<EventRecord[]> {
    return this.filtered(filter).orderBy('event.date', 'ASC').addOrderBy('event.key', 'ASC').take(limit).getMany();
  }

  private filtered(filter: EventListFilter) {
    const query = this.dataSource.getRepository(EventRecord).createQueryBuilder('event');
    if (filter.types?.length) query.andWhere('event.type IN (:...types)', { types: filter.types });
    if (filter.authorities?.length) query.andWhere('event.authorityCode IN (:...authorities)', { authorities: filter.authorities });
    if (filter.managerSlugs?.length) {
      query.andWhere(
        'event.key IN (SELECT em.eventKey FROM event_manager em INNER JOIN manager m ON m.key = em.managerKey WHERE m.slug IN (:...managerSlugs))',
        { managerSlugs: filter.managerSlugs },
      );
    }
    if (filter.from) query.andWhere('event.date >= :from', { from: filter.from });
    if (filter.to) query.andWhere('event.date <= :to', { to: filter.to });
    return query;
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
