import { DataSource } from 'typeorm';
import { findIn } from '../core/find-in';
import { GlossaryTerm } from './glossary.entity';

/** A term as it is compared: surrounding spaces dropped, case ignored. */
function comparable(term: string): string {
  return term.trim().toLowerCase();
}

/** Reads the bilingual glossary, in the order of its filing. */
export class GlossaryService {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<GlossaryTerm[]> {
    return this.dataSource.getRepository(GlossaryTerm).find({ order: { position: 'ASC' } });
  }

  /** Every entry, or with `term` those with an English or Chinese term equal to it, case and surrounding spaces aside; in filing order. */
  async find(term: string | null): Promise<GlossaryTerm[]> {
    if (term === null) return this.list();
    const wanted = comparable(term);
    // The glossary is a curated filing of a few dozen rows, and its terms are JSON lists: read whole, matched here.
    return (await this.list()).filter((entry) => [...entry.english, ...entry.chinese].some((t) => comparable(t) === wanted));
  }

  findByKeys(keys: readonly string[]): Promise<GlossaryTerm[]> {
    return findIn(this.dataSource, GlossaryTerm, 'key', keys);
  }
}
