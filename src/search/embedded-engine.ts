import { DataSource } from 'typeorm';
import { perDataVersion } from '../database/data-version';
import { Sql, sqlOf } from '../core/sql';
import { exactForm, ftsExpression, highlight, QueryTerm } from './analyzer';
import { analyseDocument, bm25Scores, BODY_WEIGHT, Corpus, TITLE_WEIGHT } from './bm25';
import { EngineHit, EngineResult, SearchEngine, SearchRequest, sortFacet } from './search-engine';
import { SearchDocumentInput } from './search-indexer';
import { SearchKind } from './search.enums';
import { tsqueryOf } from './tsvector';

interface MatchRow {
  id: number;
  kind: SearchKind;
  year: number | null;
  rank: number;
  authorities: string;
}

type DocumentRow = Pick<SearchDocumentInput, 'kind' | 'nodeType' | 'nodeKey' | 'passageIndex' | 'title' | 'body'> & { id: number };

/** A hit's columns, as DocumentRow names them (quoted: PostgreSQL folds unquoted names to lower case). */
const DOCUMENT_COLUMNS = 'd.id, d.kind, d."nodeType", d."nodeKey", d."passageIndex", d.title, d.body';

/** How many matches a query is counted and faceted over, at most: the most recently indexed ones. */
export const SEARCH_WINDOW = 500;
/**
 * A term in more documents than this is common: FTS5's bm25() would read every document holding it, so
 * BM25 is computed here instead, over the newest RANK_WINDOW matches.
 */
export const RANK_WINDOW = 100;

/** FTS5's bm25() with the column weights of src/search/bm25.ts (title_bi, title_uni, body_bi, body_uni). */
const FTS5_BM25 = `bm25(search_fts, ${TITLE_WEIGHT}.0, ${TITLE_WEIGHT}.0, ${BODY_WEIGHT}.0, ${BODY_WEIGHT}.0)`;

/** On PostgreSQL, the first range of ids the newest matches are looked for in; each next range is four times wider. */
const FIRST_RANGE = 1024;

/** Runs a statement inside the transaction of Sql.transaction. */
type Run = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * The default engine: full-text search inside the knowledge base's own database, over the analysed
 * text (words, CJK bigrams and characters): SQLite's FTS5, or on PostgreSQL a tsvector column of the
 * same tokens under a GIN index. BM25 ranking, the same on both (FTS5's bm25(), or the same formula
 * computed here), with an exact match on an entity's name or alias ranked first.
 *
 * One query reads the matches newest first, with kind, year and authorities, up to SEARCH_WINDOW + 1
 * of them. When a query matches at most SEARCH_WINDOW documents, that is all of them and every count
 * is exact; a query matching more is ranked and faceted over its SEARCH_WINDOW most recent matches
 * and its counts are estimated, so the cost stays bounded however common the term.
 */
export class EmbeddedSearchEngine implements SearchEngine {
  readonly name = 'embedded' as const;

  private readonly sql: Sql;
  private readonly postgres: boolean;
  /** The size of the index, for estimates and BM25 computed here: counted once per data version. */
  private readonly corpus: () => Promise<Corpus & { maxId: number }>;

  constructor(dataSource: DataSource) {
    const sql = (this.sql = sqlOf(dataSource));
    this.postgres = dataSource.options.type === 'postgres';
    this.corpus = perDataVersion(dataSource, async () => {
      const [row] = await sql.all<{ maxId: number | null; documents: number | string; tokens: number | string | null }>(
        'SELECT MAX(id) AS "maxId", COUNT(*) AS "documents", SUM("tokens") AS "tokens" FROM search_document',
      );
      return { maxId: row.maxId ?? 0, documents: Number(row.documents), tokens: Number(row.tokens ?? 0) };
    });
  }

  private filterSql(request: SearchRequest): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    const { kinds, authorities, managerSlugs, from, to } = request.filter;
    const list = (values: unknown[]) => {
      params.push(...values);
      return values.map(() => '?').join(', ');
    };
    if (kinds?.length) parts.push(`d.kind IN (${list(kinds)})`);
    // Facet values are stored space-padded (" SSE CSRC_SH "): match a whole value, its LIKE wildcards escaped.
    const anyOf = (column: string, values: string[]) =>
      `(${values.map((v) => `d.${column} LIKE ${list([`% ${v.replace(/[\\%_]/g, (c) => `\\${c}`)} %`])} ESCAPE '\\'`).join(' OR ')})`;
    if (authorities?.length) parts.push(anyOf('authorities', authorities));
    if (managerSlugs?.length) parts.push(anyOf('managers', managerSlugs));
    if (from) parts.push(`d.date >= ${list([from])}`);
    if (to) parts.push(`d.date <= ${list([to])}`);
    return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
  }

  /**
   * How many documents hold each term, counted up to SEARCH_WINDOW + 1 and estimated beyond from how
   * far back the newest SEARCH_WINDOW + 1 reach; `common` past RANK_WINDOW. Each is one index probe that
   * stops early, whatever the term.
   */
  private async termFrequencies(terms: QueryTerm[]): Promise<{ term: QueryTerm; documents: number; common: boolean }[]> {
    return Promise.all(
      terms.map(async (term) => {
        let probe: { n: number; oldest: number | null };
        if (this.postgres) {
          probe = await this.probeOnPostgres(term);
        } else {
          // The FTS5 index alone answers: no document row is read.
          const [row] = await this.sql.all<{ n: number; oldest: number | null }>(
            'SELECT COUNT(*) AS "n", MIN(id) AS "oldest" FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?)',
            [ftsExpression([term]), SEARCH_WINDOW + 1],
          );
          probe = row;
        }
        const common = probe.n > RANK_WINDOW;
        let documents = probe.n;
        if (probe.n > SEARCH_WINDOW) {
          const { maxId } = await this.corpus();
          documents = Math.round((probe.n * maxId) / Math.max(1, maxId - (probe.oldest ?? 0) + 1));
        }
        return { term, documents, common };
      }),
    );
  }



  /**
   * BM25 computed here (src/search/bm25.ts), for the newest RANK_WINDOW matches: on PostgreSQL always,
   * on SQLite for a query with a common term, where FTS5's bm25() would read every document holding
   * the term to count them. Counts of terms past SEARCH_WINDOW are estimated. Older matches follow the
   * ranked ones, newest first.
   */
  private async rankHere(matches: MatchRow[], frequencies: { term: QueryTerm; documents: number }[]): Promise<void> {
    const corpus = await this.corpus();
    const ranked = matches.slice(0, RANK_WINDOW);
    const rows = await this.sql.all<{ id: number; title: string; titleExtra: string; body: string; tokens: number }>(
      `SELECT id, title, "titleExtra", body, "tokens" FROM search_document WHERE id IN (${ranked.map(() => '?').join(', ')})`,
      ranked.map((m) => m.id),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const texts = ranked.map((m) => byId.get(m.id)!);
    const scores = bm25Scores(
      texts.map((t) => analyseDocument(t.title, t.titleExtra, t.body)),
      texts.map((t) => t.tokens),
      frequencies.map((f) => f.term),
      frequencies.map((f) => f.documents),
      corpus,
    );
    for (const m of matches) m.rank = 0; // older than the ranked window: after every ranked match, newest first
    ranked.forEach((m, i) => (m.rank = -scores[i]));
  }

  /**
   * Statements on PostgreSQL that read through bitmaps only: sequential and plain index scans are off
   * for their transaction. GIN returns matches in no useful order: an ORDER BY id over all of a common
   * term's matches reads every one, and a walk down the primary key testing each row unpacks every
   * row's tsvector (either took up to half a second at M).
   */
  private throughBitmaps<T>(work: (run: Run) => Promise<T>): Promise<T> {
    return this.sql.transaction(async (run) => {
      await run('SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off');
      return work(run);
    });
  }

  /**
   * The newest matches of a tsquery on PostgreSQL, newest first, at most `limit`, as `select` over
   * search_document d; `rare` when a term of the query is known to be in at most SEARCH_WINDOW
   * documents. A rare query is read whole (it is small); any other a range of ids at a time, newest
   * range first (FIRST_RANGE ids, then four times as many each step), through the GIN index's bitmap
   * ANDed with the key's range where that pays. Runs inside throughBitmaps.
   */
  private async newestOnPostgres<T>(run: Run, maxId: number, select: string, tsquery: string, filter: { sql: string; params: unknown[] }, limit: number, rare: boolean): Promise<T[]> {
    const read = (range: string, bounds: number[], take: number) =>
      run<T>(`SELECT ${select} FROM search_document d WHERE d.tsv @@ ?::tsquery${range}${filter.sql} ORDER BY d.id DESC LIMIT ?`, [tsquery, ...bounds, ...filter.params, take]);
    if (rare) return read('', [], limit);
    // The first range is open above: documents written after the statistics were read still count.
    const found = await read(' AND d.id > ?', [maxId - FIRST_RANGE], limit);
    for (let upper = maxId - FIRST_RANGE, width = FIRST_RANGE * 4; found.length < limit && upper > 0; upper -= width, width *= 4) {
      found.push(...(await read(' AND d.id > ? AND d.id <= ?', [Math.max(0, upper - width), upper], limit - found.length)));
    }
    return found;
  }

  /**
   * How many documents hold a term on PostgreSQL, and the oldest of its newest SEARCH_WINDOW + 1: first
   * any SEARCH_WINDOW + 1 of its matches, in no order (the GIN index's list, then that many rows); a
   * term with fewer is counted exactly from them, a more common one read newest first.
   */
  private async probeOnPostgres(term: QueryTerm): Promise<{ n: number; oldest: number | null }> {
    const tsquery = tsqueryOf([term]);
    const { maxId } = await this.corpus();
    const newest = await this.throughBitmaps(async (run) => {
      const some = await run<{ id: number }>('SELECT d.id AS "id" FROM search_document d WHERE d.tsv @@ ?::tsquery LIMIT ?', [tsquery, SEARCH_WINDOW + 1]);
      return some.length <= SEARCH_WINDOW ? some : this.newestOnPostgres<{ id: number }>(run, maxId, 'd.id AS "id"', tsquery, { sql: '', params: [] }, SEARCH_WINDOW + 1, false);
    });
    return { n: newest.length, oldest: newest.length ? Math.min(...newest.map((r) => r.id)) : null };
  }

  async search(request: SearchRequest): Promise<EngineResult> {
    const filter = this.filterSql(request);
    const frequencies = await this.termFrequencies(request.terms);
    const rankedHere = this.postgres || frequencies.some((f) => f.common);
    const columns = `d.id AS "id", d.kind AS "kind", d.year AS "year", d.authorities AS "authorities", ${rankedHere ? '0' : FTS5_BM25} AS "rank"`;
    const matches: MatchRow[] = this.postgres
      ? await this.corpus().then(({ maxId }) =>
          this.throughBitmaps((run) => this.newestOnPostgres<MatchRow>(run, maxId, columns, tsqueryOf(request.terms), filter, SEARCH_WINDOW + 1, frequencies.some((f) => f.documents <= SEARCH_WINDOW))),
        )
      : // CROSS JOIN keeps SQLite's planner from driving the join from the document side (one MATCH per row).
        await this.sql.all<MatchRow>(
          `SELECT ${columns} FROM search_fts CROSS JOIN search_document d ON d.id = search_fts.rowid WHERE search_fts MATCH ?${filter.sql} ORDER BY search_fts.rowid DESC LIMIT ?`,
          [ftsExpression(request.terms), ...filter.params, SEARCH_WINDOW + 1],
        );
    const windowed = matches.length > SEARCH_WINDOW;
    if (windowed) matches.pop();
    if (rankedHere && matches.length) await this.rankHere(matches, frequencies);

    const exactKey = exactForm(request.query);
    const exact: DocumentRow[] = exactKey
      ? await this.sql.all<any>(
          `SELECT ${DOCUMENT_COLUMNS} FROM search_alias a JOIN search_document d ON d.id = a."documentId" WHERE a.alias = ?${filter.sql} ORDER BY d.kind, d.id`,
          [exactKey, ...filter.params],
        )
      : [];
    const exactIds = new Set(exact.map((r) => r.id));

    // Counts: exact over all matches, or scaled from the window by how much of the index it spans.
    let scale = 1;
    if (windowed) {
      const { maxId } = await this.corpus();
      const oldest = matches[matches.length - 1].id;
      scale = maxId / Math.max(1, maxId - oldest + 1);
    }
    const kinds = new Map<string, number>();
    const years = new Map<string, number>();
    const authorities = new Map<string, number>();
    const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    for (const m of matches) {
      bump(kinds, m.kind);
      if (m.year !== null) bump(years, String(m.year));
      for (const code of m.authorities.split(' ')) if (code) bump(authorities, code);
    }
    for (const map of [kinds, years, authorities]) for (const [k, v] of map) map.set(k, Math.round(v * scale));
    const matchedIds = new Set(matches.map((m) => m.id));
    for (const row of exact) if (!matchedIds.has(row.id)) bump(kinds, row.kind);
    const totalCount = [...kinds.values()].reduce((a, b) => a + b, 0);

    // The page: exact matches first, then BM25 order (then newest) without them.
    const ranked = matches.filter((m) => !exactIds.has(m.id)).sort((a, b) => a.rank - b.rank || b.id - a.id);
    const end = request.offset + request.first;
    const fromExact = exact.slice(request.offset, end);
    const fromRanked = ranked.slice(Math.max(0, request.offset - exact.length), Math.max(0, end - exact.length));
    const documents: DocumentRow[] = fromRanked.length
      ? await this.sql.all<any>(
          `SELECT ${DOCUMENT_COLUMNS} FROM search_document d WHERE d.id IN (${fromRanked.map(() => '?').join(', ')})`,
          fromRanked.map((m) => m.id),
        )
      : [];
    const byId = new Map(documents.map((d) => [d.id, d]));
    const best = ranked.length ? -ranked[0].rank : 0;
    const toHit = (row: DocumentRow, score: number): EngineHit => {
      // The best passage is in the body, unless only the title matched.
      let { snippet, matched: matchedTerms } = highlight(row.body, request.terms);
      if (matchedTerms.length === 0) {
        const inTitle = highlight(row.title, request.terms);
        if (inTitle.matched.length > 0) ({ snippet, matched: matchedTerms } = inTitle);
      }
      return { kind: row.kind, nodeType: row.nodeType, nodeKey: row.nodeKey, passageIndex: row.passageIndex, title: row.title, score, snippet, matchedTerms };
    };
    return {
      engine: this.name,
      totalCount,
      countsAreExact: !windowed,
      hits: [...fromExact.map((row) => toHit(row, best + 1)), ...fromRanked.map((m) => toHit(byId.get(m.id)!, -m.rank))],
      facets: { kinds: sortFacet(kinds), authorities: sortFacet(authorities), years: sortFacet(years) },
    };
  }
}
