import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A year of the curated exchange calendar: trading-day arithmetic refuses dates outside covered years. */
@Entity('trading_calendar_year')
export class TradingCalendarYear {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 120 })
  key: string;
}

/** A weekday on which the exchanges are closed. Weekends are closed by rule and not listed. */
@Entity('market_closure')
export class MarketClosure {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date: string;

  @Index()
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 200 })
  reason: string;
}
