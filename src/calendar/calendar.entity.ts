import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateScalar } from '../core/scalars';

/** A year of the curated exchange calendar: trading-day arithmetic refuses dates outside covered years. */
@ObjectType('TradingCalendar', { description: "One year of the exchanges' trading calendar, as curated with its source. Trading-day arithmetic uses it." })
@Entity('trading_calendar_year')
export class TradingCalendarYear {
  @Field(() => Int, { description: 'The calendar year.' })
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 120 })
  key: string;
}

/** A weekday on which the exchanges are closed. Weekends are closed by rule and not listed. */
@ObjectType({ description: 'A weekday on which the exchanges are closed (weekends are always closed and not listed).' })
@Entity('market_closure')
export class MarketClosure {
  @Field(() => DateScalar, { description: 'The closed day.' })
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date: string;

  @Index()
  @Column({ type: 'integer' })
  year: number;

  @Field({ description: 'Why: the holiday, in Chinese and English.' })
  @Column({ type: 'varchar', length: 200 })
  reason: string;
}
