import { DataSource } from 'typeorm';
import { perDataVersion } from '../core/data-version';
import { Sql, sqlOf } from '../core/sql';
import { exactForm, ftsExpression, highlight, normalizeText, QueryTerm } from './analyzer';
import { EngineHit, EngineResult, SearchEngine, SearchRequest, sortFacet } from './search-engine';
import { SearchDocumentInput } from './search-indexer';
import { SearchKind } from './search.enums';

interface MatchRow {
  id: number;
  kind: SearchKind;
  year: number | null;
  rank: number;
  authorities: string;
}

type DocumentRow = Pick<SearchDocumentInput, 'kind' | 'nodeType' | 'nodeKey' | 'passageIndex' | 'title' | 'body'> & { id: number };

/** How many matches a query is counted and faceted over, at most: the most recently indexed ones. */
export const SEARCH_WINDOW = 500;
/**
 * A term in more documents than this is common: FTS5's bm25() would read every document holding it, so
 * BM25 is computed here instead, over the newest RANK_WINDOW matches.
 */
export const RANK_WINDOW = 100;

/** Column weights for bm25(): title words and characters count four times body ones. */
const TITLE_WEIGHT = 4;
const BM25 = `bm25(search_fts, ${TITLE_WEIGHT}.0, ${TITLE_WEIGHT}.0, 1.0, 1.0)`;
/** FTS5's BM25 parameters, for the ranking computed here. */
const K1 = 1.2;
const B = 0.75;

/** Occurrences of a term in normalised text: a CJK run or character anywhere, a word whole (or as a prefix). */
function occurrences(text: string, term: QueryTerm): number {
  let count = 0;
  for (let at = text.indexOf(term.text); at >= 0; at = text.indexOf(term.text, at + 1)) {
    if (term.kind === 'word') {
      const before = text[at - 1];
      const after = text[at + term.text.length];
      if ((before !== undefined && /[\p{L}\p{N}]/u.test(before)) || (!term.prefix && after !== undefined && /[\p{L}\p{N}]/u.test(after))) continue;
    }
    count += 1;
  }
  return count;
}

/**
 * The default engine: SQLite FTS5 over the analyzed text, inside the knowledge base's own database.
 * BM25 ranking, with an exact match on an entity's name or alias ranked first.
 *
 * One FTS query reads the matches newest first, with their BM25 rank, kind, year and authorities, up
 * to SEARCH_WINDOW + 1 of them. When a query matches at most SEARCH_WINDOW documents, that is all of
 * them and every count is exact; a query matching more is ranked and faceted over its SEARCH_WINDOW
 * most recent matches and its counts are estimated, so the cost stays bounded however common the term.
 */
export class EmbeddedSearchEngine implements SearchEngine {
  readonly name = 'embedded' as const;

  private readonly sql: Sql;
  /** The size of the index, for estimates and BM25 computed here: counted once per data version. */
  private readonly corpus: () => Promise<{ maxId: number; documents: number; averageLength: number }>;

  constructor(dataSource: DataSource) {
    const sql = (this.sql = sqlOf(dataSource));
    this.corpus = perDataVersion(dataSource, async () => {
      const [row] = await sql.all<{ maxId: number | null; documents: number; averageLength: number | null }>(
        'SELECT MAX(id) AS maxId, COUNT(*) AS documents, AVG(LENGTH(title) + LENGTH(body)) AS averageLength FROM search_document',
      );
      return { maxId: row.maxId ?? 0, documents: row.documents, averageLength: row.averageLength ?? 1 };
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
        const [probe]: { n: number; oldest: number | null }[] = await this.sql.all<any>(
          'SELECT COUNT(*) AS n, MIN(id) AS oldest FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?)',
          [ftsExpression([term]), SEARCH_WINDOW + 1],
        );
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
   * BM25 as FTS5 computes it (title weighted 4, k1 1.2, b 0.75) over the text of the newest RANK_WINDOW
   * matches: for a query with a common term, where FTS5's bm25() would read every document holding the
   * term to count them. Counts of terms past SEARCH_WINDOW are estimated; lengths are in characters.
   * Older matches follow the ranked ones, newest first.
   */
  private async rankHere(matches: MatchRow[], frequencies: { term: QueryTerm; documents: number }[]): Promise<void> {
    const { documents, averageLength } = await this.corpus();
    const idf = frequencies.map(({ documents: n }) => Math.max(1e-6, Math.log((documents - n + 0.5) / (n + 0.5))));
    const ranked = matches.slice(0, RANK_WINDOW);
    const texts = new Map(
      (await this.sql.all<{ id: number; title: string; body: string }>(`SELECT id, title, body FROM search_document WHERE id IN (${ranked.map(() => '?').join(', ')})`, ranked.map((m) => m.id))).map((row) => [row.id, row]),
    );
    for (const m of matches) m.rank = 0; // older than the ranked window: after every ranked match, newest first
    for (const m of ranked) {
      const text = texts.get(m.id)!;
      const title = normalizeText(text.title);
      const body = normalizeText(text.body);
      const norm = K1 * (1 - B + (B * (text.title.length + text.body.length)) / averageLength);
      let score = 0;
      frequencies.forEach(({ term }, i) => {
        const f = TITLE_WEIGHT * occurrences(title, term) + occurrences(body, term);
        score += (idf[i] * f * (K1 + 1)) / (f + norm);
      });
      m.rank = -score;
    }
  }

  async search(request: SearchRequest): Promise<EngineResult> {
    const filter = this.filterSql(request);
    const frequencies = await this.termFrequencies(request.terms);
    const common = frequencies.some((f) => f.common);
    // CROSS JOIN keeps SQLite's planner from driving the join from the document side (one MATCH per row).
    const matches: MatchRow[] = await this.sql.all<any>(
      `SELECT search_fts.rowid AS id, d.kind AS kind, d.year AS year, d.authorities AS authorities, ${common ? '0' : BM25} AS rank
       FROM search_fts CROSS JOIN search_document d ON d.id = search_fts.rowid
       WHERE search_fts MATCH ?${filter.sql}
       ORDER BY search_fts.rowid DESC LIMIT ?`,
      [ftsExpression(request.terms), ...filter.params, SEARCH_WINDOW + 1],
    );
    const windowed = matches.length > SEARCH_WINDOW;
    if (windowed) matches.pop();
    if (common && matches.length) await this.rankHere(matches, frequencies);

    const exactKey = exactForm(request.query);
    const exact: DocumentRow[] = exactKey
      ? await this.sql.all<any>(
          `SELECT d.id, d.kind, d.nodeType, d.nodeKey, d.passageIndex, d.title, d.body FROM search_alias a JOIN search_document d ON d.id = a.documentId WHERE a.alias = ?${filter.sql} ORDER BY d.kind, d.id`,
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
          `SELECT d.id, d.kind, d.nodeType, d.nodeKey, d.passageIndex, d.title, d.body FROM search_document d WHERE d.id IN (${fromRanked.map(() => '?').join(', ')})`,
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
