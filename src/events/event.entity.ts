import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../core/global-id';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DatePrecision, EventType, LiquidationKind, Measure, MeasureCategory, RumorStatus, SanctionStage } from './event.enums';

export const EVENT_TYPE_NAMES: Record<EventType, string> = {
  EXCHANGE_PENALTY: 'ExchangePenalty',
  TRADING_SUSPENSION: 'TradingSuspension',
  LIQUIDATION_NOTICE: 'LiquidationNotice',
  REGULATORY_MEASURE: 'RegulatoryMeasure',
  PERFORMANCE_DISCLOSURE: 'PerformanceDisclosure',
  MARKET_RUMOR: 'MarketRumor',
};

/**
 * One row per event, whatever its type: common columns first, then the columns of each type (null for
 * the others). The GraphQL layer maps a row to its object type by `type`.
 */
@Entity('event')
@Index(['date', 'key'])
export class EventRecord {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  key: string;

  /** The GraphQL object type of this row: TradingSuspension, ExchangePenalty … */
  get graphqlTypeName(): string {
    return EVENT_TYPE_NAMES[this.type];
  }

  get id(): string {
    return toGlobalId(this.graphqlTypeName, this.key);
  }

  @Index()
  @Column({ type: 'varchar', length: 40 })
  type: EventType;

  @Column({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'varchar', length: 20 })
  datePrecision: DatePrecision;

  @Column({ type: 'text', nullable: true })
  dateNote: string | null;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  authorityCode: string | null;

  /** The manager the event is chiefly about; every manager involved is in event_manager. */
  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  managerKey: string | null;

  // Exchange penalties and regulatory measures
  @Column({ type: 'varchar', length: 40, nullable: true })
  measure: Measure | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  measureCategory: MeasureCategory | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  stage: SanctionStage | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  ruleCited: string | null;

  @Column({ type: 'text', nullable: true })
  ruleText: string | null;

  @Column({ type: 'integer', nullable: true })
  durationMonths: number | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  // Trading suspensions
  @Column({ type: 'varchar', length: 200, nullable: true })
  scope: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  startDate: string | null;

  @Column({ type: 'integer', nullable: true })
  tradingDays: number | null;

  // Liquidation notices
  @Column({ type: 'varchar', length: 40, nullable: true })
  liquidationKind: LiquidationKind | null;

  @Column({ type: 'boolean', nullable: true })
  liquidationGroupFormed: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  deregistrationPlanned: boolean | null;

  // Performance disclosures
  @Column({ type: 'varchar', length: 100, nullable: true })
  dataVendor: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  asOf: string | null;

  // Market rumours
  @Column({ type: 'text', nullable: true })
  claim: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  rumorStatus: RumorStatus | null;

  @Column({ type: 'text', nullable: true })
  assessment: string | null;

  /** Fields served as the source's words that hold the curators' words (GraphQL: Event.curatorsWords). */
  @Column({ type: 'simple-json' })
  curatorsWords: string[];
}

/**
 * Every manager an event involves; position 0 is the primary manager. The event's date and type are
 * copied here so that a manager's events page from an index (managerKey, date, eventKey) without
 * reading the manager's other events.
 */
@Entity('event_manager')
@Index(['managerKey', 'date', 'eventKey'])
@Index(['managerKey', 'type', 'date', 'eventKey'])
export class EventManager {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  eventKey: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  managerKey: string;

  @Column({ type: 'integer' })
  position: number;

  /** The event's date (copied from event.date). */
  @Column({ type: 'varchar', length: 10 })
  date: string;

  /** The event's type (copied from event.type). */
  @Column({ type: 'varchar', length: 40 })
  type: EventType;
}

@Entity('event_product')
export class EventProduct {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  eventKey: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  @Index()
  productKey: string;

  @Column({ type: 'integer' })
  position: number;
}

/** The trading episodes an exchange action concerns. */
@Entity('event_episode')
export class EventEpisode {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  eventKey: string;

  @PrimaryColumn({ type: 'varchar', length: 120 })
  @Index()
  episodeKey: string;
}

@ObjectType({ description: 'A denial of a rumour, by or on behalf of a manager.' })
@Entity('rumor_denial')
export class RumorDenial {
  @PrimaryColumn({ type: 'varchar', length: 140 })
  key: string;

  @Index()
  @Column({ type: 'varchar', length: 120 })
  eventKey: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  managerKey: string | null;

  @Field({ description: 'Who denied it, as the source puts it, e.g. 接近九坤投资的人士 (a person close to Ubiquant).' })
  @Column({ type: 'varchar', length: 200 })
  speaker: string;

  @Field({ description: 'What was said, in the words of the source (a quote, unless curatorsWords lists it).' })
  @Column({ type: 'text' })
  statement: string;

  @Field(() => [String], {
    description: "statement or speaker when they hold the curators' words instead of the source's; empty when both are quotes from a cited document.",
  })
  @Column({ type: 'simple-json' })
  curatorsWords: string[];

  @Column({ type: 'integer' })
  position: number;
}
