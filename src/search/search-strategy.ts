import type { IndexTokens } from './analyzer';
import type { MatchLevel, MatchUnit, QueryPlan } from './query-plan';
import type { IndexedText } from './bm25';
import type { SearchKind } from './search.enums';

/**
 * What the embedded search does differently on each database, behind two interfaces: SearchStrategy
 * (reading the full-text index, one per engine) and IndexStrategy (writing it, one per index write).
 * SQLite's FTS5 (src/search/fts5-strategy.ts) and PostgreSQL's tsvector (src/search/postgres-strategy.ts)
 * implement both; src/search/search-strategies.ts picks them. Everything else (filters, windows, BM25
 * rules, facets, exact names first) is shared, in src/search/embedded-engine.ts and search-indexer.ts.
 */

/** A match as the engine counts, facets and ranks it; `rank` is negated BM25 (lower first), or 0 when computed later. The tier columns are read only for a query that names something. */
export interface MatchRow {
  id: number;
  kind: SearchKind;
  year: number | null;
  rank: number;
  /** Space-padded codes and slugs, as search_document holds them (" SSE "). */
  authorities: string;
  nodeType?: string;
  date?: string | null;
  managers?: string;
}

/** What a read of matches takes: the ids alone (a level's matches), what facets count, or also what tiers need. */
export type MatchRead = 'ids' | 'facets' | 'tiers';

const FACET_COLUMNS = 'd.id AS "id", d.kind AS "kind", d.year AS "year", d.authorities AS "authorities"';

/** The columns of each read but the rank, over search_document d. */
export const MATCH_COLUMNS: Record<MatchRead, string> = {
  ids: 'd.id AS "id"',
  facets: FACET_COLUMNS,
  tiers: `${FACET_COLUMNS}, d."nodeType" AS "nodeType", d.date AS "date", d.managers AS "managers"`,
};

/** A match from a row of a read as an array: the read's MATCH_COLUMNS in their order, then the rank. */
export function matchRowOf(row: unknown[], read: MatchRead): MatchRow {
  // Every read makes rows of one shape, the columns it does not read left undefined (the facets in
  // memory fill them in): rows of several shapes made each use of them several times slower.
  const [id, kind, year, authorities] = row;
  if (read === 'ids') return matchRow(id, undefined, undefined, undefined, undefined, undefined, undefined, row[1]);
  if (read === 'facets') return matchRow(id, kind, year, authorities, undefined, undefined, undefined, row[4]);
  return matchRow(id, kind, year, authorities, row[4], row[5], row[6], row[7]);
}

/** A match row, its properties always in this order. */
function matchRow(
  id: unknown,
  kind: unknown,
  year: unknown,
  authorities: unknown,
  nodeType: unknown,
  date: unknown,
  managers: unknown,
  rank: unknown,
): MatchRow {
  return { id, kind, year, authorities, nodeType, date, managers, rank } as MatchRow;
}

/** A search filter as SQL over search_document d: ` AND ...` conditions with `?` placeholders, and their values. */
export interface FilterSql {
  sql: string;
  params: unknown[];
}

/** No filter. */
export const NO_FILTER: FilterSql = { sql: '', params: [] };

/** How many of a term's newest matches a probe found (at most its limit), and the oldest of them (null for none). */
export interface TermProbe {
  n: number;
  oldest: number | null;
}

/** A read of a query's newest matches. */
export interface MatchQuery {
  plan: QueryPlan;
  /** The plan's units up to this level (src/search/query-plan.ts renderPlan). */
  maxLevel: MatchLevel;
  filter: FilterSql;
  /** How many matches at most, newest first. */
  limit: number;
  /** Whether the database ranks the matches (FTS5's bm25()); otherwise every rank is 0, for BM25 computed by the engine. */
  rankInDatabase: boolean;
  /** Whether a term of the query is known to be in few documents (at most the search window): its matches are few too. */
  rare: boolean;
  read: MatchRead;
}

/** The query side of a database's full-text index. */
export interface SearchStrategy {
  /** Whether the database can rank matches by BM25 itself (FTS5's bm25()); if not, the engine always does. */
  readonly ranksInDatabase: boolean;
  /** How many documents hold a unit, counted up to `limit` newest first and stopping there: one index probe that stops early. */
  probe(unit: MatchUnit, limit: number): Promise<TermProbe>;
  /** The newest matches of a query's plan (up to a level) passing the filter, newest first. */
  newestMatches(query: MatchQuery): Promise<MatchRow[]>;
}

/** Writes index entries into a table of their own, one per document, after its search_document row. */
export interface IndexEntryWriter {
  write(id: number, title: IndexTokens, body: IndexTokens): void;
  /** Writes what is still buffered. */
  end(): Promise<void>;
}

/** The index side of a database's full-text index, for writes through one EntityManager. */
export interface IndexStrategy {
  /** Columns of search_document that hold this database's index (PostgreSQL's tsv), after the shared ones. */
  readonly documentColumns: readonly string[];
  /** The values of documentColumns for a document's tokens. */
  documentValues(tokens: IndexedText): unknown[];
  /** Removes the index entries of documents about to be deleted or rewritten, before their rows go. */
  clear(ids: number[]): Promise<void>;
  /** A writer of the index's own entries, or null where the index lives in search_document's columns. */
  entries(): IndexEntryWriter | null;
}
