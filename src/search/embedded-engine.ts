import { DataSource } from 'typeorm';
import { perDataVersion } from '../database/data-version';
import { Sql, sqlOf } from '../core/sql';
import { EVENT_TYPE_NAMES } from '../events/event.entity';
import { EventType } from '../events/event.enums';
import { SearchKind } from './search.enums';
import { exactForm } from './analyzer';
import { LRUCache } from 'lru-cache';
import { analyseDocument, bm25Scores, Corpus, ScoredText } from './bm25';
import { explain } from './explain';
import { levelsOf, MatchLevel, MatchUnit, planQuery, QueryPlan, scoredUnits, ScoredUnits, withLevels } from './query-plan';
import { FacetsLoad } from './search-facets';
import { loadSearchGlossary, SearchGlossary } from './search-glossary';
import { EngineHit, EngineResult, SearchEngine, SearchFilterValues, SearchRequest, sortFacet } from './search-engine';
import { SearchDocumentInput } from './search-indexer';
import { searchStrategyFor } from './search-strategies';
import { FilterSql, MatchQuery, MatchRead, MatchRow, SearchStrategy, TermProbe } from './search-strategy';

type DocumentRow = Pick<SearchDocumentInput, 'kind' | 'nodeType' | 'nodeKey' | 'passageIndex' | 'title' | 'titleExtra' | 'body' | 'managers'> & { id: number };

/** A hit's columns, as DocumentRow names them (quoted: PostgreSQL folds unquoted names to lower case). */
const DOCUMENT_COLUMNS = 'd.id, d.kind, d."nodeType", d."nodeKey", d."passageIndex", d.title, d."titleExtra", d.body, d.managers';

/** How many matches a query is counted and faceted over, at most: the most recently indexed ones. */
export const SEARCH_WINDOW = 500;
/**
 * A term in more documents than this is common: FTS5's bm25() would read every document holding it, so
 * BM25 is computed here instead, over the newest RANK_WINDOW matches.
 */
export const RANK_WINDOW = 100;

/** How many documents hold a unit (estimated past SEARCH_WINDOW), and whether it is common (past RANK_WINDOW). */
interface UnitFrequency {
  unit: MatchUnit;
  documents: number;
  common: boolean;
}

/** The size of the index as a database gives it (PostgreSQL's bigints as strings). */
type CorpusRow = { maxId: number | string | null; documents: number | string; tokens: number | string | null };

/** A unit as the term statistics key it. */
const unitKey = (unit: MatchUnit) => `${unit.column}:${unit.prefix ? '*' : ''}:${unit.tokens.join(' ')}`;

/** How many units' probes the engine keeps per data version, and in about how many bytes at most (a long phrase's key is long). */
const TERM_STATISTICS = 20_000;
const TERM_STATISTICS_BYTES = 4_000_000;

/** A document as BM25 reads it: its analysed text and its length in tokens. */
interface AnalysedDocument {
  text: ScoredText;
  tokens: number;
}

/** How many analysed documents the engine keeps per data version, and in how many bytes at most: the newest matches of the common terms. */
const ANALYSED_DOCUMENTS = 2_000;
const ANALYSED_BYTES = 16_000_000;

/** About what an analysed document holds: its normalised title and body (UTF-16) and the runs, keys and tokens made from them, a few times over. */
const analysedSize = (d: AnalysedDocument) => 200 + 8 * (d.text.title.length + d.text.body.length);

/** A match with how it ranks: its tier (see tierOf) and the level it matched at. */
type RankedMatch = MatchRow & { tier: number; level: MatchLevel };

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

/** A hit of a document, explained: what each term matched, the snippet showing it. */
function hitOf(row: DocumentRow, score: number, plan: QueryPlan): EngineHit {
  const { snippet, matchedTerms, matches } = explain(row, plan);
  return {
    kind: row.kind,
    nodeType: row.nodeType,
    nodeKey: row.nodeKey,
    passageIndex: row.passageIndex,
    title: row.title,
    score,
    snippet,
    matchedTerms,
    matches,
  };
}

/** Events that are regulatory actions: a penalty, a suspension, a measure, a liquidation or dissolution. */
const ACTION_TYPES = new Set(
  [EventType.EXCHANGE_PENALTY, EventType.TRADING_SUSPENSION, EventType.REGULATORY_MEASURE, EventType.LIQUIDATION_NOTICE].map((t) => EVENT_TYPE_NAMES[t]),
);

/** The values of a space-padded column (" SSE CSRC_SH "). */
const valuesOf = (padded: string) => padded.split(' ').filter(Boolean);

/** What a query names, for its tiers: entities by their exact names, managers, authorities and kinds of event. */
interface Named {
  documents: Set<number>;
  managers: Set<string>;
  authorities: Set<string>;
  nodeTypes: Set<string>;
}

/** The tier of whatever the query does not name. */
const LAST_TIER = 4;

/** Whether the query names anything that tiers hits. */
const namesAnything = (named: Named) => named.documents.size + named.managers.size + named.authorities.size + named.nodeTypes.size > 0;

/**
 * A match's tier, best first: 0 an entity the query names; 1 an event of a kind of action the query
 * names; 2 a regulatory action of a manager or by an authority the query names; 3 another event of
 * theirs; 4 everything else.
 */
function tierOf(m: MatchRow, named: Named): number {
  if (named.documents.has(m.id)) return 0;
  if (m.kind !== SearchKind.EVENT) return LAST_TIER;
  const nodeType = m.nodeType ?? '';
  if (named.nodeTypes.has(nodeType)) return 1;
  const concerned = valuesOf(m.managers ?? '').some((s) => named.managers.has(s)) || valuesOf(m.authorities).some((a) => named.authorities.has(a));
  if (!concerned) return LAST_TIER;
  return ACTION_TYPES.has(nodeType) ? 2 : 3;
}

/** The order of ranked matches: by tier; the named's actions newest first; then exact before stemmed before glossary; then BM25; then newest. */
function byRank(a: RankedMatch, b: RankedMatch): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.tier === 2 && a.date !== b.date) return (b.date ?? '').localeCompare(a.date ?? '');
  return a.level - b.level || a.rank - b.rank || b.id - a.id;
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
  /** The glossary queries are planned with: read once per data version. */
  private readonly glossary: () => Promise<SearchGlossary>;
  /**
   * Documents as BM25 reads them, by id, for the data version: a common term is ranked over its
   * newest matches, and the newest documents are those of every common term.
   */
  private readonly analysed: () => Promise<LRUCache<number, AnalysedDocument>>;

  /** Each unit's probe (how many documents hold it, up to SEARCH_WINDOW + 1), by unitKey, for the data version. */
  private readonly termStatistics: () => Promise<LRUCache<string, TermProbe>>;
  /** The facet columns of every document in memory (src/search/search-facets.ts), loading from the first search of each data version; null when read with the matches instead. */
  private readonly facets: (() => Promise<FacetsLoad>) | null;

  private readonly levels: ReadonlySet<MatchLevel> | undefined;

  /**
   * `levels`: the kinds of match used (all by default; the relevance bench turns stems or the glossary
   * off to measure them). `analysedDocuments`: how many analysed documents are kept (ANALYSED_DOCUMENTS).
   * `facetsInMemory`: false reads the facet columns with every window of matches (the tests and the
   * bench compare the two).
   */
  constructor(dataSource: DataSource, options: { levels?: ReadonlySet<MatchLevel>; analysedDocuments?: number; facetsInMemory?: boolean } = {}) {
    this.levels = options.levels;
    const analysedMax = options.analysedDocuments ?? ANALYSED_DOCUMENTS;
    const sql = (this.sql = sqlOf(dataSource));
    this.corpus = perDataVersion(dataSource, async () => {
      // Kept by the indexer (search_stats); counted here only for an index written before it was.
      const [kept] = await sql.all<CorpusRow>('SELECT "maxId" AS "maxId", "documents" AS "documents", "tokens" AS "tokens" FROM search_stats');
      const [row] = kept
        ? [kept]
        : await sql.all<CorpusRow>('SELECT MAX(id) AS "maxId", COUNT(*) AS "documents", SUM("tokens") AS "tokens" FROM search_document');
      return { maxId: Number(row.maxId ?? 0), documents: Number(row.documents), tokens: Number(row.tokens ?? 0) };
    });
    this.glossary = perDataVersion(dataSource, () => loadSearchGlossary(sql));
    this.analysed = perDataVersion(
      dataSource,
      async () => new LRUCache<number, AnalysedDocument>({ max: analysedMax, maxSize: ANALYSED_BYTES, sizeCalculation: analysedSize }),
    );
    this.termStatistics = perDataVersion(
      dataSource,
      async () =>
        new LRUCache<string, TermProbe>({ max: TERM_STATISTICS, maxSize: TERM_STATISTICS_BYTES, sizeCalculation: (_probe, key) => 64 + 2 * key.length }),
    );
    this.facets = options.facetsInMemory === false ? null : perDataVersion(dataSource, async () => new FacetsLoad(sql, (await this.corpus()).documents));
    this.strategy = searchStrategyFor(dataSource, sql, async () => (await this.corpus()).maxId);
  }

  /** Loads the data version's glossary, index size and facets in memory, resolving when they are (a failed facets load does not reject: searches read them with their matches). */
  async warm(): Promise<void> {
    await Promise.all([this.glossary(), this.corpus(), this.facets?.().then((load) => load.done)]);
  }

  async search(request: SearchRequest): Promise<EngineResult> {
    const plan = withLevels(planQuery(request.parsed, await this.glossary()), this.levels);
    const filter = filterSql(request.filter);
    const scored = scoredUnits(plan);
    const named = await this.named(plan);
    const { matches, frequencies, rankedHere } = await this.matchWindow(plan, scored, filter, namesAnything(named) ? 'tiers' : 'facets');
    const windowed = matches.length > SEARCH_WINDOW;
    if (windowed) matches.pop();
    if (rankedHere && matches.length) await this.rankHere(matches, scored, frequencies);
    // The whole query as one name, only where it is one: not with an OR or an exclusion (宁波 -灵均 is not 宁波灵均).
    const plain = plan.excluded.length === 0 && request.parsed.groups.every((g) => g.length === 1);
    const exact = plain ? await this.exactMatches(request.query, filter) : [];
    const ranked = await this.rank(plan, filter, matches, named);
    const facets = await this.facetCounts(matches, exact, windowed);
    return {
      engine: this.name,
      totalCount: facets.totalCount,
      countsAreExact: !windowed,
      readAs: plan.readAs,
      hits: await this.page(request, plan, ranked, exact),
      facets: { kinds: sortFacet(facets.kinds), authorities: sortFacet(facets.authorities), years: sortFacet(facets.years) },
    };
  }

  /**
   * The newest SEARCH_WINDOW + 1 matches, ranked by the database unless a unit is common (then `rankedHere`),
   * and how many documents hold each unit. A query of one unit, unfiltered, whose count is not yet known,
   * is its own probe: its window is read first and counts it, then read again ranked if it is rare.
   */
  private async matchWindow(plan: QueryPlan, scored: ScoredUnits, filter: FilterSql, read: MatchRead) {
    const query: MatchQuery = { plan, maxLevel: MatchLevel.GLOSSARY, filter, limit: SEARCH_WINDOW + 1, rankInDatabase: false, rare: false, read };
    const statistics = await this.termStatistics();
    const [unit] = scored.units;
    if (scored.units.length === 1 && plan.excluded.length === 0 && filter.sql === '' && !statistics.has(unitKey(unit))) {
      const matches = await this.window(query);
      const probe = { n: matches.length, oldest: matches.length ? matches[matches.length - 1].id : null };
      statistics.set(unitKey(unit), probe);
      const frequencies = [await this.frequencyOf(unit, probe)];
      const rankedHere = !this.strategy.ranksInDatabase || frequencies[0].common;
      return { matches: rankedHere ? matches : await this.window({ ...query, rankInDatabase: true }), frequencies, rankedHere };
    }
    const frequencies = await this.unitFrequencies(scored.units, statistics);
    const rankedHere = !this.strategy.ranksInDatabase || frequencies.some((f) => f.common);
    const rare = frequencies.some((f) => f.documents <= SEARCH_WINDOW);
    return { matches: await this.window({ ...query, rankInDatabase: !rankedHere, rare }), frequencies, rankedHere };
  }

  /**
   * The window of newest matches with the columns its read asks for: as ids, the columns then taken
   * from the facets in memory once they are loaded for the data version, and otherwise (or for a match
   * written after they were) read with the matches.
   */
  private async window(query: MatchQuery): Promise<MatchRow[]> {
    const facets = this.facets ? (await this.facets()).value : null;
    if (facets) {
      const matches = await this.strategy.newestMatches({ ...query, read: 'ids' });
      if (facets.fill(matches)) return matches;
    }
    return this.strategy.newestMatches(query);
  }

  /**
   * How many documents hold each unit, counted up to SEARCH_WINDOW + 1 and estimated beyond from how
   * far back the newest SEARCH_WINDOW + 1 reach; `common` past RANK_WINDOW. Each is one index probe that
   * stops early, whatever the unit, kept for the data version (`statistics`): a unit met again, in this
   * query or a later one, is not probed again.
   */
  private async unitFrequencies(units: MatchUnit[], statistics: LRUCache<string, TermProbe>): Promise<UnitFrequency[]> {
    const probes = new Map<string, Promise<TermProbe>>();
    const probeOf = (unit: MatchUnit) => {
      const key = unitKey(unit);
      const known = statistics.get(key);
      if (known) return Promise.resolve(known);
      if (!probes.has(key))
        probes.set(
          key,
          this.strategy.probe(unit, SEARCH_WINDOW + 1).then((probe) => (statistics.set(key, probe), probe)),
        );
      return probes.get(key)!;
    };
    return Promise.all(units.map(async (unit) => this.frequencyOf(unit, await probeOf(unit))));
  }

  /** A unit's frequency from its probe: counted up to SEARCH_WINDOW, estimated past it. */
  private async frequencyOf(unit: MatchUnit, probe: TermProbe): Promise<UnitFrequency> {
    let documents = probe.n;
    if (probe.n > SEARCH_WINDOW) {
      const { maxId } = await this.corpus();
      documents = Math.round((probe.n * maxId) / Math.max(1, maxId - (probe.oldest ?? 0) + 1));
    }
    return { unit, documents, common: probe.n > RANK_WINDOW };
  }

  /**
   * BM25 computed here (src/search/bm25.ts), for the newest RANK_WINDOW matches: where the database
   * cannot rank (PostgreSQL) always, on SQLite for a query with a common unit, where FTS5's bm25()
   * would read every document holding it to count them. Counts of units past SEARCH_WINDOW are
   * estimated. Older matches follow the ranked ones, newest first.
   */
  private async rankHere(matches: MatchRow[], scored: ScoredUnits, frequencies: UnitFrequency[]): Promise<void> {
    const corpus = await this.corpus();
    const ranked = matches.slice(0, RANK_WINDOW);
    const documents = await this.analysedDocuments(ranked.map((m) => m.id));
    const scores = bm25Scores(
      documents.map((d) => d.text),
      documents.map((d) => d.tokens),
      scored,
      frequencies.map((f) => f.documents),
      corpus,
    );
    for (const m of matches) m.rank = 0; // older than the ranked window: after every ranked match, newest first
    ranked.forEach((m, i) => (m.rank = -scores[i]));
  }

  /** Documents as BM25 reads them, in the order of `ids`: from the cache of the data version, the others read and analysed once. */
  private async analysedDocuments(ids: number[]): Promise<AnalysedDocument[]> {
    const cache = await this.analysed();
    // Taken from the cache first (get marks them used), so that the misses' entries cannot evict them.
    const found = new Map(ids.map((id) => [id, cache.get(id)]));
    const missing = ids.filter((id) => !found.get(id));
    if (missing.length) {
      const rows = await this.sql.arrays(
        `SELECT id, title, "titleExtra", body, "tokens" FROM search_document WHERE id IN (${missing.map(() => '?').join(', ')})`,
        missing,
      );
      for (const [id, title, titleExtra, body, tokens] of rows as [number, string, string, string, number][]) {
        const document = { text: analyseDocument(title, titleExtra, body), tokens };
        found.set(id, document);
        cache.set(id, document);
      }
    }
    return ids.map((id) => found.get(id)!);
  }

  /**
   * The matches in rank order (see byRank), each given the level it matched at (the most exact of the
   * plan's levels whose own match finds it: one read of ids per level below the plan's highest) and
   * its tier (every match is in the last tier when the query names nothing).
   */
  private async rank(plan: QueryPlan, filter: FilterSql, matches: MatchRow[], named: Named): Promise<RankedMatch[]> {
    const levels = levelsOf(plan);
    const ranked = matches as RankedMatch[];
    const top = levels[levels.length - 1] ?? MatchLevel.EXACT;
    for (const m of ranked) m.level = top;
    for (const level of levels.slice(0, -1).reverse()) {
      const found = await this.strategy.newestMatches({ plan, maxLevel: level, filter, limit: SEARCH_WINDOW, rankInDatabase: false, rare: false, read: 'ids' });
      const ids = new Set(found.map((m) => m.id));
      for (const m of ranked) if (ids.has(m.id)) m.level = level;
    }
    const anything = namesAnything(named);
    for (const m of ranked) m.tier = anything ? tierOf(m, named) : LAST_TIER;
    return ranked.sort(byRank);
  }

  /** What the query names: the entities one of its pieces (or all of it) is an exact name of, and through the glossary kinds of event and authorities. */
  private async named(plan: QueryPlan): Promise<Named> {
    const forms = [...new Set(plan.names.map(exactForm).filter(Boolean))];
    const rows = await this.sql.all<{ id: number; kind: SearchKind; managers: string }>(
      `SELECT d.id AS "id", d.kind AS "kind", d.managers AS "managers" FROM search_alias a JOIN search_document d ON d.id = a."documentId" WHERE a.alias IN (${forms.map(() => '?').join(', ')})`,
      forms,
    );
    return {
      documents: new Set(rows.map((r) => r.id)),
      managers: new Set(rows.filter((r) => r.kind === SearchKind.MANAGER).flatMap((r) => valuesOf(r.managers))),
      authorities: plan.named.authorities,
      nodeTypes: new Set([...plan.named.eventTypes].map((t) => EVENT_TYPE_NAMES[t as EventType]).filter(Boolean)),
    };
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

  /** The page of hits: exact matches first (scored above the best ranked one), then in rank order without them. */
  private async page(request: SearchRequest, plan: QueryPlan, matches: RankedMatch[], exact: DocumentRow[]): Promise<EngineHit[]> {
    const exactIds = new Set(exact.map((r) => r.id));
    const ranked = matches.filter((m) => !exactIds.has(m.id));
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
    const best = ranked.reduce((max, m) => Math.max(max, -m.rank), 0);
    return [...fromExact.map((row) => hitOf(row, best + 1, plan)), ...fromRanked.map((m) => hitOf(byId.get(m.id)!, -m.rank, plan))];
  }
}
