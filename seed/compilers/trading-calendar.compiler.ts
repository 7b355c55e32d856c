import { MarketClosure, TradingCalendarYear } from '../../src/calendar/calendar.entity';
import { create, CompileContext } from '../compile-context';
import { TradingCalendarFiling } from '../filing-schema';
import { Located } from '../seed-types';

type ClosureFiling = TradingCalendarFiling['closures'][number];

/** A closure's weekdays, one row each (weekends are never trading days); every day must fall in the calendar's year. */
function compileClosure({ define, rows, problems }: CompileContext, file: string, year: number, c: ClosureFiling, i: number): void {
  if (c.from > c.to) problems.push({ file, path: `closures[${i}].to`, message: 'must not be before from' });
  for (let d = new Date(`${c.from}T00:00:00Z`); d <= new Date(`${c.to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const iso = d.toISOString().slice(0, 10);
    if (Number(iso.slice(0, 4)) !== year) {
      problems.push({ file, path: `closures[${i}]`, message: `${iso} is outside ${year}` });
      break;
    }
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    define('closure', iso, file, `closures[${i}]`);
    rows.closures.push(create(MarketClosure, { date: iso, year, reason: c.reason }));
  }
}

/** A year of the exchanges' trading calendar and its closures. */
export function compileTradingCalendar(context: CompileContext, { file, filing }: Located<TradingCalendarFiling>): void {
  const { define, cite, rows } = context;
  define('trading calendar', String(filing.year), file, 'year');
  rows.calendarYears.push(create(TradingCalendarYear, { year: filing.year, key: filing.id }));
  cite('TradingCalendarYear', String(filing.year), filing.sources, file, 'sources');
  filing.closures.forEach((c, i) => compileClosure(context, file, filing.year, c, i));
}
