import { EntityManager } from 'typeorm';
import { deleteRows, rowWriter } from '../core/bulk';
import { Sql } from '../core/sql';
import { ftsExpression, QueryTerm } from './analyzer';
import { BODY_WEIGHT, TITLE_WEIGHT } from './bm25';
import { IndexEntryWriter, IndexStrategy, MATCH_COLUMNS, MatchQuery, MatchRow, SearchStrategy, TermProbe } from './search-strategy';

/**
 * Search on SQLite: the FTS5 table search_fts (title_bi, title_uni, body_bi, body_uni), keyed by
 * search_document's id as its rowid and queried with analyzer's ftsExpression. FTS5 reads matches
 * newest first from its own index and ranks them with its bm25().
 */

/** FTS5's bm25() with the column weights of src/search/bm25.ts (title_bi, title_uni, body_bi, body_uni). */
const FTS5_BM25 = `bm25(search_fts, ${TITLE_WEIGHT}.0, ${TITLE_WEIGHT}.0, ${BODY_WEIGHT}.0, ${BODY_WEIGHT}.0)`;

/** Reads SQLite's FTS5 index. */
export class Fts5SearchStrategy implements SearchStrategy {
  readonly ranksInDatabase = true;

  constructor(private readonly sql: Sql) {}

  async probe(term: QueryTerm, limit: number): Promise<TermProbe> {
    // The FTS5 index alone answers: no document row is read.
    const [row] = await this.sql.all<TermProbe>(
      'SELECT COUNT(*) AS "n", MIN(id) AS "oldest" FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?)',
      [ftsExpression([term]), limit],
    );
    return row;
  }

  newestMatches(query: MatchQuery): Promise<MatchRow[]> {
    // CROSS JOIN keeps SQLite's planner from driving the join from the document side (one MATCH per row).
    return this.sql.all<MatchRow>(
      `SELECT ${MATCH_COLUMNS}, ${query.rankInDatabase ? FTS5_BM25 : '0'} AS "rank" FROM search_fts CROSS JOIN search_document d ON d.id = search_fts.rowid WHERE search_fts MATCH ?${query.filter.sql} ORDER BY search_fts.rowid DESC LIMIT ?`,
      [ftsExpression(query.terms), ...query.filter.params, query.limit],
    );
  }
}

/** Writes SQLite's FTS5 index: a row of search_fts per document, beside its search_document row. */
export class Fts5IndexStrategy implements IndexStrategy {
  readonly documentColumns: readonly string[] = [];

  constructor(private readonly em: EntityManager) {}

  documentValues(): unknown[] {
    return [];
  }

  clear(ids: number[]): Promise<void> {
    return deleteRows(this.em, 'search_fts', 'rowid', ids);
  }

  entries(): IndexEntryWriter {
    const rows = rowWriter(this.em, 'search_fts', ['rowid', 'title_bi', 'title_uni', 'body_bi', 'body_uni']);
    // SQLite writes each row at once: nothing to wait for.
    return { write: (id, title, body) => void rows.write([id, title.bi, title.uni, body.bi, body.uni]), end: () => rows.end() };
  }
}
