import { DataSource } from 'typeorm';
import { findIn } from '../core/find-in';
import { Authority } from './authority.entity';

/** Reads authorities: exchanges, regulators, AMAC, local enforcement. */
export class AuthorityService {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<Authority[]> {
    return this.dataSource.getRepository(Authority).find({ order: { code: 'ASC' } });
  }

  findByCodes(codes: readonly string[]): Promise<Authority[]> {
    return findIn(this.dataSource, Authority, 'code', codes);
  }
}
