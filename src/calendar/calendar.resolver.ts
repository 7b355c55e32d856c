import { Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Citation } from '../announcements/announcement.entity';
import { Context } from '../api/context';
import { rangeMessage } from '../core/argument-checks';
import { DateScalar } from '../core/scalars';
import { sourcesOf } from '../announcements/announcement.loaders';
import { MarketClosure, TradingCalendarYear } from './calendar.entity';
import { addTradingDays, countTradingDays } from './trading-days';

/** The longest span addTradingDays counts: about eight years of trading days. */
const MAX_SPAN_TRADING_DAYS = 2000;
const SPAN = rangeMessage(1, MAX_SPAN_TRADING_DAYS);

/** The span addTradingDays counts. */
@ArgsType()
export class TradingSpanArgs {
  @Field(() => DateScalar, { description: 'First day of the span.' })
  date: string;

  @Field(() => Int, { description: 'Length of the span in trading days, 1 or more.' })
  @Min(1, { message: SPAN })
  @Max(MAX_SPAN_TRADING_DAYS, { message: SPAN })
  days: number;
}

@Resolver(() => TradingCalendarYear)
export class CalendarResolver {
  @Query(() => TradingCalendarYear, { nullable: true, description: "The exchanges' calendar for a year; null when the year is not curated." })
  tradingCalendar(@Arg('year', () => Int, { description: 'Calendar year, e.g. 2024.' }) year: number, @Ctx() { services }: Context) {
    return services.calendar.findYear(year);
  }

  @Query(() => DateScalar, {
    description:
      'The `days`-th trading day of a span starting on `date` (which counts as day 1 if the exchanges trade that day). addTradingDays(date: "2024-02-20", days: 3) is 2024-02-22.',
  })
  async addTradingDays(@Args(() => TradingSpanArgs) { date, days }: TradingSpanArgs, @Ctx() { loaders }: Context): Promise<string> {
    return addTradingDays(date, days, await loaders.calendar.load('all'));
  }

  @Query(() => Int, { description: 'How many trading days lie in [from, to], both ends included.' })
  async countTradingDays(
    @Arg('from', () => DateScalar, { description: 'First day.' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day.' }) to: string,
    @Ctx() { loaders }: Context,
  ): Promise<number> {
    return countTradingDays(from, to, await loaders.calendar.load('all'));
  }

  @FieldResolver(() => [MarketClosure], { description: 'Weekdays on which the exchanges are closed that year.' })
  closures(@Root() year: TradingCalendarYear, @Ctx() { services }: Context): Promise<MarketClosure[]> {
    return services.calendar.closuresOf(year.year);
  }

  @FieldResolver(() => Int, { description: 'Number of trading days in the year.' })
  async tradingDayCount(@Root() year: TradingCalendarYear, @Ctx() { loaders }: Context): Promise<number> {
    return countTradingDays(`${year.year}-01-01`, `${year.year}-12-31`, await loaders.calendar.load('all'));
  }

  @FieldResolver(() => [Citation], { description: 'Where the calendar comes from.' })
  sources(@Root() year: TradingCalendarYear, @Ctx() context: Context): Promise<Citation[]> {
    return sourcesOf(context, 'TradingCalendarYear', String(year.year));
  }
}
