import { DataSource } from 'typeorm';
import { findIn } from '../core/find-in';
import { Concept } from './concept.entity';

/** Reads the glossary of terms the sources explain. */
export class ConceptService {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<Concept[]> {
    return this.dataSource.getRepository(Concept).find({ order: { slug: 'ASC' } });
  }

  findBySlug(slug: string): Promise<Concept | null> {
    return this.dataSource.getRepository(Concept).findOneBy({ slug });
  }

  findByKeys(keys: readonly string[]): Promise<Concept[]> {
    return findIn(this.dataSource, Concept, 'key', keys);
  }
}
