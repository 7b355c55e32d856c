import { Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Extensions, Field, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { buildTimeline, TimelineEntry } from './timeline';
import { Citation } from '../announcements/announcement.entity';
import { Authority } from '../authorities/authority.entity';
import { CitationFormat } from '../citations/citation.enums';
import { addTradingDays, nextTradingDay } from '../calendar/trading-days';
import { PageArgs } from '../core/connection';
import { Context, loadAll } from '../api/context';
import { DateScalar } from '../core/scalars';
import { MAX_TIMELINE_LIMIT, rangeMessage } from '../core/argument-checks';
import { sourcesOf } from '../announcements/announcement.loaders';
import { Manager } from '../managers/manager.entity';
import { TradingEpisode } from '../market/market.entity';
import { PerformanceFigure } from '../performance/performance-figure.entity';
import { Product } from '../products/product.entity';
import { EventRecord, RumorDenial } from './event.entity';
import { Event, EventConnection, EventFilter, ExchangePenalty, MarketRumor, PerformanceDisclosure, TradingSuspension } from './event.types';

const TIMELINE_LIMIT = rangeMessage(1, MAX_TIMELINE_LIMIT);

/** How long a timeline is; its filter stays an argument of its own, validated as the filter of `events`. */
@ArgsType()
export class TimelineArgs {
  @Field(() => Int, { defaultValue: 200, description: `At most this many events (1 to ${MAX_TIMELINE_LIMIT}); their derived entries come with them.` })
  @Min(1, { message: TIMELINE_LIMIT })
  @Max(MAX_TIMELINE_LIMIT, { message: TIMELINE_LIMIT })
  limit: number;
}

@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection, { description: 'Events across all authorities and managers, newest first.' })
  events(
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Narrows the list.' }) filter: EventFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { services }: Context,
  ) {
    return services.events.list(filter ?? {}, page);
  }

  @Query(() => [TimelineEntry], {
    description:
      'Events across all authorities in date order (oldest first), each suspension adding its last suspended day and its resumption day, with the trading days elapsed since the entry before.',
  })
  async timeline(
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Which events, as for `events`.' }) filter: EventFilter | null,
    @Args(() => TimelineArgs) { limit }: TimelineArgs,
    @Ctx() { services, loaders }: Context,
  ): Promise<TimelineEntry[]> {
    const events = await services.events.findAll(filter ?? {}, limit);
    return buildTimeline(events, await loaders.calendar.load('all'));
  }

  @FieldResolver(() => Manager, { nullable: true, description: 'The manager the event is chiefly about; null for market-wide events.' })
  manager(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<Manager | null> {
    return event.managerKey ? loaders.managerByKey.load(event.managerKey) : Promise.resolve(null);
  }

  @FieldResolver(() => [Manager], { description: 'Every manager the event involves, the chief one first.' })
  async managers(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<Manager[]> {
    const links = await loaders.managerLinksOfEvent.load(event.key);
    return loadAll(
      loaders.managerByKey,
      links.map((l) => l.managerKey),
    );
  }

  @FieldResolver(() => [Product], { description: 'Products the event concerns.' })
  async products(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<Product[]> {
    const links = await loaders.productLinksOfEvent.load(event.key);
    return loadAll(
      loaders.productByKey,
      links.map((l) => l.productKey),
    );
  }

  @FieldResolver(() => Authority, {
    nullable: true,
    description: 'The authority that acted; null for events no authority took (rumours, disclosures, unattributed guidance).',
  })
  authority(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<Authority | null> {
    return event.authorityCode ? loaders.authorityByCode.load(event.authorityCode) : Promise.resolve(null);
  }

  @Extensions({ fetches: true })
  @FieldResolver(() => String, {
    description:
      "The documents this event cites, as bibliography entries in the format asked for: one per document (CSL-JSON an array, RIS records, BibTeX entries), each with the event's quotes from it in its note and the event's permalink (GET /records/<id>).",
  })
  citation(
    @Root() event: EventRecord,
    @Arg('format', () => CitationFormat, { description: 'CSL_JSON, RIS, BIBTEX or BIBLATEX.' }) format: CitationFormat,
    @Ctx() { services, loaders }: Context,
  ): Promise<string> {
    return services.citations.ofRecord({ subjectType: 'Event', key: event.key, id: event.id }, loaders, format);
  }

  @FieldResolver(() => [Citation], { description: 'Where the event is reported: each a document and a verbatim quote.' })
  sources(@Root() event: EventRecord, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'Event', event.key);
  }
}

/** Loads the trading episodes an exchange action concerns. */
async function episodesOf(event: EventRecord, { loaders }: Context): Promise<TradingEpisode[]> {
  const links = await loaders.episodeLinksOfEvent.load(event.key);
  return loadAll(
    loaders.episodeByKey,
    links.map((l) => l.episodeKey),
  );
}

async function exchangeOf(event: EventRecord, { loaders }: Context): Promise<Authority> {
  return (await loaders.authorityByCode.load(event.authorityCode!))!;
}

@Resolver(() => ExchangePenalty)
export class ExchangePenaltyResolver {
  @FieldResolver(() => Authority, { description: 'The exchange that acted.' })
  exchange(@Root() event: EventRecord, @Ctx() context: Context): Promise<Authority> {
    return exchangeOf(event, context);
  }

  @FieldResolver(() => [TradingEpisode], { description: 'The trading the exchange acted on.' })
  tradingEpisodes(@Root() event: EventRecord, @Ctx() context: Context): Promise<TradingEpisode[]> {
    return episodesOf(event, context);
  }
}

@Resolver(() => TradingSuspension)
export class TradingSuspensionResolver {
  @FieldResolver(() => Authority, { description: 'The exchange that suspended trading.' })
  exchange(@Root() event: EventRecord, @Ctx() context: Context): Promise<Authority> {
    return exchangeOf(event, context);
  }

  @FieldResolver(() => DateScalar, {
    description: 'Last suspended trading day: the start date plus tradingDays - 1 trading days, on the curated exchange calendar.',
  })
  async endDate(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<string> {
    return addTradingDays(event.startDate!, event.tradingDays!, await loaders.calendar.load('all'));
  }

  @FieldResolver(() => DateScalar, { description: 'First trading day on which trading may resume: the trading day after endDate.' })
  async resumeDate(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<string> {
    const calendar = await loaders.calendar.load('all');
    return nextTradingDay(addTradingDays(event.startDate!, event.tradingDays!, calendar), calendar);
  }

  @FieldResolver(() => [TradingEpisode], { description: 'The trading that led to the suspension.' })
  tradingEpisodes(@Root() event: EventRecord, @Ctx() context: Context): Promise<TradingEpisode[]> {
    return episodesOf(event, context);
  }
}

@Resolver(() => PerformanceDisclosure)
export class PerformanceDisclosureResolver {
  @FieldResolver(() => [PerformanceFigure], { description: 'The figures disclosed, in the order the source gives them.' })
  figures(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<PerformanceFigure[]> {
    return loaders.figuresOfEvent.load(event.key);
  }
}

@Resolver(() => MarketRumor)
export class MarketRumorResolver {
  @FieldResolver(() => [RumorDenial], { description: 'Denials by the firms concerned or people close to them.' })
  denials(@Root() event: EventRecord, @Ctx() { loaders }: Context): Promise<RumorDenial[]> {
    return loaders.denialsOfEvent.load(event.key);
  }
}

@Resolver(() => RumorDenial)
export class RumorDenialResolver {
  @FieldResolver(() => Manager, { nullable: true, description: 'The manager on whose behalf the denial was made.' })
  manager(@Root() denial: RumorDenial, @Ctx() { loaders }: Context): Promise<Manager | null> {
    return denial.managerKey ? loaders.managerByKey.load(denial.managerKey) : Promise.resolve(null);
  }

  @FieldResolver(() => [Citation], { description: 'Where the denial is reported.' })
  sources(@Root() denial: RumorDenial, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'RumorDenial', denial.key);
  }
}
