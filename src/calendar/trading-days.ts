import { BadUserInputError, OutOfCalendarRangeError } from '../core/errors';

/** The curated exchange calendar: which years it covers and the weekday closures in them. */
export interface TradingCalendarData {
  years: ReadonlySet<number>;
  closures: ReadonlySet<string>;
}

/** The calendar from its rows: the years it covers and the weekday closures in them. */
export function calendarData(years: { year: number }[], closures: { date: string }[]): TradingCalendarData {
  return { years: new Set(years.map((y) => y.year)), closures: new Set(closures.map((c) => c.date)) };
}

/** The calendar day `days` after (or before) `date`. */
export function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whether the exchanges trade on `date`; refuses a date in a year the calendar does not cover. */
export function isTradingDay(date: string, calendar: TradingCalendarData): boolean {
  const year = Number(date.slice(0, 4));
  if (!calendar.years.has(year)) {
    throw new OutOfCalendarRangeError(`The trading calendar does not cover ${year}; covered years: ${[...calendar.years].sort().join(', ') || 'none'}`);
  }
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.closures.has(date);
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: string, calendar: TradingCalendarData): string {
  let day = shift(date, 1);
  while (!isTradingDay(day, calendar)) day = shift(day, 1);
  return day;
}

/** The last trading day strictly before `date`; refuses once it leaves the years the calendar covers. */
export function previousTradingDay(date: string, calendar: TradingCalendarData): string {
  let day = shift(date, -1);
  while (!isTradingDay(day, calendar)) day = shift(day, -1);
  return day;
}

/**
 * The `days`-th trading day of a span that starts on `start`: `start` counts as day 1 when it is a
 * trading day, otherwise the span starts on the next one. A 3-day suspension from Tue 2024-02-20
 * covers 20, 21, 22 February and ends on the 22nd.
 */
export function addTradingDays(start: string, days: number, calendar: TradingCalendarData): string {
  let day = isTradingDay(start, calendar) ? start : nextTradingDay(start, calendar);
  for (let counted = 1; counted < days; counted += 1) day = nextTradingDay(day, calendar);
  return day;
}

/** Trading days in [from, to], both ends included. */
export function countTradingDays(from: string, to: string, calendar: TradingCalendarData): number {
  if (from > to) throw new BadUserInputError(`"from" (${from}) is after "to" (${to})`, 'from');
  let count = 0;
  for (let day = from; day <= to; day = shift(day, 1)) if (isTradingDay(day, calendar)) count += 1;
  return count;
}
