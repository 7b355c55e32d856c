import type { TermMatch } from './explain';
import type { ParsedQuery } from './query-syntax';
import { SearchEngineName, SearchKind } from './search.enums';

/** A search as engines receive it: the query as typed and parsed, the filter, and a page by offset. */
export interface SearchRequest {
  query: string;
  parsed: ParsedQuery;
  filter: SearchFilterValues;
  first: number;
  offset: number;
}

export interface SearchFilterValues {
  kinds?: SearchKind[];
  authorities?: string[];
  managerSlugs?: string[];
  from?: string;
  to?: string;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchFacetCounts {
  kinds: FacetCount[];
  authorities: FacetCount[];
  years: FacetCount[];
}

/** Distinct matched words (and matches) a hit lists at most (the first found): what bounds `SearchHit.matchedTerms` and `SearchHit.matches`. */
export const MAX_MATCHED_TERMS = 32;

/** One hit: the document it matched and how well; `snippet` is HTML with <mark> around the matches. */
export interface EngineHit {
  kind: SearchKind;
  nodeType: string;
  nodeKey: string;
  passageIndex: number | null;
  title: string;
  score: number;
  snippet: string;
  matchedTerms: string[];
  /** How each term of the query matched. */
  matches: TermMatch[];
}

export interface EngineResult {
  engine: SearchEngineName;
  totalCount: number;
  /** False when totalCount and the facet counts are estimates (a very common query, or an engine that estimates). */
  countsAreExact: boolean;
  /** The query as the engine read it, with its operators and (embedded engine) nothing else. */
  readAs: string;
  hits: EngineHit[];
  facets: SearchFacetCounts;
}

/** What the embedded engine and the Meilisearch engine both provide. */
export interface SearchEngine {
  readonly name: SearchEngineName;
  search(request: SearchRequest): Promise<EngineResult>;
  /** For engines on another server: whether it answers now. */
  isHealthy?(): Promise<boolean>;
  /** Loads what the engine keeps for the current data (the embedded engine's facets in memory), resolving when it has. */
  warm?(): Promise<void>;
}

/** Facet counts sorted the way a frontend draws them: most first, then by value. */
export function sortFacet(counts: Map<string, number>): FacetCount[] {
  return [...counts.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
