import { DataSource } from 'typeorm';
import { listedKnown, UnknownValuesError } from '../core/errors';
import { findIn } from '../core/find-in';
import type { PageArgs } from '../core/connection';
import { Connection, paginate } from '../core/pagination';
import { AumBand, Manager, ManagerStatus } from './manager.entity';

/** How many slugs a message about an unknown one lists. */
const LISTED_SLUGS = 20;

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

  /**
   * Throws UnknownValuesError naming every one of `slugs` that is no manager's, with the slugs there
   * are (the first LISTED_SLUGS and how many more): the one check every filter by manager goes through.
   */
  async requireSlugs(slugs: readonly string[] | undefined, argument = 'managerSlugs'): Promise<void> {
    if (!slugs?.length) return;
    const found = new Set((await this.findBySlugs(slugs)).map((manager) => manager.slug));
    const unknown = slugs.filter((slug) => !found.has(slug));
    if (unknown.length === 0) return;
    const repository = this.dataSource.getRepository(Manager);
    const [listed, total] = await repository.findAndCount({ select: { key: true, slug: true }, order: { slug: 'ASC' }, take: LISTED_SLUGS });
    const known = listedKnown(
      listed.map((manager) => manager.slug),
      total,
      'slugs',
      'there are no managers',
      '; the managers query lists them all',
    );
    throw new UnknownValuesError(argument, unknown, 'the slug of a manager', known);
  }

  list(filter: ManagerListFilter = {}, page: PageArgs): Promise<Connection<Manager>> {
    const query = this.dataSource.getRepository(Manager).createQueryBuilder('manager');
    if (filter.statuses?.length) query.andWhere('manager.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.aumBands?.length) query.andWhere('manager.aumBand IN (:...aumBands)', { aumBands: filter.aumBands });
    return paginate(query, page, [{ expression: 'manager.slug', property: 'slug', direction: 'ASC' }]);
  }
}
