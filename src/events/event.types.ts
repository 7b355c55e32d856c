import { Field, ID, InputType, Int, InterfaceType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { ConnectionType } from '../core/connection';
import { Node, resolveObjectType } from '../core/node';
import { DateScalar } from '../core/scalars';
import { DatePrecision, EventType, LiquidationKind, Measure, MeasureCategory, RumorStatus, SanctionStage } from './event.enums';

/**
 * The GraphQL face of events. Rows are EventRecord instances; `resolveType` picks the object type by
 * the row's `type`. Relations (manager, products, authority, sources …) are field resolvers in
 * event.resolver.ts, read through per-request DataLoaders.
 */
@InterfaceType({
  implements: Node,
  description: 'Something that happened to a manager, a product or the market, with its date and its sources.',
  resolveType: resolveObjectType,
})
export abstract class Event implements Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  id: string;

  @Field(() => EventType, { description: 'The kind of event.' })
  type: EventType;

  @Field(() => DateScalar, { description: 'When it happened, as precisely as `datePrecision` says; events are listed newest first by this date.' })
  date: string;

  @Field(() => DatePrecision, { description: 'How exactly the source dates the event: DAY, MONTH, YEAR, or APPROXIMATE (placed by the curator).' })
  datePrecision: DatePrecision;

  @Field(() => String, { nullable: true, description: 'How the date is known, when it is not given to the day.' })
  dateNote: string | null;

  @Field({ description: 'Headline in Chinese.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'Headline in English.' })
  titleEn: string | null;

  @Field(() => String, { nullable: true, description: 'What happened, in a few sentences, from the sources.' })
  summary: string | null;

  @Field(() => [String], {
    description:
      "Which of the fields this event serves as the source's words (claim, assessment, reason, scope, ruleCited, ruleText) hold the curators' words instead, by field name; every other such field is a quote from a cited document (…… marks an omission). Empty for most events.",
  })
  curatorsWords: string[];
}

@ObjectType({
  implements: [Event, Node],
  description: 'A disciplinary sanction or self-regulatory measure by an exchange (公开谴责, 书面警示 …), other than a trading suspension.',
})
export class ExchangePenalty extends Event {
  @Field(() => Measure, { description: 'What the exchange did.' })
  measure: Measure;

  @Field(() => MeasureCategory, { nullable: true, description: 'Disciplinary sanction (纪律处分) or self-regulatory measure (监管措施).' })
  measureCategory: MeasureCategory | null;

  @Field(() => SanctionStage, { description: 'INITIATED when the procedure has started; DECIDED when the measure has been taken.' })
  stage: SanctionStage;

  @Field(() => String, { nullable: true, description: 'The rule the exchange cites, e.g. 《上海证券交易所交易规则》第 7.2 条第（六）项.' })
  ruleCited: string | null;

  @Field(() => String, { nullable: true, description: 'The text of the cited rule, as the source quotes it.' })
  ruleText: string | null;

  @Field(() => String, { nullable: true, description: 'Why, in the words of the source.' })
  reason: string | null;
}

@ObjectType({ implements: [Event, Node], description: 'An exchange suspends an account holder from trading for N trading days (暂停交易).' })
export class TradingSuspension extends Event {
  @Field(() => DateScalar, { description: 'First suspended trading day.' })
  startDate: string;

  @Field(() => Int, { description: 'Length of the suspension in exchange trading days.' })
  tradingDays: number;

  @Field(() => String, { nullable: true, description: 'What may not be traded, in the words of the source (沪深两市股票).' })
  scope: string | null;

  @Field(() => String, { nullable: true, description: 'Why, in the words of the source.' })
  reason: string | null;
}

@ObjectType({ implements: [Event, Node], description: 'A manager resolves to dissolve (解散), or a product is liquidated (清盘).' })
export class LiquidationNotice extends Event {
  @Field(() => LiquidationKind, { description: 'Manager dissolution or product liquidation.' })
  liquidationKind: LiquidationKind;

  @Field(() => Boolean, { nullable: true, description: 'Whether a liquidation group (清算组) was formed; null when the source does not say.' })
  liquidationGroupFormed: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the manager will apply to AMAC to cancel its registration (注销) once its funds are liquidated.',
  })
  deregistrationPlanned: boolean | null;
}

@ObjectType({
  implements: [Event, Node],
  description: 'A measure by the CSRC, a local bureau, AMAC or local enforcement: order to correct, filing suspension, enforcement visit, window guidance.',
})
export class RegulatoryMeasure extends Event {
  @Field(() => Measure, { description: 'What was done.' })
  measure: Measure;

  @Field(() => MeasureCategory, {
    nullable: true,
    description: 'Administrative measure, self-regulatory measure, disciplinary sanction, enforcement or informal guidance.',
  })
  measureCategory: MeasureCategory | null;

  @Field(() => Int, { nullable: true, description: 'Duration in months, for time-limited measures (暂停受理私募基金产品备案三个月: 3).' })
  durationMonths: number | null;

  @Field(() => String, { nullable: true, description: 'Why, in the words of the source.' })
  reason: string | null;
}

@ObjectType({ implements: [Event, Node], description: 'Returns or drawdowns for a period, as of a date, per a data vendor or a statement.' })
export class PerformanceDisclosure extends Event {
  @Field(() => String, { nullable: true, description: 'The data vendor (私募排排网, 好买基金网); null for statements and unattributed figures.' })
  dataVendor: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'The date the data is as of, when the source gives it.' })
  asOf: string | null;
}

@ObjectType({ implements: [Event, Node], description: 'A rumour about managers, what became of it, and the denials.' })
export class MarketRumor extends Event {
  @Field({ description: 'What the rumour said, in the words of the source (a quote, unless curatorsWords lists it).' })
  claim: string;

  @Field(() => RumorStatus, { description: 'Denied, partly confirmed, exaggerated or unverified.' })
  rumorStatus: RumorStatus;

  @Field(() => String, { nullable: true, description: "The source's own assessment, e.g. 相关情况多有夸张 (a quote, unless curatorsWords lists it)." })
  assessment: string | null;
}

export const EVENT_OBJECT_TYPES = [ExchangePenalty, TradingSuspension, LiquidationNotice, RegulatoryMeasure, PerformanceDisclosure, MarketRumor];

@InputType({ description: 'Narrows a list of events. Filters combine with AND; values within one filter with OR.' })
export class EventFilter {
  @Field(() => [EventType], { nullable: true, description: 'Only these kinds of event.' })
  @IsOptional()
  @ArrayMaxSize(20)
  types?: EventType[];

  @Field(() => [String], {
    nullable: true,
    description:
      "Only events by these authorities, by code (SSE, SZSE, CSRC, CSRC_SH, AMAC, SAMR_LOCAL) or by a name the authority's record gives (上海证券交易所, 上交所). An unknown value is refused with the list of authorities. Events no authority took (rumours, disclosures, unattributed guidance) drop out.",
  })
  @IsOptional()
  @ArrayMaxSize(50)
  authorities?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Only events involving these managers, by slug (ningbo-lingjun). An unknown slug is refused with the list of slugs.',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  managerSlugs?: string[];

  @Field(() => [Measure], {
    nullable: true,
    description:
      'Only events whose measure (what the authority did, `measure` on ExchangePenalty and RegulatoryMeasure) is one of these; TRADING_SUSPENSION selects the trading suspensions. Events of other kinds have no measure and drop out.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  measures?: Measure[];

  @Field(() => [SanctionStage], {
    nullable: true,
    description:
      'Only sanctions at these stages: INITIATED (the procedure has started) or DECIDED (the measure was taken). The stage is `stage` on ExchangePenalty; events without one drop out.',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  stages?: SanctionStage[];

  @Field(() => DateScalar, { nullable: true, description: 'Only events dated on or after this day.' })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only events dated on or before this day.' })
  to?: string;
}

@InputType({ description: 'Narrows the events of one manager or product.' })
export class EventTypeFilter {
  @Field(() => [EventType], { nullable: true, description: 'Only these kinds of event.' })
  @IsOptional()
  types?: EventType[];
}

@ObjectType({ description: 'A page of events, newest first.' })
export class EventConnection extends ConnectionType(Event, 'Event') {}
