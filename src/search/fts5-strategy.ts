import { EntityManager } from 'typeorm';
import { deleteRows, rowWriter } from '../core/bulk';
import { Sql } from '../core/sql';
import { MatchSyntax, MatchUnit, renderPlan } from './query-plan';
import { BODY_WEIGHT, TITLE_WEIGHT } from './bm25';
import { IndexEntryWriter, IndexStrategy, MATCH_COLUMNS, MatchQuery, MatchRow, matchRowOf, SearchStrategy, TermProbe } from './search-strategy';

/**
 * Search on SQLite: the FTS5 table search_fts (title_bi, title_uni, title_stem, body_bi, body_uni,
 * body_stem), keyed by search_document's id as its rowid and queried with ftsExpression. FTS5 reads
 * matches newest first from its own index and ranks them with its bm25().
 */

/** FTS5's bm25() with the column weights of src/search/bm25.ts (title_bi, title_uni, title_stem, body_bi, body_uni, body_stem). */
const FTS5_BM25 = `bm25(search_fts, ${TITLE_WEIGHT}.0, ${TITLE_WEIGHT}.0, ${TITLE_WEIGHT}.0, ${BODY_WEIGHT}.0, ${BODY_WEIGHT}.0, ${BODY_WEIGHT}.0)`;

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** A unit as an FTS5 phrase over its title and body columns: `{title_bi body_bi} : "灵均"`, a prefix with `*`. */
export function ftsUnit(unit: MatchUnit): string {
  return `{title_${unit.column} body_${unit.column}} : ${quote(unit.tokens.join(' '))}${unit.prefix ? '*' : ''}`;
}

/** FTS5's query syntax. */
export const FTS5_SYNTAX: MatchSyntax = { unit: ftsUnit, and: ' AND ', or: ' OR ', without: (positive, excluded) => `${positive} NOT ${excluded}` };

/** The FTS5 MATCH expression of a plan's units up to a level (null: nothing matches there). */
export const ftsExpression = (query: Pick<MatchQuery, 'plan' | 'maxLevel'>) => renderPlan(query.plan, query.maxLevel, FTS5_SYNTAX);

/** Reads SQLite's FTS5 index. */
export class Fts5SearchStrategy implements SearchStrategy {
  readonly ranksInDatabase = true;

  constructor(private readonly sql: Sql) {}

  async probe(unit: MatchUnit, limit: number): Promise<TermProbe> {
    // The FTS5 index alone answers: no document row is read.
    const [row] = await this.sql.all<TermProbe>(
      'SELECT COUNT(*) AS "n", MIN(id) AS "oldest" FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?)',
      [ftsUnit(unit), limit],
    );
    return row;
  }

  async newestMatches(query: MatchQuery): Promise<MatchRow[]> {
    const expression = ftsExpression(query);
    if (expression === null) return [];
    const rank = query.rankInDatabase ? FTS5_BM25 : '0';
    // The ids alone, unfiltered, are the FTS5 index's own: no document row is read.
    // Rows come as arrays: building 501 objects in the driver was a third of the read.
    const rows =
      query.read === 'ids' && query.filter.sql === ''
        ? await this.sql.arrays(`SELECT rowid, ${rank} FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?`, [expression, query.limit])
        : // CROSS JOIN keeps SQLite's planner from driving the join from the document side (one MATCH per row).
          await this.sql.arrays(
            `SELECT ${MATCH_COLUMNS[query.read]}, ${rank} AS "rank" FROM search_fts CROSS JOIN search_document d ON d.id = search_fts.rowid WHERE search_fts MATCH ?${query.filter.sql} ORDER BY search_fts.rowid DESC LIMIT ?`,
            [expression, ...query.filter.params, query.limit],
          );
    return rows.map((row) => matchRowOf(row, query.read));
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
    const rows = rowWriter(this.em, 'search_fts', ['rowid', 'title_bi', 'title_uni', 'title_stem', 'body_bi', 'body_uni', 'body_stem']);
    // SQLite writes each row at once: nothing to wait for.
    return { write: (id, title, body) => void rows.write([id, title.bi, title.uni, title.stem, body.bi, body.uni, body.stem]), end: () => rows.end() };
  }
}
