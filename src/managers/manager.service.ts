import { DataSource } from 'typeorm';
import { findIn } from '../core/find-in';
import { Connection, PageArgs, paginate } from '../core/pagination';
import { AumBand, Manager, ManagerStatus } from './manager.entity';

export interface ManagerListFilter {
  statuses?: ManagerStatus[];
  aumBands?: AumBand[];
}

/** Reads managers. Lists are ordered by slug. */
export class ManagerService {
  constructor(private readonly dataSource: DataSource) {}

  findBySlug(slug: string): Promise<Manager | null> {
    return this.dataSource.getRepository(Manager).findOneBy({ slug });
  }

  findByKeys(keys: readonly string[]): Promise<Manager[]> {
    return findIn(this.dataSource, Manager, 'key', keys);
  }

  findBySlugs(slugs: readonly string[]): Promise<Manager[]> {
    return findIn(this.dataSource, Manager, 'slug', slugs);
  }

  list(filter: ManagerListFilter = {}, page: PageArgs): Promise<Connection<Manager>> {
    const query = this.dataSource.getRepository(Manager).createQueryBuilder('manager');
    if (filter.statuses?.length) query.andWhere('manager.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.aumBands?.length) query.andWhere('manager.aumBand IN (:...aumBands)', { aumBands: filter.aumBands });
    return paginate(query, page, [{ expression: 'manager.slug', property: 'slug', direction: 'ASC' }]);
  }
}
