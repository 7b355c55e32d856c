import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { addTradingDays, countTradingDays, nextTradingDay, TradingCalendarData } from '../calendar/trading-days';
import { OutOfCalendarRangeError } from '../core/errors';
import { DateScalar } from '../core/scalars';
import { EventRecord } from './event.entity';
import { DatePrecision, EventType } from './event.enums';
import { Event } from './event.types';

export enum TimelineEntryKind {
  EVENT = 'EVENT',
  SUSPENSION_ENDS = 'SUSPENSION_ENDS',
  TRADING_RESUMES = 'TRADING_RESUMES',
}
registerEnumType(TimelineEntryKind, {
  name: 'TimelineEntryKind',
  description: 'What a timeline entry marks.',
  valuesConfig: {
    EVENT: { description: 'The event itself, on its date.' },
    SUSPENSION_ENDS: { description: 'The last suspended trading day of a trading suspension.' },
    TRADING_RESUMES: { description: 'The first trading day on which a suspended party may trade again.' },
  },
});

@ObjectType({ description: 'One entry of a timeline: an event, or the end or resumption of a suspension, with the trading days since the entry before.' })
export class TimelineEntry {
  @Field(() => DateScalar, { description: 'The day of the entry.' })
  date: string;

  @Field(() => DatePrecision, { description: 'How exactly the date is known (entries of events dated to the month or placed by the curator say so).' })
  datePrecision: DatePrecision;

  @Field(() => TimelineEntryKind, { description: 'The event itself, the end of a suspension, or the day trading resumes.' })
  kind: TimelineEntryKind;

  @Field({ description: 'What happened, in Chinese.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'What happened, in English.' })
  titleEn: string | null;

  @Field(() => Event, { description: 'The event the entry belongs to.' })
  event: EventRecord;

  @Field(() => Int, {
    nullable: true,
    description:
      "Exchange trading days after the previous entry's date up to and including this one (0 on the same day); null for the first entry and where the curated trading calendar does not cover both dates.",
  })
  tradingDaysSincePrevious: number | null;
}

const ORDER: Record<TimelineEntryKind, number> = { EVENT: 0, SUSPENSION_ENDS: 1, TRADING_RESUMES: 2 };

function tradingDaysBetween(previous: string, current: string, calendar: TradingCalendarData): number | null {
  if (previous === current) return 0;
  try {
    const dayAfter = new Date(`${previous}T00:00:00Z`);
    dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
    return countTradingDays(dayAfter.toISOString().slice(0, 10), current, calendar);
  } catch (error) {
    if (error instanceof OutOfCalendarRangeError) return null;
    throw error;
  }
}

/**
 * Events in date order, each suspension adding its last suspended day and its resumption day as
 * entries of their own, with the trading days elapsed since the entry before.
 */
export function buildTimeline(events: EventRecord[], calendar: TradingCalendarData): TimelineEntry[] {
  const entries: Omit<TimelineEntry, 'tradingDaysSincePrevious'>[] = [];
  for (const event of events) {
    entries.push({ date: event.date, datePrecision: event.datePrecision, kind: TimelineEntryKind.EVENT, title: event.title, titleEn: event.titleEn, event });
    if (event.type === EventType.TRADING_SUSPENSION && event.startDate && event.tradingDays) {
      try {
        const end = addTradingDays(event.startDate, event.tradingDays, calendar);
        const resume = nextTradingDay(end, calendar);
        entries.push(
          {
            date: end,
            datePrecision: DatePrecision.DAY,
            kind: TimelineEntryKind.SUSPENSION_ENDS,
            title: `最后一个暂停交易日：${event.title}`,
            titleEn: `Last suspended trading day: ${event.titleEn ?? event.title}`,
            event,
          },
          {
            date: resume,
            datePrecision: DatePrecision.DAY,
            kind: TimelineEntryKind.TRADING_RESUMES,
            title: `恢复交易：${event.title}`,
            titleEn: `Trading may resume: ${event.titleEn ?? event.title}`,
            event,
          },
        );
      } catch (error) {
        if (!(error instanceof OutOfCalendarRangeError)) throw error;
      }
    }
  }
  entries.sort((a, b) => (a.date === b.date ? ORDER[a.kind] - ORDER[b.kind] || a.event.key.localeCompare(b.event.key) : a.date < b.date ? -1 : 1));
  return entries.map((entry, i) =>
    Object.assign(new TimelineEntry(), entry, { tradingDaysSincePrevious: i === 0 ? null : tradingDaysBetween(entries[i - 1].date, entry.date, calendar) }),
  );
}
