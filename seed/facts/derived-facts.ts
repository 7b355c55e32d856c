import { normalizeWhitespace } from '../../src/announcements/text';
import { addTradingDays, nextTradingDay, TradingCalendarData } from '../../src/calendar/trading-days';
import { OutOfCalendarRangeError } from '../../src/core/errors';
import { Filing } from '../filing-schema';
import { Located, SeedProblem, SeedRows } from '../seed-types';
import { FactSources, QuoteText, yearOf } from './fact-sources';
import { readDates, readPercents } from './readers';

/**
 * Facts derived by arithmetic, checked against the fields they derive from wherever a source or the
 * curators' prose states them: a suspension's last suspended day and its resumption day (from its
 * start and its trading days, on the curated calendar), and an episode's share of its window's
 * turnover (its amount over the turnover). The API derives the same values the same way.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** The days a text marks as a span's end (至 2 月 22 日) or as the day trading resumes (2 月 23 日复牌). */
function markedDays(text: string, year: number | null, quote: QuoteText | null): { end: string[]; resume: string[] } {
  const marked = { end: [] as string[], resume: [] as string[] };
  for (const r of readDates(text)) {
    const y = r.year ?? (quote ? yearOf(quote, r.index) : year);
    if (r.day === null || r.month === null || y === null) continue;
    const day = `${y}-${pad(r.month)}-${pad(r.day)}`;
    const before = text.slice(Math.max(0, r.index - 3), r.index);
    const after = text.slice(r.index + r.text.length, r.index + r.text.length + 6);
    if (/(恢复|复牌|起恢复)/.test(after)) marked.resume.push(day);
    else if (/(至|到|截至)\s*$/.test(before) || /^\s*(止|结束)/.test(after)) marked.end.push(day);
  }
  return marked;
}

/** A suspension's last suspended day and the day trading resumes, on the curated calendar. */
export function suspensionDays(startDate: string, tradingDays: number, calendar: TradingCalendarData): { endDate: string; resumeDate: string } {
  const endDate = addTradingDays(startDate, tradingDays, calendar);
  return { endDate, resumeDate: nextTradingDay(endDate, calendar) };
}

function checkSuspension(file: string, filing: Filing, sources: FactSources, calendar: TradingCalendarData, problems: SeedProblem[]): void {
  if (filing.filing !== 'event' || filing.startDate === undefined || filing.tradingDays === undefined) return;
  let endDate: string;
  let resumeDate: string;
  try {
    ({ endDate, resumeDate } = suspensionDays(filing.startDate, filing.tradingDays, calendar));
  } catch (error) {
    // A year the curated calendar does not cover: nothing to derive with (the API says so when asked).
    if (error instanceof OutOfCalendarRangeError) return;
    throw error;
  }
  const year = Number(filing.startDate.slice(0, 4));
  const texts: [string, string, QuoteText | null][] = [
    ['summary', filing.summary ?? '', null],
    ...filing.sources.map((c, i): [string, string, QuoteText | null] => {
      const quote = sources.quoteText(c);
      return [`sources[${i}].quote`, quote?.text ?? '', quote];
    }),
  ];
  for (const [path, text, quote] of texts) {
    const { end, resume } = markedDays(normalizeWhitespace(text), year, quote);
    const derived = `${filing.tradingDays} trading days from ${filing.startDate} end on ${endDate} and trading resumes on ${resumeDate}`;
    for (const day of end.filter((d) => d !== endDate)) problems.push({ file, path, message: `gives ${day} as the last suspended day, but ${derived}` });
    for (const day of resume.filter((d) => d !== resumeDate)) problems.push({ file, path, message: `gives ${day} as the day trading resumes, but ${derived}` });
  }
}

/** 占…成交额的 5.30%: an episode's share of the turnover of the window of its exchange that holds it. */
function checkShares(file: string, filing: Filing, rows: SeedRows, sources: FactSources, problems: SeedProblem[]): void {
  if (filing.filing !== 'marketData') return;
  filing.episodes.forEach((e, i) => {
    const episode = rows.episodes.find((row) => row.key === e.id);
    const window = rows.windows.find(
      (w) =>
        w.turnoverCny !== null &&
        rows.instruments.find((s) => s.code === w.instrumentCode)?.exchangeCode === e.exchange &&
        Date.parse(w.startAt) <= Date.parse(e.start) &&
        Date.parse(e.end) <= Date.parse(w.endAt),
    );
    if (!episode || !window) return;
    const texts = [e.description ?? '', ...e.sources.map((c) => sources.quoteText(c)?.text ?? '')];
    for (const text of texts) {
      for (const p of readPercents(text).filter((r) => /占/.test(text.slice(Math.max(0, r.index - 16), r.index)))) {
        const decimals = (String(p.value).split('.')[1] ?? '').length;
        const share = (episode.amountCny / window.turnoverCny!) * 100;
        if (Number(share.toFixed(decimals)) !== p.value) {
          problems.push({
            file,
            path: `episodes[${i}]`,
            message: `gives a share of ${p.text}, but ${episode.amountCny.toLocaleString('en')} CNY of the window ${window.key}'s ${window.turnoverCny!.toLocaleString('en')} CNY turnover is ${share.toFixed(Math.max(decimals, 2))}%`,
          });
        }
      }
    }
  });
}

/** Checks what the filings state of derived facts; adds a problem per disagreement. */
export function checkDerivedFacts(filings: Located<Filing>[], rows: SeedRows, sources: FactSources, problems: SeedProblem[]): void {
  for (const { file, filing } of filings) {
    checkSuspension(file, filing, sources, sources.calendar, problems);
    checkShares(file, filing, rows, sources, problems);
  }
}
