import type { Meilisearch, Settings } from 'meilisearch';
import { escapeHtml, normalizeText, segments } from './analyzer';
import { MatchField, MatchForm } from './search.enums';
import { EngineHit, EngineResult, SearchEngine, SearchFilterValues, SearchRequest, sortFacet } from './search-engine';
import { EntityManager } from 'typeorm';
import { buildSearchDocuments, SearchDocumentInput } from './search-indexer';
import { sqlOf } from '../core/sql';
import { englishKey, spellingsOf } from './english';
import { ParsedQuery, QueryPiece, QueryTerm } from './query-syntax';
import { GlossaryEntry, loadSearchGlossary, NO_GLOSSARY, SearchGlossary } from './search-glossary';

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

/**
 * The ranking rules, as near the embedded engine's order as Meilisearch's rules come (byRank in
 * embedded-engine.ts: an entity the query names first, then exact before stemmed before glossary,
 * then BM25, then newest):
 * - `words` first: Meilisearch ranks by matched words first wherever the list puts it (and with the
 *   matching strategy `all`, see toMeiliQuery, every hit has them all).
 * - `exactness` second, not last as by default: its first buckets are a title or alias that is the
 *   query (the embedded engine's exact-name tier), then documents holding the query's words as typed
 *   before those reached only through a derivation: a synonym (a stem form, a spelling variant, the
 *   glossary's Chinese), a typo or a prefix. That is the embedded engine's exact, stem, glossary order,
 *   the last two together: Meilisearch does not tell a stem synonym from a glossary one.
 * - `typo`, `proximity`, `attribute`: Meilisearch's stand-in for BM25 (it has no term-frequency
 *   ranking). `attribute`, not its halves `attributeRank` and `wordPosition` (Meilisearch 1.36), so that
 *   every server from 1.8 (the first with the negative operator) accepts the list.
 * - `sort`: in the default's place; it acts only on a search's `sort`, which this engine never sends.
 * - `dateDay:desc` last: the embedded engine's last tie-break, newest first.
 */
export const MEILI_RANKING_RULES = ['words', 'exactness', 'typo', 'proximity', 'attribute', 'sort', 'dateDay:desc'];

/**
 * No stop words: the embedded engine indexes every word and requires every word of a query (order to
 * correct needs its `to`, "suspension of product filings" its `of`), so Meilisearch drops none either.
 */
export const MEILI_STOP_WORDS: string[] = [];

/**
 * The settings that do not depend on the knowledge base: which attributes are searched, filtered,
 * sorted; Chinese and English tokenization; typo tolerance; ranking rules and stop words (above).
 * meiliSettings adds the synonyms built from the knowledge base.
 */
export const MEILI_SETTINGS: Settings = {
  searchableAttributes: ['title', 'aliases', 'body'],
  filterableAttributes: ['kind', 'authorities', 'managers', 'year', 'dateDay'],
  sortableAttributes: ['dateDay'],
  displayedAttributes: ['*'],
  rankingRules: MEILI_RANKING_RULES,
  stopWords: MEILI_STOP_WORDS,
  localizedAttributes: [{ attributePatterns: ['title', 'aliases', 'body'], locales: ['cmn', 'eng'] }],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: ['aliases'] },
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 1000 },
};

/**
 * Meilisearch looks a synonym up for one query word or for two or three consecutive ones (its query
 * graph makes n-grams of up to three words), so a longer English term (China Securities Regulatory
 * Commission, discount of futures to spot) can never be met: such keys are left out.
 */
export const MAX_SYNONYM_KEY_WORDS = 3;
/** Meilisearch reads at most 50 synonyms of a key (MAX_SYNONYM_PHRASE_COUNT): the rest are not sent. */
export const MAX_SYNONYMS_PER_KEY = 50;
/** How many spellings of one glossary term (inflections, variants: trading suspensions, penalised) are keys, at most. */
const MAX_FORMS_PER_TERM = 32;
/** How many words the stem families may hold in all, at most: a bound on the settings' size for a very large knowledge base. */
export const MAX_FAMILY_WORDS = 50_000;

/** The Latin words (with a letter; normalised, as the analyser splits text) of texts, once each, in order of appearance. */
export function vocabularyOf(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts) for (const s of segments(normalizeText(text))) if (s.kind === 'word' && /\p{L}/u.test(s.text)) words.add(s.text);
  return words;
}

/** The words of the search documents' titles, names and bodies: the vocabulary the synonyms are built over. */
export function documentVocabulary(docs: SearchDocumentInput[]): Set<string> {
  return vocabularyOf(docs.flatMap((d) => [d.title, d.titleExtra, d.body]));
}

/** The words of a text as the analyser splits it: a synonym's key or value. */
const wordsOf = (text: string) => segments(normalizeText(text)).map((s) => s.text);

/**
 * The synonyms that give Meilisearch the embedded engine's analysis of English:
 * - Glossary: each English term of an entry (and each spelling of it the vocabulary holds with the
 *   same English keys: trading suspensions, suspended trading) → the entry's Chinese terms, one way, as
 *   the embedded engine expands English to Chinese and matches a Chinese term only as itself. Terms of
 *   more than MAX_SYNONYM_KEY_WORDS words are left out (Meilisearch cannot meet them).
 * - Stem families: the words of `words` (and of the glossary's English), with their spellings (spellingsOf),
 *   grouped by English key (english.ts: spelling folded, Porter2 stem, derivations joined); each word →
 *   the others of its family, which holds the British/American pairs both ways (rumour ↔ rumor) and
 *   the inflections the embedded engine's stem match joins (suspended ↔ suspension). Meilisearch has no
 *   stemmer of its own: a family not in the vocabulary cannot be known, and it would match nothing.
 * Keys and values are normalised as the analyser does (lower case, simplified characters) and written
 * as their words separated by spaces.
 */
export function meiliSynonyms(glossary: SearchGlossary | GlossaryEntry[], words: Iterable<string> = []): Record<string, string[]> {
  const entries = glossary instanceof SearchGlossary ? glossary.entries : glossary;
  const vocabulary = new Set<string>();
  const know = (word: string) => spellingsOf(word).forEach((w) => vocabulary.add(w));
  for (const word of words) know(word);
  for (const entry of entries) for (const term of entry.english) for (const s of segments(normalizeText(term))) if (s.kind === 'word') know(s.text);

  const families = new Map<string, string[]>();
  for (const word of vocabulary) {
    const key = englishKey(word);
    const family = families.get(key);
    if (family) family.push(word);
    else families.set(key, [word]);
  }
  const familyOf = (word: string) => families.get(englishKey(word)) ?? [word];

  const synonyms = new Map<string, Set<string>>();
  const add = (key: string, values: string[]) => {
    const set = synonyms.get(key) ?? new Set<string>();
    for (const v of values) if (v !== key && set.size < MAX_SYNONYMS_PER_KEY) set.add(v);
    if (set.size) synonyms.set(key, set);
  };

  for (const entry of entries) {
    const chinese = entry.chinese.map((c) => wordsOf(c).join(' ')).filter(Boolean);
    for (const term of entry.english) {
      const found = segments(normalizeText(term));
      if (found.length === 0 || found.length > MAX_SYNONYM_KEY_WORDS || found.some((s) => s.kind === 'cjk')) continue;
      // The term as written first, then the vocabulary's other spellings of its words, in every combination up to the bound.
      let forms: string[][] = [[]];
      for (const { text } of found) {
        const spellings = [text, ...familyOf(text).filter((w) => w !== text)];
        forms = forms.flatMap((form) => spellings.map((w) => [...form, w])).slice(0, MAX_FORMS_PER_TERM);
      }
      for (const form of forms) add(form.join(' '), chinese);
    }
  }

  let budget = MAX_FAMILY_WORDS;
  for (const family of families.values()) {
    if (family.length < 2) continue;
    if ((budget -= family.length) < 0) break;
    for (const word of family) add(word, family);
  }
  return Object.fromEntries([...synonyms].map(([key, values]) => [key, [...values]]));
}

/**
 * The index settings for a knowledge base: MEILI_SETTINGS with the synonyms (meiliSynonyms) of its
 * glossary and of the words of its documents (documentVocabulary).
 */
export function meiliSettings(glossary: SearchGlossary | GlossaryEntry[] = NO_GLOSSARY, words: Iterable<string> = []): Settings {
  return { ...MEILI_SETTINGS, synonyms: meiliSynonyms(glossary, words) };
}

/** A search's query in Meilisearch's syntax, and the matching strategy it needs. */
export interface MeiliQuery {
  q: string;
  matchingStrategy: 'all' | 'last';
}

/** A term's text, with no double quote (the analyser keeps none; one would open a phrase). */
const bare = (text: string) => text.replaceAll('"', ' ').trim();

/** A term in Meilisearch's syntax: a phrase in double quotes, a word or CJK run as it is. */
const writtenTerm = (term: QueryTerm) => (term.kind === 'phrase' ? `"${bare(term.text)}"` : bare(term.text));

/**
 * An excluded piece: a word as `-word`; anything else as `-"…"`, since Meilisearch's `-` excludes only
 * the one token after it, and a CJK run is several (雪球产品 is 雪球 产品 to its segmenter), as is a
 * piece of several words (-high-flyer). Meilisearch excludes exactly what is written (no stem or
 * variant), where the embedded engine excludes by stem too.
 */
function writtenExclusion(piece: QueryPiece): string {
  if (piece.length === 1 && piece[0].kind === 'word') return `-${bare(piece[0].text)}`;
  return `-"${bare(piece.map((t) => t.text).join(' '))}"`;
}

/**
 * A parsed query (src/search/query-syntax.ts) in Meilisearch's query syntax: phrases in double quotes,
 * exclusions as `-word` or `-"a phrase"` (Meilisearch 1.8 and later), the words and CJK runs as they
 * are, all normalised as the analyser does (traditional characters folded to simplified: 靈均 is 灵均).
 *
 * - Exclusions come first: Meilisearch reads only the first ten terms of a query and stops reading
 *   there, so an exclusion at the end of a long query could be dropped unseen.
 * - Prefix: Meilisearch reads the query's last word as a prefix unless something follows it; a space
 *   is added after it unless the parser also read it as a prefix (a query ending in a letter).
 * - Without OR every piece is required, as in the embedded engine: matching strategy `all`.
 * - A quoted phrase matches its words as written, in order: Meilisearch applies no synonym, typo or
 *   prefix inside one, so "public reprimand" in quotes does not reach 公开谴责 nor "public reprimands",
 *   where the embedded engine's phrase matches by stem and through the glossary too.
 * - OR is not an operator in Meilisearch: a query cannot say "either". A query with an OR group is sent
 *   as one search, the groups of one piece first and then every alternative of the OR groups, with the
 *   matching strategy `last`: Meilisearch returns the documents holding every word first, then, to find
 *   more, drops words from the end of the query one at a time, never the first. So a document holding
 *   the required pieces and some of a group's alternatives is found, after those holding them all;
 *   once the dropped words reach the required pieces, documents that hold none of a group's
 *   alternatives, or not every required piece, follow; and a document without the query's first word
 *   is not found (灵均 OR 明汯 misses what names only 明汯). One search per combination of alternatives,
 *   merged (a federated multi-search), would answer OR exactly, at the price of a search per combination.
 */
export function toMeiliQuery(parsed: ParsedQuery): MeiliQuery {
  const either = parsed.groups.filter((g) => g.length > 1);
  const pieces = [...parsed.groups.filter((g) => g.length === 1), ...either].flat();
  const last = pieces.at(-1)?.at(-1);
  const q = [...parsed.excluded.map(writtenExclusion), ...pieces.map((piece) => piece.map(writtenTerm).join(' '))].join(' ');
  return { q: last?.kind === 'word' && last.prefix ? q : `${q} `, matchingStrategy: either.length ? 'last' : 'all' };
}

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
    const { q, matchingStrategy } = toMeiliQuery(request.parsed);
    const response = await this.client.index<MeiliDocument>(this.options.index).search(q, {
      matchingStrategy,
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

  /**
   * Syncs the index with the knowledge base as `em` sees it (call after a load commits): its search
   * documents, and the glossary the embedded engine plans queries with (loadSearchGlossary, read
   * through em's DataSource as the embedded engine reads it) for the synonyms.
   */
  async syncFrom(em: EntityManager): Promise<{ documents: number }> {
    const [docs, glossary] = await Promise.all([buildSearchDocuments(em), loadSearchGlossary(sqlOf(em.connection))]);
    return this.sync(docs, glossary);
  }

  /**
   * Replaces the index's documents with `docs`, atomically: builds a fresh index with the settings
   * (meiliSettings: the glossary's synonyms and those of the documents' words), waits for its tasks,
   * then swaps it in for the live one, so searches never see a half-loaded index.
   */
  async sync(docs: SearchDocumentInput[], glossary: SearchGlossary = NO_GLOSSARY): Promise<{ documents: number }> {
    const live = this.options.index;
    const staging = `${live}_staging`;
    await this.client
      .deleteIndex(staging)
      .waitTask()
      .catch(() => undefined);
    await this.client.createIndex(staging, { primaryKey: 'id' }).waitTask();
    const index = this.client.index<MeiliDocument>(staging);
    const settings = await index.updateSettings(meiliSettings(glossary, documentVocabulary(docs))).waitTask({ timeout: 60_000 });
    if (settings.status !== 'succeeded') throw new Error(`Meilisearch did not take the settings: ${JSON.stringify(settings.error)}`);
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
