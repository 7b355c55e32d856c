import { Arg, Args, Ctx, Field, FieldResolver, Float, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { IsOptional, Matches } from 'class-validator';
import { Citation } from '../announcements/announcement.entity';
import { Authority } from '../authorities/authority.entity';
import { ConnectionType, PageArgs } from '../core/connection';
import { Context, loadAll } from '../core/context';
import { DateTimeScalar } from '../core/scalars';
import { sourcesOf } from '../core/sources';
import { EventRecord } from '../events/event.entity';
import { compareEventsNewestFirst } from '../events/event.service';
import { Event } from '../events/event.types';
import { Manager } from '../managers/manager.entity';
import { Instrument, MarketDataWindow, TradingEpisode } from './market.entity';

@InputType({ description: 'Narrows the list of market-data windows.' })
export class MarketWindowFilter {
  @Field(() => String, { nullable: true, description: 'Only windows of this instrument, e.g. 000001.SH.' })
  @IsOptional()
  @Matches(/^\d{6}\.(SH|SZ)$/, { message: 'instrumentCode must be a code such as 000001.SH' })
  instrumentCode?: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only windows that end after this instant.' })
  from?: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only windows that start before this instant.' })
  to?: string;
}

@ObjectType({ description: 'A page of market-data windows, earliest first.' })
export class MarketDataWindowConnection extends ConnectionType(MarketDataWindow, 'MarketDataWindow') {}

@Resolver(() => MarketDataWindow)
export class MarketDataWindowResolver {
  @Query(() => MarketDataWindowConnection, { description: 'What instruments did over given intervals, earliest first.' })
  marketWindows(
    @Arg('filter', () => MarketWindowFilter, { nullable: true, description: 'Narrows the list.' }) filter: MarketWindowFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { services }: Context,
  ) {
    return services.market.listWindows(filter ?? {}, page);
  }

  @FieldResolver(() => Instrument, { description: 'The instrument measured.' })
  async instrument(@Root() window: MarketDataWindow, @Ctx() { loaders }: Context): Promise<Instrument> {
    return (await loaders.instrumentByCode.load(window.instrumentCode))!;
  }

  @FieldResolver(() => [TradingEpisode], { description: 'Trading episodes on the same exchange whose interval overlaps the window.' })
  async episodes(@Root() window: MarketDataWindow, @Ctx() { loaders }: Context): Promise<TradingEpisode[]> {
    const links = await loaders.episodeLinksOfWindow.load(window.key);
    return loadAll(loaders.episodeByKey, links.map((l) => l.episodeKey));
  }

  @FieldResolver(() => [Event], { description: 'Events about the episodes in the window (penalties, suspensions), newest first.' })
  async events(@Root() window: MarketDataWindow, @Ctx() { loaders }: Context): Promise<EventRecord[]> {
    const episodeLinks = await loaders.episodeLinksOfWindow.load(window.key);
    const eventLinks = (await loaders.episodeLinksOfEpisode.loadMany(episodeLinks.map((l) => l.episodeKey))).flatMap((links) => {
      if (links instanceof Error) throw links;
      return links;
    });
    return (await loadAll(loaders.eventByKey, [...new Set(eventLinks.map((l) => l.eventKey))])).sort(compareEventsNewestFirst);
  }

  @FieldResolver(() => [Citation], { description: 'Where the figures come from.' })
  sources(@Root() window: MarketDataWindow, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'MarketDataWindow', window.key);
  }
}

@Resolver(() => TradingEpisode)
export class TradingEpisodeResolver {
  @FieldResolver(() => Manager, { description: 'Who traded.' })
  async manager(@Root() episode: TradingEpisode, @Ctx() { loaders }: Context): Promise<Manager> {
    return (await loaders.managerByKey.load(episode.managerKey))!;
  }

  @FieldResolver(() => Authority, { description: 'The exchange traded on.' })
  async exchange(@Root() episode: TradingEpisode, @Ctx() { loaders }: Context): Promise<Authority> {
    return (await loaders.authorityByCode.load(episode.exchangeCode))!;
  }

  @FieldResolver(() => [Event], { description: 'What the exchanges did about this trading, newest first.' })
  async events(@Root() episode: TradingEpisode, @Ctx() { loaders }: Context): Promise<EventRecord[]> {
    const links = await loaders.episodeLinksOfEpisode.load(episode.key);
    return (await loadAll(loaders.eventByKey, links.map((l) => l.eventKey))).sort(compareEventsNewestFirst);
  }

  @FieldResolver(() => [MarketDataWindow], { description: 'Market-data windows of indexes on the same exchange whose interval overlaps the episode.' })
  async marketWindows(@Root() episode: TradingEpisode, @Ctx() { loaders }: Context): Promise<MarketDataWindow[]> {
    const links = await loaders.windowLinksOfEpisode.load(episode.key);
    return loadAll(loaders.windowByKey, links.map((l) => l.windowKey));
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'The episode\'s amount as a percent of the turnover of the first overlapping market window with a turnover, rounded to two decimals (11.95 亿 of 225.28 亿 is 5.30). The window may be longer than the episode (the SZSE episode of 2024-02-19 lasts 42 s, its window 60 s): the share is of the whole window\'s turnover. Null when no window with a turnover overlaps.',
  })
  async shareOfTurnoverPercent(@Root() episode: TradingEpisode, @Ctx() { loaders }: Context): Promise<number | null> {
    const links = await loaders.windowLinksOfEpisode.load(episode.key);
    const windows = await loadAll(loaders.windowByKey, links.map((l) => l.windowKey));
    const window = windows.find((w) => w.turnoverCny);
    return window ? Math.round((episode.amountCny / window.turnoverCny!) * 10000) / 100 : null;
  }

  @FieldResolver(() => [Citation], { description: 'Where the episode is reported.' })
  sources(@Root() episode: TradingEpisode, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'TradingEpisode', episode.key);
  }
}

@Resolver(() => Instrument)
export class InstrumentResolver {
  @FieldResolver(() => Authority, { description: 'The exchange whose trading the instrument measures.' })
  async exchange(@Root() instrument: Instrument, @Ctx() { loaders }: Context): Promise<Authority> {
    return (await loaders.authorityByCode.load(instrument.exchangeCode))!;
  }

  @FieldResolver(() => [Citation], { description: 'Where the instrument\'s names and code come from.' })
  sources(@Root() instrument: Instrument, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'Instrument', instrument.code);
  }
}
