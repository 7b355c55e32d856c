import { DataSource } from 'typeorm';
import { findIn } from '../core/find-in';
import { Person, PersonRole } from './person.entity';

/** Reads people and their roles. */
export class PersonService {
  constructor(private readonly dataSource: DataSource) {}

  findBySlug(slug: string): Promise<Person | null> {
    return this.dataSource.getRepository(Person).findOneBy({ slug });
  }

  findByKeys(keys: readonly string[]): Promise<Person[]> {
    return findIn(this.dataSource, Person, 'key', keys);
  }

  rolesByPersonKeys(personKeys: readonly string[]): Promise<PersonRole[]> {
    return findIn(this.dataSource, PersonRole, 'personKey', personKeys, { position: 'ASC' });
  }

  rolesByManagerKeys(managerKeys: readonly string[]): Promise<PersonRole[]> {
    return findIn(this.dataSource, PersonRole, 'managerKey', managerKeys, { personKey: 'ASC', position: 'ASC' });
  }
}
