import { Arg, Args, Ctx, Field, FieldResolver, Float, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { IsOptional, Matches } from 'class-validator';
import { Citation } from '../announcements/announcement.entity';
import { ChartFormat, windowChartPath } from '../charts/chart-format';
import { Authority } from '../authorities/authority.entity';
import { ConnectionType, PageArgs } from '../core/connection';
import { Context, loadAll } from '../api/context';
import { DateTimeScalar } from '../core/scalars';
import { sourcesOf } from '../announcements/announcement.loaders';
import { EventRecord } from '../events/event.entity';
import { compareEventsNewestFirst } from '../events/event.service';
import { Event } from '../events/event.types';
import { Manager } from '../managers/manager.entity';
import { Instrument, MarketDataWindow, TradingEpisode, WindowBasis } from './market.entity';

@InputType({ description: 'Narrows the list of market-data windows.' })
export class MarketWindowFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Only windows of this instrument, e.g. 000001.SH. An unknown code is refused with the list of instruments.',
  })
  @IsOptional()
  @Matches(/^\d{6}\.(SH|SZ)$/, { message: 'instrumentCode must be a code such as 000001.SH' })
  instrumentCode?: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only windows that end after this instant.' })
  from?: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only windows that start before this instant.' })
  to?: string;
}

@ObjectType({ description: "An episode's amount as a share of the turnover of a market window around it, and on what basis." })
export class TurnoverShare {
  @Field(() => Float, { description: "The episode's amount as a percent of the window's turnover, rounded to two decimals (11.95 亿 of 225.28 亿 is 5.30)." })
  percent: number;

  @Field(() => MarketDataWindow, { description: 'The window whose turnover is the denominator.' })
  window: MarketDataWindow;

  @Field(() => WindowBasis, { description: 'CURATED when the turnover is a figure the source states; BARS when it is summed from imported bars.' })
  basis: WindowBasis;

  @Field(() => Int, { description: 'Length of the episode in seconds.' })
  episodeSeconds: number;

  @Field(() => Int, { description: 'Length of the window in seconds.' })
  windowSeconds: number;

  @Field({ description: "True when the window is exactly the episode's interval." })
  sameInterval: boolean;

  @Field({ description: 'The basis in words, saying so when the episode and the window differ in length.' })
  note: string;
}

@ObjectType({ description: 'A page of market-data windows, earliest first.' })
export class MarketDataWindowConnection extends ConnectionType(MarketDataWindow, 'MarketDataWindow') {}

/** Episodes of a window: stored windows through the batched time links; computed ones by a direct query. */
async function episodesInWindow(window: MarketDataWindow, { loaders, services }: Context): Promise<TradingEpisode[]> {
  if (window.basis === WindowBasis.BARS) {
    const instrument = await loaders.instrumentByCode.load(window.instrumentCode);
    return instrument ? services.market.episodesOverlapping(instrument.exchangeCode, window.startAt, window.endAt) : [];
  }
  const links = await loaders.episodeLinksOfWindow.load(window.key);
  return loadAll(
    loaders.episodeByKey,
    links.map((l) => l.episodeKey),
  );
}

async function turnoverShareOf(episode: TradingEpisode, { loaders }: Context): Promise<TurnoverShare | null> {
  const share = await loaders.turnoverShareOfEpisode.load(episode);
  return share && Object.assign(new TurnoverShare(), share);
}

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

  @Query(() => MarketDataWindow, {
    nullable: true,
    description:
      'An instrument over [start, end) computed from imported intraday bars (basis BARS); null unless bars start exactly at start and end exactly at end.',
  })
  marketWindowFromBars(
    @Arg('instrumentCode', { description: 'The instrument, e.g. 000001.SH.' }) instrumentCode: string,
    @Arg('start', () => DateTimeScalar, { description: 'Start of the window (inclusive).' }) start: string,
    @Arg('end', () => DateTimeScalar, { description: 'End of the window (exclusive).' }) end: string,
    @Ctx() { services }: Context,
  ): Promise<MarketDataWindow | null> {
    return services.market.windowFromBars(instrumentCode, start, end);
  }

  @FieldResolver(() => Instrument, { description: 'The instrument measured.' })
  async instrument(@Root() window: MarketDataWindow, @Ctx() { loaders }: Context): Promise<Instrument> {
    return (await loaders.instrumentByCode.load(window.instrumentCode))!;
  }

  @FieldResolver(() => MarketDataWindow, {
    nullable: true,
    description: 'The same instrument and interval computed from imported bars, to set beside curated figures; null when bars do not cover the interval.',
  })
  fromBars(@Root() window: MarketDataWindow, @Ctx() { services }: Context): Promise<MarketDataWindow | null> {
    return window.basis === WindowBasis.BARS ? Promise.resolve(window) : services.market.windowFromBars(window.instrumentCode, window.startAt, window.endAt);
  }

  @FieldResolver(() => [TradingEpisode], { description: 'Trading episodes on the same exchange whose interval overlaps the window.' })
  async episodes(@Root() window: MarketDataWindow, @Ctx() context: Context): Promise<TradingEpisode[]> {
    return episodesInWindow(window, context);
  }

  @FieldResolver(() => [Event], { description: 'Events about the episodes in the window (penalties, suspensions), newest first.' })
  async events(@Root() window: MarketDataWindow, @Ctx() context: Context): Promise<EventRecord[]> {
    const { loaders } = context;
    const episodes = await episodesInWindow(window, context);
    const eventLinks = (await loaders.episodeLinksOfEpisode.loadMany(episodes.map((e) => e.key))).flatMap((links) => {
      if (links instanceof Error) throw links;
      return links;
    });
    return (await loadAll(loaders.eventByKey, [...new Set(eventLinks.map((l) => l.eventKey))])).sort(compareEventsNewestFirst);
  }

  @FieldResolver(() => String, {
    description:
      "Path of the window's chart (the level through the window, episodes shaded, a source line), relative to the API's origin: SVG, or PNG at twice the size.",
  })
  chartUrl(
    @Root() window: MarketDataWindow,
    @Arg('format', () => ChartFormat, { defaultValue: ChartFormat.SVG, description: 'SVG (the default), or PNG for systems that refuse SVG.' })
    format: ChartFormat,
  ): string {
    return windowChartPath(window.id, format);
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
    return (
      await loadAll(
        loaders.eventByKey,
        links.map((l) => l.eventKey),
      )
    ).sort(compareEventsNewestFirst);
  }

  @FieldResolver(() => [MarketDataWindow], { description: 'Market-data windows of indexes on the same exchange whose interval overlaps the episode.' })
  async marketWindows(@Root() episode: TradingEpisode, @Ctx() { loaders }: Context): Promise<MarketDataWindow[]> {
    const links = await loaders.windowLinksOfEpisode.load(episode.key);
    return loadAll(
      loaders.windowByKey,
      links.map((l) => l.windowKey),
    );
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "The episode's amount as a percent of the turnover around it, rounded to two decimals (11.95 亿 of 225.28 亿 is 5.30): of imported bars covering exactly its interval when there are any, else of the first overlapping window with a turnover, which may be longer than the episode (the SZSE episode of 2024-02-19 lasts 42 s, its window 60 s). shareOfTurnover states the basis. Null when nothing with a turnover overlaps.",
  })
  async shareOfTurnoverPercent(@Root() episode: TradingEpisode, @Ctx() context: Context): Promise<number | null> {
    return (await turnoverShareOf(episode, context))?.percent ?? null;
  }

  @FieldResolver(() => TurnoverShare, {
    nullable: true,
    description: 'The share of turnover with its window and basis, stated in words when the episode and the window differ in length.',
  })
  shareOfTurnover(@Root() episode: TradingEpisode, @Ctx() context: Context): Promise<TurnoverShare | null> {
    return turnoverShareOf(episode, context);
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

  @FieldResolver(() => [Citation], { description: "Where the instrument's names and code come from." })
  sources(@Root() instrument: Instrument, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'Instrument', instrument.code);
  }
}
