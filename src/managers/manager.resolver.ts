import { Arg, Args, Ctx, Field, FieldResolver, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { Citation } from '../announcements/announcement.entity';
import { ChartFormat, managerChartPath } from '../charts/chart-format';
import { ConnectionType, PageArgs } from '../core/connection';
import { Context, loadAll } from '../api/context';
import { toConnection } from '../core/pagination';
import { sourcesOf } from '../announcements/announcement.loaders';
import { EventRecord } from '../events/event.entity';
import { EVENT_ORDER } from '../events/event.service';
import { EventConnection, EventTypeFilter } from '../events/event.types';
import { buildTimeline, TimelineEntry } from '../events/timeline';
import { TradingEpisode } from '../market/market.entity';
import { Person } from '../people/person.entity';
import { PerformanceFigure } from '../performance/performance-figure.entity';
import { Product } from '../products/product.entity';
import { AumBand, Manager, ManagerStatus } from './manager.entity';

@InputType({ description: 'Narrows the list of managers.' })
export class ManagerFilter {
  @Field(() => [ManagerStatus], { nullable: true, description: 'Only managers with one of these statuses.' })
  @IsOptional()
  statuses?: ManagerStatus[];

  @Field(() => [AumBand], { nullable: true, description: 'Only managers in one of these AUM bands.' })
  @IsOptional()
  aumBands?: AumBand[];
}

@ObjectType({ description: 'A page of managers, ordered by slug.' })
export class ManagerConnection extends ConnectionType(Manager, 'Manager') {}

@Resolver(() => Manager)
export class ManagerResolver {
  @Query(() => Manager, {
    nullable: true,
    description: 'One manager by slug (ningbo-lingjun, minghong, ubiquant, high-flyer, ningbo-mingling); null when there is none.',
  })
  manager(@Arg('slug', { description: "The manager's slug." }) slug: string, @Ctx() { loaders }: Context): Promise<Manager | null> {
    return loaders.managerBySlug.load(slug);
  }

  @Query(() => ManagerConnection, { description: 'Managers, ordered by slug.' })
  managers(
    @Arg('filter', () => ManagerFilter, { nullable: true, description: 'Narrows the list.' }) filter: ManagerFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { services }: Context,
  ) {
    return services.managers.list(filter ?? {}, page);
  }

  @FieldResolver(() => [Person], { description: 'People named in the sources with a role at this manager.' })
  async people(@Root() manager: Manager, @Ctx() { loaders }: Context): Promise<Person[]> {
    const roles = await loaders.rolesByManager.load(manager.key);
    return loadAll(loaders.personByKey, [...new Set(roles.map((r) => r.personKey))]);
  }

  @FieldResolver(() => [Product], { description: "The manager's products named in the sources." })
  products(@Root() manager: Manager, @Ctx() { loaders }: Context): Promise<Product[]> {
    return loaders.productsByManager.load(manager.key);
  }

  @FieldResolver(() => EventConnection, { description: 'Events involving the manager, newest first.' })
  async events(
    @Root() manager: Manager,
    @Arg('filter', () => EventTypeFilter, { nullable: true, description: 'Only some kinds of event.' }) filter: EventTypeFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { loaders }: Context,
  ) {
    const { first, after, last, before } = page;
    const found = await loaders.eventPageOfManager.load({
      managerKey: manager.key,
      types: filter?.types?.length ? filter.types : null,
      page: { first, after, last, before },
    });
    const events = await loadAll(loaders.eventByKey, found.eventKeys);
    return toConnection<EventRecord>(events, found.hasMore, found.totalCount, page, EVENT_ORDER);
  }

  @FieldResolver(() => [TimelineEntry], {
    description:
      "The manager's events in date order (oldest first), with suspension end and resumption days as entries of their own and the trading days between entries.",
  })
  async timeline(@Root() manager: Manager, @Ctx() { loaders }: Context): Promise<TimelineEntry[]> {
    const links = await loaders.managerLinksOfManager.load(manager.key);
    const events = await loadAll(
      loaders.eventByKey,
      links.map((l) => l.eventKey),
    );
    return buildTimeline(events, await loaders.calendar.load('all'));
  }

  @FieldResolver(() => [PerformanceFigure], {
    description: "Performance figures about the manager's products as a whole (averages, counts past a threshold), newest as-of date first.",
  })
  performance(@Root() manager: Manager, @Ctx() { loaders }: Context): Promise<PerformanceFigure[]> {
    return loaders.figuresOfManager.load(manager.key);
  }

  @FieldResolver(() => [TradingEpisode], { description: 'Trading episodes of the manager (sales in one market between two instants), earliest first.' })
  tradingEpisodes(@Root() manager: Manager, @Ctx() { loaders }: Context): Promise<TradingEpisode[]> {
    return loaders.episodesOfManager.load(manager.key);
  }

  @FieldResolver(() => String, {
    description:
      "Path of the manager's timeline chart (events on a date axis, labelled, with a source line), relative to the API's origin: SVG, or PNG at twice the size.",
  })
  chartUrl(
    @Root() manager: Manager,
    @Arg('format', () => ChartFormat, { defaultValue: ChartFormat.SVG, description: 'SVG (the default), or PNG for systems that refuse SVG.' })
    format: ChartFormat,
  ): string {
    return managerChartPath(manager.slug, format);
  }

  @FieldResolver(() => [Citation], { description: 'Where the facts about the manager itself come from.' })
  sources(@Root() manager: Manager, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'Manager', manager.key);
  }
}
