import { DataSource } from 'typeorm';
import { exactForm, ftsExpression, highlight } from './analyzer';
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

/** How many matches a query is ranked and counted over, at most: the most recently indexed ones. */
export const SEARCH_WINDOW = 500;

/** Column weights for bm25(): title words and characters count four times body ones. */
const BM25 = 'bm25(search_fts, 4.0, 4.0, 1.0, 1.0)';

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

  constructor(private readonly dataSource: DataSource) {}

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

  async search(request: SearchRequest): Promise<EngineResult> {
    const filter = this.filterSql(request);
    // CROSS JOIN keeps SQLite's planner from driving the join from the document side (one MATCH per row).
    const matches: MatchRow[] = await this.dataSource.query(
      `SELECT search_fts.rowid AS id, d.kind AS kind, d.year AS year, d.authorities AS authorities, ${BM25} AS rank
       FROM search_fts CROSS JOIN search_document d ON d.id = search_fts.rowid
       WHERE search_fts MATCH ?${filter.sql}
       ORDER BY search_fts.rowid DESC LIMIT ?`,
      [ftsExpression(request.terms), ...filter.params, SEARCH_WINDOW + 1],
    );
    const windowed = matches.length > SEARCH_WINDOW;
    if (windowed) matches.pop();

    const exactKey = exactForm(request.query);
    const exact: DocumentRow[] = exactKey
      ? await this.dataSource.query(
          `SELECT d.id, d.kind, d.nodeType, d.nodeKey, d.passageIndex, d.title, d.body FROM search_alias a JOIN search_document d ON d.id = a.documentId WHERE a.alias = ?${filter.sql} ORDER BY d.kind, d.id`,
          [exactKey, ...filter.params],
        )
      : [];
    const exactIds = new Set(exact.map((r) => r.id));

    // Counts: exact over all matches, or scaled from the window by how much of the index it spans.
    let scale = 1;
    if (windowed) {
      const [{ maxId }] = await this.dataSource.query('SELECT MAX(id) AS maxId FROM search_document');
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
      ? await this.dataSource.query(
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
