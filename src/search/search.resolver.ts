import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Max, Min } from 'class-validator';
import { rangeMessage } from '../core/argument-checks';
import { PageInfo } from '../core/connection';
import { Context } from '../api/context';
import { Node } from '../core/node';
import { loadNode } from '../api/node.resolver';
import { DateScalar } from '../core/scalars';
import { MatchField, MatchForm, SearchKind } from './search.enums';
import { MAX_SEARCH_SIZE, SearchPage } from './search.service';
import { DEFAULT_SEARCH_SIZE } from '../core/pagination';

@InputType({ description: 'Narrows a search. Filters combine with AND; values within one filter with OR.' })
export class SearchFilter {
  @Field(() => [SearchKind], { nullable: true, description: 'Only these kinds of hit.' })
  @IsOptional()
  kinds?: SearchKind[];

  @Field(() => [String], {
    nullable: true,
    description:
      "Only hits concerning these authorities (an event by the authority, a passage naming it), by code (SSE) or by a name the authority's record gives (上海证券交易所, 上交所). An unknown value is refused with the list of authorities.",
  })
  @IsOptional()
  @ArrayMaxSize(50)
  authorities?: string[];

  @Field(() => [String], {
    nullable: true,
    description:
      'Only hits concerning these managers, by slug (an event involving the manager, a passage naming it, its products). An unknown slug is refused with the list of slugs.',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  managerSlugs?: string[];

  @Field(() => DateScalar, { nullable: true, description: 'Only dated hits on or after this day (undated hits, such as managers, drop out).' })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only dated hits on or before this day.' })
  to?: string;
}

@ObjectType({ description: 'How many hits have one value of a facet.' })
export class FacetCount {
  @Field({ description: 'The value: a kind, an authority code or a year.' })
  value: string;

  @Field(() => Int, { description: 'Number of hits with it.' })
  count: number;
}

@ObjectType({ description: 'Counts of all hits of the query (with the filter applied) by kind, authority and year, for drawing filters.' })
export class SearchFacets {
  @Field(() => [FacetCount], { description: 'By kind of hit.' })
  kinds: FacetCount[];

  @Field(() => [FacetCount], { description: 'By authority code.' })
  authorities: FacetCount[];

  @Field(() => [FacetCount], { description: "By year of the hit's date (undated hits are not counted)." })
  years: FacetCount[];
}

@ObjectType({ description: 'How one term of the query matched a hit.' })
export class SearchMatch {
  @Field({ description: 'The term of the query (normalised: lower case, simplified characters); for a glossary match, the English words of the query.' })
  term: string;

  @Field({ description: 'The text of the hit it matched, as the hit writes it.' })
  matched: string;

  @Field(() => MatchForm, {
    description: 'How the term reached that text: exactly, traditional→simplified, pinyin, another name, a spelling variant, a stem, the glossary.',
  })
  form: MatchForm;

  @Field(() => MatchField, { description: 'Where in the hit: the title, the body (which the snippet shows), or the names indexed with the title.' })
  field: MatchField;
}

@ObjectType({ description: 'One search hit: what matched, how well, and why.' })
export class SearchHit {
  @Field(() => Float, { description: 'Relevance: higher is better. An exact match on a name or alias scores above every other hit.' })
  score: number;

  @Field(() => SearchKind, { description: 'Announcement passage, event, manager, product or concept.' })
  kind: SearchKind;

  @Field({ description: "Title of the hit: the announcement's title for a passage, the event's headline, the name." })
  title: string;

  @Field({ description: 'The best passage, HTML-escaped, with each match wrapped in <mark>…</mark>.' })
  snippet: string;

  @Field(() => [String], {
    description:
      'The texts of the hit that matched the query, as written there (靈均 in the query marks 灵均; public reprimand marks 公开谴责). Never empty; `matches` says how each matched.',
  })
  matchedTerms: string[];

  @Field(() => [SearchMatch], { description: 'Each term of the query, what it matched and how (form) and where (field): why this is a hit.' })
  matches: SearchMatch[];

  @Field(() => Int, { nullable: true, description: 'For an announcement: which passage (paragraph) matched, from 0, as in Announcement.passages.' })
  passageIndex: number | null;

  @Field({ description: 'Opaque cursor of this hit; pass it as `after` for the hits that follow.' })
  cursor: string;

  nodeType: string;
  nodeKey: string;
}

@ObjectType({ description: 'A page of search hits, best first, with facet counts.' })
export class SearchResults {
  @Field(() => Int, { description: 'Number of hits across all pages; an estimate when countsAreExact is false.' })
  totalCount: number;

  @Field({
    description:
      'False when totalCount and the facet counts are estimates: the embedded engine ranks, counts and facets a query matching more than 500 documents over its 500 most recently indexed matches, and scales the counts; Meilisearch estimates its totals.',
  })
  countsAreExact: boolean;

  @Field({ description: 'Which engine answered: embedded or meilisearch.' })
  engine: string;

  @Field(() => String, { nullable: true, description: 'Why a configured Meilisearch did not answer this query, when the embedded engine answered instead.' })
  fallbackReason: string | null;

  @Field({
    description: 'The query as it was read, with its operators: 灵均 OR 明汯 "public reprimand" -雪球. Compare it with what was typed when the hits surprise.',
  })
  readAs: string;

  @Field(() => Float, { description: 'Time the search took in the server, in milliseconds.' })
  tookMs: number;

  @Field(() => [SearchHit], { description: 'The hits on this page, best first.' })
  hits: SearchHit[];

  @Field(() => PageInfo, { description: 'Where this page sits in the results.' })
  pageInfo: PageInfo;

  @Field(() => SearchFacets, { description: 'Counts by kind, authority and year.' })
  facets: SearchFacets;
}

const SEARCH_SIZE = rangeMessage(1, MAX_SEARCH_SIZE);

/** A page of hits: its size (held to 1 to MAX_SEARCH_SIZE by class-validator, as PageArgs holds a list's) and where it starts. */
@ArgsType()
export class SearchPageArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_SEARCH_SIZE, description: `Hits per page, 1 to ${MAX_SEARCH_SIZE}.` })
  @IsOptional()
  @Min(1, { message: SEARCH_SIZE })
  @Max(MAX_SEARCH_SIZE, { message: SEARCH_SIZE })
  first: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the hit to continue after.' })
  after: string | null;
}

@Resolver(() => SearchHit)
export class SearchResolver {
  @Query(() => SearchResults, {
    description:
      'Full-text search over announcements (by passage), events, managers, products and concepts, in Chinese (any substring of one or more characters; traditional characters are folded to simplified), English (stemmed: suspended finds suspends and suspension; rumour finds rumor) and pinyin (lingjun). English terms the glossary knows also find their Chinese (public reprimand finds 公开谴责; Shanghai Stock Exchange finds 上交所 and the events of the SSE). Syntax: words are all required; "quoted phrase" matches in order; OR between two terms takes either (灵均 OR 明汯); -term excludes (公开谴责 -明汯; a minus before a digit is a sign). Nothing else is an operator and no query is a syntax error. Ranking: an entity the query names; then events of a kind of action it names; then the regulatory actions of a manager or authority it names, newest first; then their other events; then the rest. Within each, exact matches before stemmed ones before glossary ones, then BM25.',
  })
  search(
    @Arg('query', { description: 'What to look for, e.g. 灵均, 公开谴责, public reprimand, "trading suspension" Lingjun, 灵均 OR 明汯, DMA -雪球, 11.95.' })
    query: string,
    @Arg('filter', () => SearchFilter, { nullable: true, description: 'Narrows the hits.' }) filter: SearchFilter | null,
    @Args(() => SearchPageArgs) { first, after }: SearchPageArgs,
    @Ctx() { services }: Context,
  ): Promise<SearchPage> {
    return services.search.search(query, filter ?? {}, first, after);
  }

  @FieldResolver(() => Node, { description: 'The object hit: an Announcement, an event, a Manager, a Product or a Concept.' })
  node(@Root() hit: SearchHit, @Ctx() context: Context): Promise<object | null> {
    return loadNode(hit.nodeType, hit.nodeKey, context);
  }
}
