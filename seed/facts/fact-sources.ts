import { normalizeWhitespace } from '../../src/announcements/text';
import { AnnouncementKind } from '../../src/announcements/announcement.entity';
import { calendarData, TradingCalendarData } from '../../src/calendar/trading-days';
import { CitationInput } from '../filing-schema';
import { readYears } from './readers';
import { SeedRows } from '../seed-types';

/**
 * A quote as the checks read it: its text, and the year its undated days are in. "2 月 20 日" is in
 * the year the quote names before it ("2023 年 5 月初…8 月 31 日"), else in its document's year: the
 * year of its publication day, or for a document without one the year its filing states
 * (`undatedYear`, with a dateNote saying how it is known), or for a statement quoted in an article
 * the article's.
 */
export interface QuoteText {
  document: string;
  text: string;
  /** The document's year; null when it gives none. */
  year: number | null;
  /** Years the quote itself names, with their offsets in it. */
  yearAt: [index: number, year: number][];
}

function yearsIn(text: string): [number, number][] {
  return readYears(text).map((y) => [y.index, y.year]);
}

const readings = new WeakMap<QuoteText, Map<(text: string) => unknown, unknown>>();

/**
 * A reader's readings of a quote, read once however many fields ask: every figure of an event reads
 * its event's quotes, so a filing of many figures would otherwise read the same quotes again and again.
 */
export function on<T>(quote: QuoteText, reader: (text: string) => T): T {
  let byReader = readings.get(quote);
  if (byReader === undefined) readings.set(quote, (byReader = new Map()));
  if (!byReader.has(reader)) byReader.set(reader, reader(quote.text));
  return byReader.get(reader) as T;
}

/** The year in force at `index` of a quote. */
export function yearOf(quote: QuoteText, index: number): number | null {
  let year = quote.year;
  for (const [at, y] of quote.yearAt) if (at <= index) year = y;
  return year;
}

/**
 * What a check needs besides the quotes: the names of what a filing refers to (authorities, managers,
 * products, instruments) and the documents' kinds, authors and texts.
 */
export interface FactSources {
  quoteText: (citation: CitationInput) => QuoteText | null;
  documentKind: (document: string) => AnnouncementKind | null;
  documentAuthority: (document: string) => string | null;
  names: (kind: 'authority' | 'manager' | 'product' | 'instrument', key: string) => string[];
  /** The curated exchange calendar, for what is derived in trading days. */
  calendar: TradingCalendarData;
}

/** The names each kind of referred-to row goes by, from the rows the filings define. */
export function namesFromRows(rows: SeedRows): FactSources['names'] {
  const table = new Map<string, string[]>();
  const add = (kind: string, key: string, ...names: (string | null | undefined)[]) =>
    table.set(
      `${kind}:${key}`,
      names.filter((n): n is string => typeof n === 'string' && n !== ''),
    );
  for (const a of rows.authorities) add('authority', a.code, a.nameZh, a.shortNameZh, a.nameEn);
  for (const m of rows.managers) add('manager', m.key, m.legalName, m.shortName, m.englishName, ...m.aliases);
  for (const p of rows.products) add('product', p.key, p.name, ...p.aliases);
  for (const i of rows.instruments) add('instrument', i.code, i.nameZh, i.nameEn, i.code);
  return (kind, key) => table.get(`${kind}:${key}`) ?? [];
}

/**
 * Text as the checks compare it: whitespace runs as one space, none beside a CJK character (the
 * curators' "2024 年" and a document's "2024年" alike), Latin letters in lower case.
 */
export const comparable = (text: string) =>
  normalizeWhitespace(text)
    .replace(/\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+/g, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The checks' view of the compiled rows: quotes with their years, document kinds and bodies, names. */
export function factSourcesOf(rows: SeedRows, undatedYears: Map<string, number>, quoteFound: (citation: CitationInput) => boolean): FactSources {
  const announcements = new Map(rows.announcements.map((a) => [a.key, a]));
  const documentYear = (key: string, depth = 0): number | null => {
    const a = announcements.get(key);
    if (a === undefined) return null;
    if (a.publishedOn) return Number(a.publishedOn.slice(0, 4));
    if (undatedYears.has(key)) return undatedYears.get(key)!;
    return a.quotedInKey !== null && depth < 4 ? documentYear(a.quotedInKey, depth + 1) : null;
  };
  const quotes = new Map<CitationInput, QuoteText | null>();
  const quoteText = (citation: CitationInput): QuoteText | null => {
    if (quotes.has(citation)) return quotes.get(citation)!;
    const text = normalizeWhitespace(citation.quote);
    const quote =
      announcements.has(citation.document) && quoteFound(citation)
        ? { document: citation.document, text, year: documentYear(citation.document), yearAt: yearsIn(text) }
        : null;
    quotes.set(citation, quote);
    return quote;
  };
  return {
    quoteText,
    documentKind: (key) => (announcements.get(key)?.kind as AnnouncementKind | undefined) ?? null,
    documentAuthority: (key) => announcements.get(key)?.authorityCode ?? null,
    names: namesFromRows(rows),
    calendar: calendarData(rows.calendarYears, rows.closures),
  };
}
