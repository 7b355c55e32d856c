import { DataSource } from 'typeorm';
import { MarketClosure, TradingCalendarYear } from './calendar.entity';
import { calendarData, TradingCalendarData } from './trading-days';

/** Reads the curated exchange calendar. */
export class CalendarService {
  constructor(private readonly dataSource: DataSource) {}

  async load(): Promise<TradingCalendarData> {
    const [years, closures] = await Promise.all([
      this.dataSource.getRepository(TradingCalendarYear).find(),
      this.dataSource.getRepository(MarketClosure).find(),
    ]);
    return calendarData(years, closures);
  }

  findYear(year: number): Promise<TradingCalendarYear | null> {
    return this.dataSource.getRepository(TradingCalendarYear).findOneBy({ year });
  }

  closuresOf(year: number): Promise<MarketClosure[]> {
    return this.dataSource.getRepository(MarketClosure).find({ where: { year }, order: { date: 'ASC' } });
  }
}
