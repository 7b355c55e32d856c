import type { Meilisearch, Settings } from 'meilisearch';
import { escapeHtml, normalizeText } from './analyzer';
import { MatchField, MatchForm } from './search.enums';
import { EngineHit, EngineResult, SearchEngine, SearchFilterValues, SearchRequest, sortFacet } from './search-engine';
import { EntityManager } from 'typeorm';
import { buildSearchDocuments, SearchDocumentInput } from './search-indexer';

/** A search document as Meilisearch stores it. */
export interface MeiliDocument extends Pick<
  SearchDocumentInput,
  'key' | 'kind' | 'nodeType' | 'nodeKey' | 'passageIndex' | 'title' | 'body' | 'authorities' | 'managers' | 'year'
> {
  id: string;
  aliases: string[];
  /** Days since 1970-01-01, for range filters on the date. */
  dateDay: number | null;
}

/** The index settings: which attributes are searched, filtered, sorted; Chinese and English tokenization; typo tolerance. */
export const MEILI_SETTINGS: Settings = {
  searchableAttributes: ['title', 'aliases', 'body'],
  filterableAttributes: ['kind', 'authorities', 'managers', 'year', 'dateDay'],
  sortableAttributes: ['dateDay'],
  displayedAttributes: ['*'],
  localizedAttributes: [{ attributePatterns: ['title', 'aliases', 'body'], locales: ['cmn', 'eng'] }],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: ['aliases'] },
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 1000 },
};

const HIGHLIGHT_START = '\u0001';
const HIGHLIGHT_END = '\u0002';

const dayOf = (date: string | null) => (date ? Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000 : null);

/** Maps a search document to its Meilisearch form; ids are the document key in base64url (Meilisearch allows [A-Za-z0-9_-]). */
export function toMeiliDocument(doc: SearchDocumentInput): MeiliDocument {
  return {
    id: Buffer.from(doc.key, 'utf8').toString('base64url'),
    key: doc.key,
    kind: doc.kind,
    nodeType: doc.nodeType,
    nodeKey: doc.nodeKey,
    passageIndex: doc.passageIndex,
    title: doc.title,
    aliases: doc.titleExtra ? doc.titleExtra.split(' ').filter(Boolean) : [],
    body: doc.body,
    authorities: doc.authorities,
    managers: doc.managers,
    year: doc.year,
    dateDay: dayOf(doc.date),
  };
}

const list = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

/** Translates a search filter into Meilisearch filter expressions, combined with AND. */
export function toMeiliFilter(filter: SearchFilterValues): string[] {
  const parts: string[] = [];
  if (filter.kinds?.length) parts.push(`kind IN ${list(filter.kinds)}`);
  if (filter.authorities?.length) parts.push(`authorities IN ${list(filter.authorities)}`);
  if (filter.managerSlugs?.length) parts.push(`managers IN ${list(filter.managerSlugs)}`);
  if (filter.from) parts.push(`dateDay >= ${dayOf(filter.from)}`);
  if (filter.to) parts.push(`dateDay <= ${dayOf(filter.to)}`);
  return parts;
}

/** Meilisearch's highlighted text made safe: escaped as HTML, its highlight markers turned into <mark>. */
export function markHighlights(formatted: string): { snippet: string; matched: string[] } {
  const matched = [...formatted.matchAll(new RegExp(`${HIGHLIGHT_START}([^${HIGHLIGHT_END}]*)${HIGHLIGHT_END}`, 'g'))].map((m) => m[1]);
  const snippet = escapeHtml(formatted).replaceAll(HIGHLIGHT_START, '<mark>').replaceAll(HIGHLIGHT_END, '</mark>');
  return { snippet, matched: [...new Set(matched)] };
}

interface MeiliHit extends MeiliDocument {
  _formatted?: Partial<Record<'title' | 'body', string>>;
  _rankingScore?: number;
}

/** Maps a Meilisearch response to the engine-neutral result. */
export function fromMeiliResponse(
  response: {
    hits: MeiliHit[];
    estimatedTotalHits?: number;
    totalHits?: number;
    facetDistribution?: Record<string, Record<string, number>>;
  },
  readAs: string,
): EngineResult {
  const hits: EngineHit[] = response.hits.map((hit) => {
    const body = markHighlights(hit._formatted?.body ?? escapeHtml(hit.body));
    const title = markHighlights(hit._formatted?.title ?? hit.title);
    const use = body.matched.length > 0 || title.matched.length === 0 ? body : title;
    const field = use === body ? MatchField.BODY : MatchField.TITLE;
    return {
      kind: hit.kind,
      nodeType: hit.nodeType,
      nodeKey: hit.nodeKey,
      passageIndex: hit.passageIndex,
      title: hit.title,
      score: hit._rankingScore ?? 0,
      snippet: use.snippet,
      matchedTerms: use.matched,
      // Meilisearch says what it highlighted, not through which form: each is reported as it reads.
      matches: use.matched.map((matched) => ({ term: normalizeText(matched), matched, form: MatchForm.EXACT, field })),
    };
  });
  const facet = (name: string) => sortFacet(new Map(Object.entries(response.facetDistribution?.[name] ?? {})));
  return {
    engine: 'meilisearch',
    totalCount: response.totalHits ?? response.estimatedTotalHits ?? hits.length,
    countsAreExact: response.totalHits !== undefined,
    readAs,
    hits,
    facets: { kinds: facet('kind'), authorities: facet('authorities'), years: facet('year') },
  };
}

export interface MeilisearchOptions {
  url: string;
  apiKey?: string;
  index: string;
  /** Per-request timeout: a slow server must not hold a query longer than this before the fallback answers. */
  timeoutMs?: number;
}

/**
 * The Meilisearch engine, through the official client. The client is an ES module, loaded only when a
 * Meilisearch is configured (`MeilisearchEngine.connect`).
 */
export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;

  private constructor(
    private readonly client: Meilisearch,
    private readonly options: MeilisearchOptions,
  ) {}

  static async connect(options: MeilisearchOptions): Promise<MeilisearchEngine> {
    const { Meilisearch: Client } = await import('meilisearch');
    return new MeilisearchEngine(new Client({ host: options.url, apiKey: options.apiKey, timeout: options.timeoutMs ?? 2000 }), options);
  }

  get indexName(): string {
    return this.options.index;
  }

  /** True when the server answers its health check. */
  async isHealthy(): Promise<boolean> {
    try {
      await this.client.health();
      return true;
    } catch {
      return false;
    }
  }

  async search(request: SearchRequest): Promise<EngineResult> {
    const response = await this.client.index<MeiliDocument>(this.options.index).search(normalizeText(request.query), {
      filter: toMeiliFilter(request.filter),
      facets: ['kind', 'authorities', 'year'],
      offset: request.offset,
      limit: request.first,
      attributesToHighlight: ['title', 'body'],
      attributesToCrop: ['body'],
      cropLength: 60,
      highlightPreTag: HIGHLIGHT_START,
      highlightPostTag: HIGHLIGHT_END,
      showRankingScore: true,
      locales: ['cmn', 'eng'],
    });
    return fromMeiliResponse(response as never, request.parsed.readAs);
  }

  /** Syncs the index with the knowledge base as `em` sees it (call after a load commits). */
  async syncFrom(em: EntityManager): Promise<{ documents: number }> {
    return this.sync(await buildSearchDocuments(em));
  }

  /**
   * Replaces the index's documents with `docs`, atomically: builds a fresh index with the settings,
   * waits for its tasks, then swaps it in for the live one, so searches never see a half-loaded index.
   */
  async sync(docs: SearchDocumentInput[]): Promise<{ documents: number }> {
    const live = this.options.index;
    const staging = `${live}_staging`;
    await this.client
      .deleteIndex(staging)
      .waitTask()
      .catch(() => undefined);
    await this.client.createIndex(staging, { primaryKey: 'id' }).waitTask();
    const index = this.client.index<MeiliDocument>(staging);
    await index.updateSettings(MEILI_SETTINGS).waitTask();
    const documents = docs.map(toMeiliDocument);
    for (let i = 0; i < documents.length; i += 10_000) {
      const task = await index.addDocuments(documents.slice(i, i + 10_000)).waitTask({ timeout: 600_000 });
      if (task.status !== 'succeeded') throw new Error(`Meilisearch did not index documents: ${JSON.stringify(task.error)}`);
    }
    const exists = await this.client.getIndex(live).then(
      () => true,
      () => false,
    );
    if (!exists) await this.client.createIndex(live, { primaryKey: 'id' }).waitTask();
    await this.client.swapIndexes([{ indexes: [live, staging], rename: false }]).waitTask();
    await this.client.deleteIndex(staging).waitTask();
    return { documents: documents.length };
  }
}
