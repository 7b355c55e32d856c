import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MONEY } from '../core/columns';

/** A market instrument: here the indexes the sources quote. */
@Entity('instrument')
export class InstrumentRecord {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  nameZh: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nameEn: string | null;

  /** The exchange whose trading the instrument measures: SSE or SZSE. */
  @Column({ type: 'varchar', length: 32 })
  exchangeCode: string;

  @Column({ type: 'varchar', length: 20 })
  kind: string;
}

/** One instrument over [start, end): level at each end and the turnover in between. */
@Entity('market_window')
@Index(['instrumentCode', 'startAt'])
export class MarketWindowRecord {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  key: string;

  @Column({ type: 'varchar', length: 20 })
  instrumentCode: string;

  /** ISO 8601 in +08:00, so that text order is time order. */
  @Column({ type: 'varchar', length: 32 })
  startAt: string;

  @Column({ type: 'varchar', length: 32 })
  endAt: string;

  @Column({ type: 'double precision' })
  startLevel: number;

  @Column({ type: 'double precision' })
  endLevel: number;

  /** As the source states it; the loader checks it against the levels. */
  @Column({ type: 'double precision', nullable: true })
  changePercentStated: number | null;

  @Column({ ...MONEY, nullable: true })
  turnoverCny: number | null;
}

/** Who bought or sold how much on which exchange between two instants. */
@Entity('trading_episode')
@Index(['exchangeCode', 'startAt'])
export class TradingEpisodeRecord {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  key: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  managerKey: string;

  @Column({ type: 'varchar', length: 32 })
  exchangeCode: string;

  @Column({ type: 'varchar', length: 8 })
  side: string;

  @Column({ ...MONEY })
  amountCny: number;

  @Column({ type: 'varchar', length: 32 })
  startAt: string;

  @Column({ type: 'varchar', length: 32 })
  endAt: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;
}
