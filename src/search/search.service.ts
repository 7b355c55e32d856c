import { performance } from 'node:perf_hooks';
import { AuthorityService } from '../authorities/authority.service';
import { BadUserInputError } from '../core/errors';
import { decodeCursor, DEFAULT_SEARCH_SIZE, encodeCursor } from '../core/pagination';
import { ManagerService } from '../managers/manager.service';
import { parseQuery, QueryError } from './query-syntax';
import { EngineHit, EngineResult, MAX_MATCHED_TERMS, SearchEngine, SearchFacetCounts, SearchFilterValues } from './search-engine';
import { SearchEngineName } from './search.enums';

export const MAX_SEARCH_SIZE = 100;
/** Deep paging through ranked results is not a use case; a client narrows the query or the filter instead. */
export const MAX_SEARCH_OFFSET = 1000;

export interface SearchPage {
  totalCount: number;
  countsAreExact: boolean;
  engine: SearchEngineName;
  fallbackReason: string | null;
  /** The query as it was read: its operators, phrases and exclusions. */
  readAs: string;
  tookMs: number;
  hits: (EngineHit & { cursor: string })[];
  facets: SearchFacetCounts;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** What a search filter's authorities and managers are checked against. */
export interface SearchFilterChecks {
  authorities: Pick<AuthorityService, 'resolveCodes'>;
  managers: Pick<ManagerService, 'requireSlugs'>;
}

export interface SearchLogger {
  warn(message: string, details: Record<string, unknown>): void;
}

const cursorOf = (offset: number) => encodeCursor({ offset });

function offsetOf(after: string | null | undefined): number {
  if (!after) return 0;
  const offset = (decodeCursor(after) as { offset?: unknown } | undefined)?.offset;
  if (Number.isInteger(offset) && (offset as number) >= 0 && (offset as number) <= MAX_SEARCH_OFFSET) return offset as number;
  throw new BadUserInputError('"after" is not a cursor from these search results', 'after');
}

/**
 * Full-text search over announcements (by passage), events, managers and products. Uses Meilisearch
 * when one is configured and reachable, and the embedded engine otherwise; a failed Meilisearch
 * query is answered by the embedded engine, with the reason in `fallbackReason` and a warning logged.
 * A filter naming an authority or a manager that does not exist is refused (UnknownValuesError).
 */
export class SearchService {
  constructor(
    private readonly embedded: SearchEngine,
    private readonly checks: SearchFilterChecks,
    private readonly external: SearchEngine | null = null,
    private readonly logger: SearchLogger = { warn: (message, details) => console.warn(JSON.stringify({ level: 'warn', message, ...details })) },
  ) {}

  /** The engine queries go to first. */
  get preferredEngine(): SearchEngineName {
    return (this.external ?? this.embedded).name;
  }

  /** Loads what the embedded engine keeps for the current data: the server does before it listens. */
  warm(): Promise<void> {
    return this.embedded.warm?.() ?? Promise.resolve();
  }

  /** For /readyz: `degraded` when a configured Meilisearch does not answer its health check. */
  async status(): Promise<{ engine: SearchEngineName; status: 'ok' | 'degraded' }> {
    if (!this.external) return { engine: this.embedded.name, status: 'ok' };
    const healthy = this.external.isHealthy ? await this.external.isHealthy() : true;
    return { engine: this.external.name, status: healthy ? 'ok' : 'degraded' };
  }

  async search(query: string, filter: SearchFilterValues, first: number | null | undefined, after: string | null | undefined): Promise<SearchPage> {
    const started = performance.now();
    // The resolver's SearchPageArgs hold `first` to 1 to MAX_SEARCH_SIZE.
    const size = first ?? DEFAULT_SEARCH_SIZE;
    const offset = offsetOf(after);
    let parsed;
    try {
      parsed = parseQuery(query);
    } catch (error) {
      if (error instanceof QueryError) throw new BadUserInputError(error.message, 'query');
      throw error;
    }
    if (filter.from && filter.to && filter.from > filter.to) throw new BadUserInputError(`"from" (${filter.from}) is after "to" (${filter.to})`, 'filter');
    await this.checks.managers.requireSlugs(filter.managerSlugs);
    const request = { query, parsed, filter: { ...filter, authorities: await this.checks.authorities.resolveCodes(filter.authorities) }, first: size, offset };
    let result: EngineResult;
    let fallbackReason: string | null = null;
    if (this.external) {
      try {
        result = await this.external.search(request);
      } catch (error) {
        fallbackReason = `${this.external.name} did not answer (${(error as Error).message}); answered by the embedded engine`;
        this.logger.warn('search fell back to the embedded engine', { engine: this.external.name, error: (error as Error).message });
        result = await this.embedded.search(request);
      }
    } else {
      result = await this.embedded.search(request);
    }
    const hits = result.hits.map((hit, i) => ({
      ...hit,
      matchedTerms: hit.matchedTerms.slice(0, MAX_MATCHED_TERMS),
      matches: hit.matches.slice(0, MAX_MATCHED_TERMS),
      cursor: cursorOf(offset + i + 1),
    }));
    return {
      totalCount: result.totalCount,
      countsAreExact: result.countsAreExact,
      engine: result.engine,
      fallbackReason,
      readAs: result.readAs,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
      hits,
      facets: result.facets,
      pageInfo: {
        hasNextPage: offset + hits.length < result.totalCount && offset + hits.length < MAX_SEARCH_OFFSET,
        hasPreviousPage: offset > 0,
        startCursor: hits[0]?.cursor ?? null,
        endCursor: hits[hits.length - 1]?.cursor ?? null,
      },
    };
  }
}
