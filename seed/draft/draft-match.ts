import { normalizeWhitespace } from '../../src/announcements/text';
import { TODO } from './draft-model';

/**
 * How drafts compare with the curated filings (bench/draft-recall.ts, test/draft.spec.ts): a draft finds
 * a curated record when it has the record's type, authority (the exchange of a trade, the instrument of
 * a window), measure (where the record has one), date, and a quote that overlaps one of the record's in
 * the document. Both sides are read as parsed YAML, so that the drafts are compared as written. A date
 * a draft proposes (notInQuote: [date]) is right only where it is the curated date.
 */

export type RecordKind = 'event' | 'episode' | 'window';

export interface Comparable {
  id: string;
  kind: RecordKind;
  type: string;
  authority: string | null;
  measure: string | null;
  /** YYYY-MM-DD; null for TODO. */
  date: string | null;
  quotes: string[];
  /**
   * The date is not given by the document (notInQuote: [date]): placed by the curators, on a curated
   * record; proposed, on a draft. A proposed date counts only where it is the curated date.
   */
  datePlaced: boolean;
  /** Counted in recall: an event with an authority, a measure or a liquidation, a performance disclosure, a trade. */
  inScope: boolean;
}

type Fields = { [key: string]: unknown };

const text = (value: unknown): string | null => (typeof value === 'string' && value !== TODO ? value : null);

function quotesOf(record: Fields): string[] {
  const lists = [record.sources, ...[record.figures, record.denials].flatMap((l) => (Array.isArray(l) ? (l as Fields[]).map((x) => x.sources) : []))];
  return lists.flatMap((l) => (Array.isArray(l) ? (l as Fields[]).map((s) => s.quote).filter((q): q is string => typeof q === 'string') : []));
}

function eventComparable(e: Fields): Comparable {
  const measure = text(e.measure) ?? text(e.liquidationKind);
  const authority = text(e.authority);
  return {
    id: String(e.id),
    kind: 'event',
    type: String(e.type),
    authority,
    measure,
    date: text(e.date),
    quotes: quotesOf(e),
    datePlaced: Array.isArray(e.notInQuote) && e.notInQuote.includes('date'),
    inScope: authority !== null || measure !== null || e.type === 'PERFORMANCE_DISCLOSURE',
  };
}

/** The records of a filing (parsed YAML, curated or draft) that compare: events, trades and index windows. */
export function comparablesOf(filing: unknown): Comparable[] {
  if (filing === null || typeof filing !== 'object') return [];
  const f = filing as Fields;
  if (f.filing === 'event') return [eventComparable(f)];
  if (f.filing !== 'marketData') return [];
  const market = (list: unknown, kind: 'episode' | 'window'): Comparable[] =>
    (Array.isArray(list) ? (list as Fields[]) : []).map((r) => ({
      id: String(r.id),
      kind,
      type: kind === 'episode' ? 'TRADING_EPISODE' : 'MARKET_WINDOW',
      authority: text(kind === 'episode' ? r.exchange : r.instrument),
      measure: null,
      date: text(r.start)?.slice(0, 10) ?? null,
      quotes: quotesOf(r),
      datePlaced: Array.isArray(r.notInQuote) && r.notInQuote.includes('start'),
      inScope: kind === 'episode',
    }));
  return [...market(f.episodes, 'episode'), ...market(f.windows, 'window')];
}

/** Where each quote lies in the document, whitespace aside: [start, end) in the normalized text. */
export function quoteLocator(document: string): (quote: string) => [number, number][] {
  const body = normalizeWhitespace(document);
  return (quote) => {
    const needle = normalizeWhitespace(quote);
    const found: [number, number][] = [];
    if (needle === '') return found;
    for (let at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + 1)) found.push([at, at + needle.length]);
    return found;
  };
}

/** Whether two records quote overlapping stretches of the document (by two characters at least). */
function overlaps(locate: ReturnType<typeof quoteLocator>, a: Comparable, b: Comparable): boolean {
  const spans = (c: Comparable) => c.quotes.flatMap(locate);
  const bs = spans(b);
  return spans(a).some(([s1, e1]) => bs.some(([s2, e2]) => Math.min(e1, e2) - Math.max(s1, s2) >= 2));
}

/** Why `draft` does not stand for `curated`: empty when it does. */
export function mismatches(locate: ReturnType<typeof quoteLocator>, draft: Comparable, curated: Comparable): string[] {
  const why: string[] = [];
  if (draft.type !== curated.type) why.push(`type ${draft.type}, not ${curated.type}`);
  if (draft.authority !== curated.authority)
    why.push(`${curated.kind === 'window' ? 'instrument' : 'authority'} ${draft.authority ?? 'none'}, not ${curated.authority ?? 'none'}`);
  if (curated.measure !== null && draft.measure !== curated.measure) why.push(`measure ${draft.measure ?? 'none'}, not ${curated.measure}`);
  if (draft.date !== curated.date) {
    const placed = curated.datePlaced ? ' (the curators placed it: notInQuote)' : '';
    const proposed = draft.datePlaced ? ' proposed' : '';
    why.push(draft.date === null ? `date TODO, not ${curated.date}${placed}` : `date ${draft.date}${proposed}, not ${curated.date}${placed}`);
  }
  if (!overlaps(locate, draft, curated)) why.push('no quote in common');
  return why;
}

/** A mismatch that is only the date the document does not give: the draft leaves TODO, or proposes another day than, what the curators placed. */
export function onlyPlacedDate(draft: Comparable, curated: Comparable, why: string[]): boolean {
  return why.length === 1 && draft.date !== curated.date && curated.datePlaced;
}

/** A date a draft proposed, against the curated record the draft stands for but for its date. */
export interface ProposedDate {
  draft: string;
  date: string | null;
  curated: string | null;
  curatedDate: string | null;
  /** The proposal is the curated date: the curator only confirms it. */
  right: boolean;
}

export interface CuratedOutcome {
  curated: Comparable;
  matched: string[];
  /** The closest draft and why it is not a match, when none matches. */
  closest: { id: string; why: string[] } | null;
  /** Matched once the dates the curators placed are left aside. */
  matchedLeavingPlacedDates: boolean;
}

export interface MatchReport {
  outcomes: CuratedOutcome[];
  drafts: { id: string; kind: RecordKind; matched: string[]; matchedLeavingPlacedDates: boolean }[];
  recall: number;
  precision: number;
  recallLeavingPlacedDates: number;
  precisionLeavingPlacedDates: number;
  inScope: number;
  proposedDates: ProposedDate[];
}

/** Compares the drafts of `document` with the curated records. */
export function matchDrafts(document: string, drafts: Comparable[], curated: Comparable[]): MatchReport {
  const locate = quoteLocator(document);
  const table = curated.map((c) => drafts.map((d) => ({ d, why: mismatches(locate, d, c) })));
  const outcomes = curated.map((c, i): CuratedOutcome => {
    const matched = table[i].filter((x) => x.why.length === 0).map((x) => x.d.id);
    const ranked = [...table[i]].sort((a, b) => a.why.length - b.why.length);
    const closest = matched.length > 0 || ranked.length === 0 ? null : { id: ranked[0].d.id, why: ranked[0].why };
    return { curated: c, matched, closest, matchedLeavingPlacedDates: table[i].some((x) => x.why.length === 0 || onlyPlacedDate(x.d, c, x.why)) };
  });
  const draftRows = drafts.map((d, j) => ({
    id: d.id,
    kind: d.kind,
    matched: curated.filter((_c, i) => table[i][j].why.length === 0).map((c) => c.id),
    matchedLeavingPlacedDates: curated.some((c, i) => table[i][j].why.length === 0 || onlyPlacedDate(d, c, table[i][j].why)),
  }));
  const proposedDates = drafts.flatMap((d, j): ProposedDate[] => {
    if (!d.datePlaced) return [];
    const butDate = (c: Comparable, why: string[]) => why.length === 0 || (why.length === 1 && d.date !== c.date);
    const i = curated.findIndex((c, k) => butDate(c, table[k][j].why));
    const c = i < 0 ? null : curated[i];
    return [{ draft: d.id, date: d.date, curated: c?.id ?? null, curatedDate: c?.date ?? null, right: c !== null && c.date === d.date }];
  });
  const scoped = outcomes.filter((o) => o.curated.inScope);
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    outcomes,
    drafts: draftRows,
    inScope: scoped.length,
    proposedDates,
    recall: share(scoped.filter((o) => o.matched.length > 0).length, scoped.length),
    recallLeavingPlacedDates: share(scoped.filter((o) => o.matchedLeavingPlacedDates).length, scoped.length),
    precision: share(draftRows.filter((d) => d.matched.length > 0).length, draftRows.length),
    precisionLeavingPlacedDates: share(draftRows.filter((d) => d.matchedLeavingPlacedDates).length, draftRows.length),
  };
}
