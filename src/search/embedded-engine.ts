import { DataSource } from 'typeorm';
import { perDataVersion } from '../database/data-version';
import { Sql, sqlOf } from '../core/sql';
import { exactForm, highlight, QueryTerm } from './analyzer';
import { analyseDocument, bm25Scores, Corpus } from './bm25';
import { EngineHit, EngineResult, SearchEngine, SearchFilterValues, SearchRequest, sortFacet } from './search-engine';
import { SearchDocumentInput } from './search-indexer';
import { searchStrategyFor } from './search-strategies';
import { FilterSql, MatchRow, SearchStrategy } from './search-strategy';

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

/** How many documents hold a term (estimated past SEARCH_WINDOW), and whether it is common (past RANK_WINDOW). */
interface TermFrequency {
  term: QueryTerm;
  documents: number;
  common: boolean;
}

/** Facet counts of a search, and the total they add up to. */
interface FacetMaps {
  kinds: Map<string, number>;
  years: Map<string, number>;
  authorities: Map<string, number>;
  totalCount: number;
}

/** The filter as SQL over search_document d, the same on every database. */
function filterSql(filter: SearchFilterValues): FilterSql {
  const parts: string[] = [];
  const params: unknown[] = [];
  const { kinds, authorities, managerSlugs, from, to } = filter;
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

/** A hit of a document: its best passage is in the body, unless only the title matched. */
function hitOf(row: DocumentRow, score: number, terms: QueryTerm[]): EngineHit {
  let { snippet, matched: matchedTerms } = highlight(row.body, terms);
  if (matchedTerms.length === 0) {
    const inTitle = highlight(row.title, terms);
    if (inTitle.matched.length > 0) ({ snippet, matched: matchedTerms } = inTitle);
  }
  return { kind: row.kind, nodeType: row.nodeType, nodeKey: row.nodeKey, passageIndex: row.passageIndex, title: row.title, score, snippet, matchedTerms };
}

/**
 * The default engine: full-text search inside the knowledge base's own database, over the analysed
 * text (words, CJK bigrams and characters): SQLite's FTS5, or on PostgreSQL a tsvector column of the
 * same tokens under a GIN index, each behind a SearchStrategy (src/search/search-strategy.ts) chosen
 * when the engine is built. BM25 ranking, the same on both (FTS5's bm25(), or the same formula
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
  private readonly strategy: SearchStrategy;
  /** The size of the index, for estimates and BM25 computed here: counted once per data version. */
  private readonly corpus: () => Promise<Corpus & { maxId: number }>;

  constructor(dataSource: DataSource) {
    const sql = (this.sql = sqlOf(dataSource));
    this.corpus = perDataVersion(dataSource, async () => {
      const [row] = await sql.all<{ maxId: number | null; documents: number | string; tokens: number | string | null }>(
        'SELECT MAX(id) AS "maxId", COUNT(*) AS "documents", SUM("tokens") AS "tokens" FROM search_document',
      );
      return { maxId: row.maxId ?? 0, documents: Number(row.documents), tokens: Number(row.tokens ?? 0) };
    });
    this.strategy = searchStrategyFor(dataSource, sql, async () => (await this.corpus()).maxId);
  }

  async search(request: SearchRequest): Promise<EngineResult> {
    const filter = filterSql(request.filter);
    const frequencies = await this.termFrequencies(request.terms);
    const rankedHere = !this.strategy.ranksInDatabase || frequencies.some((f) => f.common);
    const matches = await this.strategy.newestMatches({
      terms: request.terms,
      filter,
      limit: SEARCH_WINDOW + 1,
      rankInDatabase: !rankedHere,
      rare: frequencies.some((f) => f.documents <= SEARCH_WINDOW),
    });
    const windowed = matches.length > SEARCH_WINDOW;
    if (windowed) matches.pop();
    if (rankedHere && matches.length) await this.rankHere(matches, frequencies);
    const exact = await this.exactMatches(request.query, filter);
    const facets = await this.facetCounts(matches, exact, windowed);
    return {
      engine: this.name,
      totalCount: facets.totalCount,
      countsAreExact: !windowed,
      hits: await this.page(request, matches, exact),
      facets: { kinds: sortFacet(facets.kinds), authorities: sortFacet(facets.authorities), years: sortFacet(facets.years) },
    };
  }

  /**
   * How many documents hold each term, counted up to SEARCH_WINDOW + 1 and estimated beyond from how
   * far back the newest SEARCH_WINDOW + 1 reach; `common` past RANK_WINDOW. Each is one index probe that
   * stops early, whatever the term.
   */
  private async termFrequencies(terms: QueryTerm[]): Promise<TermFrequency[]> {
    return Promise.all(
      terms.map(async (term) => {
        const probe = await this.strategy.probe(term, SEARCH_WINDOW + 1);
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
   * BM25 computed here (src/search/bm25.ts), for the newest RANK_WINDOW matches: where the database
   * cannot rank (PostgreSQL) always, on SQLite for a query with a common term, where FTS5's bm25()
   * would read every document holding the term to count them. Counts of terms past SEARCH_WINDOW are
   * estimated. Older matches follow the ranked ones, newest first.
   */
  private async rankHere(matches: MatchRow[], frequencies: TermFrequency[]): Promise<void> {
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

  /** The documents whose name or alias is exactly the query (its exact form), passing the filter. */
  private async exactMatches(query: string, filter: FilterSql): Promise<DocumentRow[]> {
    const exactKey = exactForm(query);
    if (!exactKey) return [];
    return this.sql.all<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM search_alias a JOIN search_document d ON d.id = a."documentId" WHERE a.alias = ?${filter.sql} ORDER BY d.kind, d.id`,
      [exactKey, ...filter.params],
    );
  }

  /** Counts: exact over all matches, or scaled from the window by how much of the index it spans; exact matches outside the window are added to their kind. */
  private async facetCounts(matches: MatchRow[], exact: DocumentRow[], windowed: boolean): Promise<FacetMaps> {
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
    return { kinds, years, authorities, totalCount };
  }

  /** The page of hits: exact matches first (scored above the best ranked one), then BM25 order (then newest) without them. */
  private async page(request: SearchRequest, matches: MatchRow[], exact: DocumentRow[]): Promise<EngineHit[]> {
    const exactIds = new Set(exact.map((r) => r.id));
    const ranked = matches.filter((m) => !exactIds.has(m.id)).sort((a, b) => a.rank - b.rank || b.id - a.id);
    const end = request.offset + request.first;
    const fromExact = exact.slice(request.offset, end);
    const fromRanked = ranked.slice(Math.max(0, request.offset - exact.length), Math.max(0, end - exact.length));
    const documents = fromRanked.length
      ? await this.sql.all<DocumentRow>(
          `SELECT ${DOCUMENT_COLUMNS} FROM search_document d WHERE d.id IN (${fromRanked.map(() => '?').join(', ')})`,
          fromRanked.map((m) => m.id),
        )
      : [];
    const byId = new Map(documents.map((d) => [d.id, d]));
    const best = ranked.length ? -ranked[0].rank : 0;
    return [...fromExact.map((row) => hitOf(row, best + 1, request.terms)), ...fromRanked.map((m) => hitOf(byId.get(m.id)!, -m.rank, request.terms))];
  }
}
