import { Sql } from '../core/sql';
import { IndexedText } from './bm25';
import { FilterSql, IndexStrategy, MATCH_COLUMNS, MatchQuery, MatchRow, NO_FILTER, SearchStrategy, TermProbe } from './search-strategy';
import { tsqueryOf, tsqueryUnit, tsvectorOf } from './tsvector';
import { MatchUnit } from './query-plan';

/**
 * Search on PostgreSQL: search_document's tsv column (the analyser's tokens as a tsvector, written by
 * src/search/tsvector.ts) under a GIN index, queried with tsqueryOf. GIN returns matches in no order
 * and PostgreSQL has no BM25: the newest matches are read a range of ids at a time, and the engine
 * computes BM25 (src/search/bm25.ts).
 */

/** The first range of ids the newest matches are looked for in; each next range is four times wider. */
const FIRST_RANGE = 1024;

/** Runs a statement inside the transaction of Sql.transaction. */
type Run = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

/** A read of the newest matches of a tsquery (see PostgresSearchStrategy.newestInRanges). */
interface RangeRead {
  /** The columns, over search_document d. */
  select: string;
  tsquery: string;
  filter: FilterSql;
  limit: number;
  rare: boolean;
}

/** Reads PostgreSQL's tsvector index. */
export class PostgresSearchStrategy implements SearchStrategy {
  readonly ranksInDatabase = false;

  /** `maxId`: the highest id of search_document, as the engine last counted it (once per data version). */
  constructor(
    private readonly sql: Sql,
    private readonly maxId: () => Promise<number>,
  ) {}

  /**
   * First any `limit` matches of the term, in no order (the GIN index's list, then that many rows): a
   * term with fewer is counted exactly from them, a more common one read newest first.
   */
  async probe(unit: MatchUnit, limit: number): Promise<TermProbe> {
    const tsquery = tsqueryUnit(unit);
    const maxId = await this.maxId();
    const newest = await this.throughBitmaps(async (run) => {
      const some = await run<{ id: number }>('SELECT d.id AS "id" FROM search_document d WHERE d.tsv @@ ?::tsquery LIMIT ?', [tsquery, limit]);
      return some.length < limit
        ? some
        : this.newestInRanges<{ id: number }>(run, maxId, { select: MATCH_COLUMNS.ids, tsquery, filter: NO_FILTER, limit, rare: false });
    });
    return { n: newest.length, oldest: newest.length ? Math.min(...newest.map((r) => r.id)) : null };
  }

  async newestMatches(query: MatchQuery): Promise<MatchRow[]> {
    const tsquery = tsqueryOf(query);
    if (tsquery === null) return [];
    const maxId = await this.maxId();
    const read: RangeRead = {
      select: `${MATCH_COLUMNS[query.read]}, 0 AS "rank"`,
      tsquery,
      filter: query.filter,
      limit: query.limit,
      rare: query.rare,
    };
    return this.throughBitmaps((run) => this.newestInRanges<MatchRow>(run, maxId, read));
  }

  /**
   * Statements that read through bitmaps only: sequential and plain index scans are off for their
   * transaction. GIN returns matches in no useful order: an ORDER BY id over all of a common term's
   * matches reads every one, and a walk down the primary key testing each row unpacks every row's
   * tsvector (either took up to half a second at M).
   */
  private throughBitmaps<T>(work: (run: Run) => Promise<T>): Promise<T> {
    return this.sql.transaction(async (run) => {
      await run('SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off');
      return work(run);
    });
  }

  /**
   * The newest matches of a tsquery, newest first, at most `limit`. A rare query is read whole (it is
   * small); any other a range of ids at a time, newest range first (FIRST_RANGE ids, then four times
   * as many each step), through the GIN index's bitmap ANDed with the key's range where that pays.
   * Runs inside throughBitmaps.
   */
  private async newestInRanges<T>(run: Run, maxId: number, { select, tsquery, filter, limit, rare }: RangeRead): Promise<T[]> {
    const read = (range: string, bounds: number[], take: number) =>
      run<T>(`SELECT ${select} FROM search_document d WHERE d.tsv @@ ?::tsquery${range}${filter.sql} ORDER BY d.id DESC LIMIT ?`, [
        tsquery,
        ...bounds,
        ...filter.params,
        take,
      ]);
    if (rare) return read('', [], limit);
    // The first range is open above: documents written after the statistics were read still count.
    const found = await read(' AND d.id > ?', [maxId - FIRST_RANGE], limit);
    for (let upper = maxId - FIRST_RANGE, width = FIRST_RANGE * 4; found.length < limit && upper > 0; upper -= width, width *= 4) {
      found.push(...(await read(' AND d.id > ? AND d.id <= ?', [Math.max(0, upper - width), upper], limit - found.length)));
    }
    return found;
  }
}

/** Writes PostgreSQL's index: the tsv column of each search_document row, written with the row. */
export class PostgresIndexStrategy implements IndexStrategy {
  readonly documentColumns: readonly string[] = ['tsv'];

  documentValues(tokens: IndexedText): unknown[] {
    return [tsvectorOf(tokens)];
  }

  async clear(): Promise<void> {
    // The index is in the rows themselves: it goes with them.
  }

  entries(): null {
    return null;
  }
}
