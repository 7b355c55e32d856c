import { DataSource } from 'typeorm';
import { exactForm, ftsExpression, highlight } from './analyzer';
import { EngineHit, EngineResult, SearchEngine, SearchRequest, sortFacet } from './search-engine';
import { SearchKind } from './search.enums';

interface Row {
  id: number;
  kind: SearchKind;
  nodeType: string;
  nodeKey: string;
  passageIndex: number | null;
  title: string;
  body: string;
  rank: number;
}

/** Column weights for bm25(): title words and characters count four times body ones. */
const BM25 = 'bm25(search_fts, 4.0, 4.0, 1.0, 1.0)';

/**
 * The default engine: SQLite FTS5 over the analyzed text, inside the knowledge base's own database.
 * BM25 ranking, with an exact match on an entity's name or alias ranked first.
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
    if (authorities?.length) parts.push(`EXISTS (SELECT 1 FROM search_document_tag t WHERE t.documentId = d.id AND t.facet = 'authority' AND t.value IN (${list(authorities)}))`);
    if (managerSlugs?.length) parts.push(`EXISTS (SELECT 1 FROM search_document_tag t WHERE t.documentId = d.id AND t.facet = 'manager' AND t.value IN (${list(managerSlugs)}))`);
    if (from) parts.push(`d.date >= ${list([from])}`);
    if (to) parts.push(`d.date <= ${list([to])}`);
    return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
  }

  async search(request: SearchRequest): Promise<EngineResult> {
    const match = ftsExpression(request.terms);
    const filter = this.filterSql(request);
    const matched = `FROM search_fts JOIN search_document d ON d.id = search_fts.rowid WHERE search_fts MATCH ?${filter.sql}`;
    const args = [match, ...filter.params];
    const columns = 'd.id, d.kind, d.nodeType, d.nodeKey, d.passageIndex, d.title, d.body';

    const exactKey = exactForm(request.query);
    const exact: Row[] = exactKey
      ? await this.dataSource.query(
          `SELECT ${columns}, 0 AS rank FROM search_alias a JOIN search_document d ON d.id = a.documentId WHERE a.alias = ?${filter.sql} ORDER BY d.kind, d.id`,
          [exactKey, ...filter.params],
        )
      : [];
    const exactIds = new Set(exact.map((r) => r.id));

    const [kindRows, yearRows, authorityRows, exactAlsoMatched] = await Promise.all([
      this.dataSource.query(`SELECT d.kind AS value, COUNT(*) AS count ${matched} GROUP BY d.kind`, args) as Promise<{ value: string; count: number }[]>,
      this.dataSource.query(`SELECT d.year AS value, COUNT(*) AS count ${matched} AND d.year IS NOT NULL GROUP BY d.year`, args) as Promise<{ value: number; count: number }[]>,
      this.dataSource.query(
        `SELECT t.value AS value, COUNT(*) AS count FROM search_fts JOIN search_document d ON d.id = search_fts.rowid JOIN search_document_tag t ON t.documentId = d.id AND t.facet = 'authority' WHERE search_fts MATCH ?${filter.sql} GROUP BY t.value`,
        args,
      ) as Promise<{ value: string; count: number }[]>,
      exact.length
        ? (this.dataSource.query(`SELECT d.id ${matched} AND d.id IN (${exact.map(() => '?').join(', ')})`, [...args, ...exact.map((r) => r.id)]) as Promise<{ id: number }[]>)
        : Promise.resolve([]),
    ]);

    const kinds = new Map(kindRows.map((r) => [r.value, Number(r.count)]));
    const years = new Map(yearRows.map((r) => [String(r.value), Number(r.count)]));
    const authorities = new Map(authorityRows.map((r) => [r.value, Number(r.count)]));
    const alsoMatched = new Set(exactAlsoMatched.map((r) => r.id));
    const exactOnly = exact.filter((r) => !alsoMatched.has(r.id));
    for (const row of exactOnly) kinds.set(row.kind, (kinds.get(row.kind) ?? 0) + 1);
    const totalCount = [...kinds.values()].reduce((a, b) => a + b, 0);

    // The page: exact matches first, then BM25 order without them.
    const end = request.offset + request.first;
    const fromExact = exact.slice(request.offset, end);
    const ftsOffset = Math.max(0, request.offset - exact.length);
    const ftsLimit = request.first - fromExact.length;
    const ranked: Row[] =
      ftsLimit > 0
        ? await this.dataSource.query(
            `SELECT ${columns}, ${BM25} AS rank ${matched}${exactIds.size ? ` AND d.id NOT IN (${[...exactIds].map(() => '?').join(', ')})` : ''} ORDER BY rank, d.id LIMIT ? OFFSET ?`,
            [...args, ...exactIds, ftsLimit, ftsOffset],
          )
        : [];
    const best = ranked.length ? -ranked[0].rank : 0;
    const toHit = (row: Row, score: number): EngineHit => {
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
      hits: [...fromExact.map((row) => toHit(row, best + 1)), ...ranked.map((row) => toHit(row, -row.rank))],
      facets: { kinds: sortFacet(kinds), authorities: sortFacet(authorities), years: sortFacet(years) },
    };
  }
}
