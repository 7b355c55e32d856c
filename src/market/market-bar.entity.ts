import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalToNumber, MONEY } from '../core/columns';

/** One bar: an instrument over [time, time + intervalSeconds), as exported by a market-data terminal. */
@Entity('market_bar')
export class MarketBar {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  instrumentCode: string;

  /** Start of the bar, ISO 8601 in +08:00 (text order is time order). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  time: string;

  @Column({ type: 'integer' })
  intervalSeconds: number;

  @Column({ type: 'double precision' })
  open: number;

  @Column({ type: 'double precision' })
  high: number;

  @Column({ type: 'double precision' })
  low: number;

  @Column({ type: 'double precision' })
  close: number;

  @Column({ type: 'decimal', precision: 24, scale: 2, transformer: decimalToNumber })
  volume: number;

  @Column({ ...MONEY })
  turnoverCny: number;
}
