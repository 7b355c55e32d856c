import { DataSource, EntityManager } from 'typeorm';
import { dialectOf } from '../core/dialect';
import { Sql } from '../core/sql';
import { Fts5IndexStrategy, Fts5SearchStrategy } from './fts5-strategy';
import { PostgresIndexStrategy, PostgresSearchStrategy } from './postgres-strategy';
import { IndexStrategy, SearchStrategy } from './search-strategy';

/**
 * The search strategies of each database (src/search/search-strategy.ts), chosen by core's dialectOf:
 * the one place in src/search that asks which database it runs on.
 */

/** The query side for an engine over `dataSource`, chosen once when the engine is built. */
export function searchStrategyFor(dataSource: DataSource, sql: Sql, maxId: () => Promise<number>): SearchStrategy {
  switch (dialectOf(dataSource)) {
    case 'sqlite':
      return new Fts5SearchStrategy(sql);
    case 'postgres':
      return new PostgresSearchStrategy(sql, maxId);
  }
}

/** The index side for writes through `em` (inside its transaction). */
export function indexStrategyFor(em: EntityManager): IndexStrategy {
  switch (dialectOf(em)) {
    case 'sqlite':
      return new Fts5IndexStrategy(em);
    case 'postgres':
      return new PostgresIndexStrategy();
  }
}
