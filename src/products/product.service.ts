import { DataSource } from 'typeorm';
import { findIn } from '../core/find-in';
import type { PageArgs } from '../core/connection';
import { Connection, paginate } from '../core/pagination';
import { ManagerService } from '../managers/manager.service';
import { Product } from './product.entity';

/** Reads fund products. Lists are ordered by slug; a filter naming a manager that does not exist is refused. */
export class ProductService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly managers: ManagerService,
  ) {}

  findBySlug(slug: string): Promise<Product | null> {
    return this.dataSource.getRepository(Product).findOneBy({ slug });
  }

  findByKeys(keys: readonly string[]): Promise<Product[]> {
    return findIn(this.dataSource, Product, 'key', keys);
  }

  findByManagerKeys(managerKeys: readonly string[]): Promise<Product[]> {
    return findIn(this.dataSource, Product, 'managerKey', managerKeys, { slug: 'ASC' });
  }

  async list(filter: { managerSlugs?: string[] } = {}, page: PageArgs): Promise<Connection<Product>> {
    await this.managers.requireSlugs(filter.managerSlugs);
    const query = this.dataSource.getRepository(Product).createQueryBuilder('product');
    if (filter.managerSlugs?.length) {
      query.andWhere('product.managerKey IN (SELECT m.key FROM manager m WHERE m.slug IN (:...managerSlugs))', { managerSlugs: filter.managerSlugs });
    }
    return paginate(query, page, [{ expression: 'product.slug', property: 'slug', direction: 'ASC' }]);
  }
}
