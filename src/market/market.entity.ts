import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MONEY } from '../core/columns';
import { toGlobalId } from '../core/global-id';
import { Node } from '../core/node';
import { DateTimeScalar } from '../core/scalars';

export enum TradeSide {
  SELL = 'SELL',
  BUY = 'BUY',
}
registerEnumType(TradeSide, {
  name: 'TradeSide',
  description: 'Whether an episode was selling or buying.',
  valuesConfig: { SELL: { description: 'Selling (卖出).' }, BUY: { description: 'Buying (买入).' } },
});

export enum WindowBasis {
  CURATED = 'CURATED',
  BARS = 'BARS',
}
registerEnumType(WindowBasis, {
  name: 'WindowBasis',
  description: 'Where the figures of a market-data window come from.',
  valuesConfig: {
    CURATED: { description: 'Stated by a source and curated with its citation.' },
    BARS: { description: 'Computed from imported intraday bars: the open of the first bar, the close of the last, the sum of their turnover.' },
  },
});

/** Keys of windows computed from bars: "bars:<instrument>:<start>:<end>". */
export const BARS_WINDOW_PREFIX = 'bars:';

@ObjectType({ description: 'A market instrument the sources quote: here, stock indexes.' })
@Entity('instrument')
export class Instrument {
  @Field({ description: 'Instrument code with its market suffix, e.g. 000001.SH.' })
  @PrimaryColumn({ type: 'varchar', length: 20 })
  code: string;

  @Field({ name: 'name', description: 'Chinese name, e.g. 上证指数.' })
  @Column({ type: 'varchar', length: 100 })
  nameZh: string;

  @Field(() => String, { nullable: true, description: 'English name, e.g. SSE Composite.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  nameEn: string | null;

  /** The exchange whose trading the instrument measures: SSE or SZSE. */
  @Column({ type: 'varchar', length: 32 })
  exchangeCode: string;

  @Field({ description: 'Kind of instrument: INDEX.' })
  @Column({ type: 'varchar', length: 20 })
  kind: string;
}

@ObjectType({ implements: Node, description: 'One instrument over [start, end): its level at each end and the turnover (成交金额) in between.' })
@Entity('market_window')
@Index(['instrumentCode', 'startAt'])
export class MarketDataWindow implements Node {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  key: string;

  @Field(() => ID, { description: 'Opaque global id.' })
  get id(): string {
    return toGlobalId('MarketDataWindow', this.key);
  }

  @Column({ type: 'varchar', length: 20 })
  instrumentCode: string;

  /** ISO 8601 in +08:00, so that text order is time order. */
  @Field(() => DateTimeScalar, { name: 'start', description: 'Start of the window (inclusive), +08:00.' })
  @Column({ type: 'varchar', length: 32 })
  startAt: string;

  @Field(() => DateTimeScalar, { name: 'end', description: 'End of the window (exclusive), +08:00.' })
  @Column({ type: 'varchar', length: 32 })
  endAt: string;

  @Field(() => Int, { description: 'Length of the window in seconds.' })
  get durationSeconds(): number {
    return (Date.parse(this.endAt) - Date.parse(this.startAt)) / 1000;
  }

  @Field(() => WindowBasis, { description: 'CURATED for figures a source states; BARS for figures computed from imported bars.' })
  get basis(): WindowBasis {
    return this.key.startsWith(BARS_WINDOW_PREFIX) ? WindowBasis.BARS : WindowBasis.CURATED;
  }

  @Field(() => Float, { description: 'Index level at the start, in points.' })
  @Column({ type: 'double precision' })
  startLevel: number;

  @Field(() => Float, { description: 'Index level at the end, in points.' })
  @Column({ type: 'double precision' })
  endLevel: number;

  /** As the source states it; the loader checks it against the levels. */
  @Column({ type: 'double precision', nullable: true })
  changePercentStated: number | null;

  @Field(() => Float, {
    description: 'Change over the window in percent (-0.64 means -0.64%): as the source states it, else computed from the levels and rounded to two decimals.',
  })
  get changePercent(): number {
    return this.changePercentStated ?? Math.round(((this.endLevel - this.startLevel) / this.startLevel) * 10000) / 100;
  }

  @Field(() => Float, { nullable: true, description: 'Turnover (成交金额) in the window, in CNY; 225.28 亿 is 22528000000.' })
  @Column({ ...MONEY, nullable: true })
  turnoverCny: number | null;
}

@ObjectType({ implements: Node, description: 'Who sold or bought how much on which exchange between two instants.' })
@Entity('trading_episode')
@Index(['exchangeCode', 'startAt'])
export class TradingEpisode implements Node {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  key: string;

  @Field(() => ID, { description: 'Opaque global id.' })
  get id(): string {
    return toGlobalId('TradingEpisode', this.key);
  }

  @Index()
  @Column({ type: 'varchar', length: 100 })
  managerKey: string;

  @Column({ type: 'varchar', length: 32 })
  exchangeCode: string;

  @Field(() => TradeSide, { description: 'SELL or BUY.' })
  @Column({ type: 'varchar', length: 8 })
  side: TradeSide;

  @Field(() => Float, { description: 'Amount traded in CNY, exact: 11.95 亿 is 1195000000.' })
  @Column({ ...MONEY })
  amountCny: number;

  @Field(() => DateTimeScalar, { name: 'start', description: 'First instant of the episode, +08:00.' })
  @Column({ type: 'varchar', length: 32 })
  startAt: string;

  @Field(() => DateTimeScalar, { name: 'end', description: 'Last instant of the episode, +08:00.' })
  @Column({ type: 'varchar', length: 32 })
  endAt: string;

  @Field(() => Int, { description: 'Length of the episode in seconds (the SZSE episode of 2024-02-19 lasts 42).' })
  get durationSeconds(): number {
    return (Date.parse(this.endAt) - Date.parse(this.startAt)) / 1000;
  }

  @Field(() => String, { nullable: true, description: 'What was traded and how, in the words of the source.' })
  @Column({ type: 'text', nullable: true })
  description: string | null;
}
