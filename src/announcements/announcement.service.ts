import { DataSource } from 'typeorm';
import { AuthorityService } from '../authorities/authority.service';
import { findIn } from '../core/find-in';
import { ManagerService } from '../managers/manager.service';
import { sqlOf } from '../core/sql';
import type { PageArgs } from '../core/connection';
import { Connection, paginate } from '../core/pagination';
import { Announcement, AnnouncementKind, Citation } from './announcement.entity';

export interface AnnouncementListFilter {
  kinds?: AnnouncementKind[];
  authorities?: string[];
  managerSlugs?: string[];
}

export interface AnnouncementText {
  key: string;
  body: string;
  rawBody: string | null;
}

/**
 * Reads source documents and the citations that point into them. A filter naming an authority or a
 * manager that does not exist is refused (UnknownValuesError), never answered empty.
 */
export class AnnouncementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly authorities: AuthorityService,
    private readonly managers: ManagerService,
  ) {}

  findBySlug(slug: string): Promise<Announcement | null> {
    return this.dataSource.getRepository(Announcement).findOneBy({ slug });
  }

  /** Documents without their text (body, rawBody), which is read only when a query asks for it: see textsByKeys. */
  findByKeys(keys: readonly string[]): Promise<Announcement[]> {
    return findIn(this.dataSource, Announcement, 'key', keys, undefined, ['body', 'rawBody']);
  }

  /** The text of documents: body and rawBody. */
  textsByKeys(keys: readonly string[]): Promise<AnnouncementText[]> {
    return sqlOf(this.dataSource).all<AnnouncementText>(
      `SELECT "key", "body", "rawBody" FROM announcement WHERE "key" IN (${keys.map(() => '?').join(', ')})`,
      [...keys],
    );
  }

  quotedStatementsOf(keys: readonly string[]): Promise<Announcement[]> {
    return findIn(this.dataSource, Announcement, 'quotedInKey', keys, { slug: 'ASC' });
  }

  async list(filter: AnnouncementListFilter = {}, page: PageArgs): Promise<Connection<Announcement>> {
    await this.managers.requireSlugs(filter.managerSlugs);
    const authorities = await this.authorities.resolveCodes(filter.authorities);
    const query = this.dataSource.getRepository(Announcement).createQueryBuilder('announcement');
    if (filter.kinds?.length) query.andWhere('announcement.kind IN (:...kinds)', { kinds: filter.kinds });
    if (authorities?.length) query.andWhere('announcement.authorityCode IN (:...authorities)', { authorities });
    if (filter.managerSlugs?.length) {
      query.andWhere('announcement.managerKey IN (SELECT m.key FROM manager m WHERE m.slug IN (:...managerSlugs))', { managerSlugs: filter.managerSlugs });
    }
    return paginate(query, page, [{ expression: 'announcement.slug', property: 'slug', direction: 'ASC' }]);
  }

  /** Citations of many subjects at once; `subjects` are "<Type>:<key>" strings. */
  async citationsOf(subjects: readonly string[]): Promise<Citation[]> {
    if (subjects.length === 0) return [];
    const byType = new Map<string, string[]>();
    for (const subject of subjects) {
      const colon = subject.indexOf(':');
      const type = subject.slice(0, colon);
      byType.set(type, [...(byType.get(type) ?? []), subject.slice(colon + 1)]);
    }
    const params: unknown[] = [];
    const where = [...byType.entries()]
      .map(([type, keys]) => {
        params.push(type, ...keys);
        return `("subjectType" = ? AND "subjectKey" IN (${keys.map(() => '?').join(', ')}))`;
      })
      .join(' OR ');
    return sqlOf(this.dataSource).entities(Citation, where, params, '"subjectType", "subjectKey", "position"');
  }
}
