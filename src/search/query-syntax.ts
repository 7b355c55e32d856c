import { characterCount } from '../core/characters';
import { normalizeChar, normalizeText, segments } from './analyzer';

/**
 * The query syntax of the search box, as web search engines and PostgreSQL's websearch_to_tsquery
 * read it:
 * - words are all required: `灵均 暂停交易`;
 * - `"quoted phrase"` (or “…”, 「…」) matches its words in order;
 * - `OR` in capitals between two pieces makes either do: `灵均 OR 明汯`;
 * - `-term` or `-"a phrase"` excludes what matches it; a minus before a digit is a sign (-28.82%).
 * Nothing else is an operator, and no query is a syntax error: an unclosed quote runs to the end, an
 * `OR` with nothing on one side is dropped, and a query of exclusions alone searches for them.
 */

/** One term to match: a Latin word or number, a run of CJK characters, or a quoted phrase of several. */
export interface QueryTerm {
  kind: 'cjk' | 'word' | 'phrase';
  /** Normalised (lower case, simplified characters); a phrase's words and runs separated by spaces. */
  text: string;
  /** The last word of a query that ends in it: it may still be being typed (lingj matches lingjun). */
  prefix: boolean;
  /** Written in the query with traditional characters (靈均), folded to simplified. */
  folded?: boolean;
}

/** A piece of the query between spaces or quotes, all of whose terms must match: `high-flyer` is high and flyer. */
export type QueryPiece = QueryTerm[];

/** A parsed query: every group must match (by one of its alternatives), no excluded piece may. */
export interface ParsedQuery {
  groups: QueryPiece[][];
  excluded: QueryPiece[];
  /** The query as it was read, written back with its operators: 灵均 OR 明汯 -雪球. */
  readAs: string;
}

export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_TERMS = 16;

export class QueryError extends Error {}

const OPEN_QUOTES = '"“「';
const CLOSE_QUOTES = '"”」';
const EXCLUSION = /^-(?=[^\s\d.-])/u;

/** A piece as typed, before analysis. */
interface TypedPiece {
  text: string;
  quoted: boolean;
  excluded: boolean;
}

/** The typed pieces and OR markers of a query, left to right. */
function scan(query: string): (TypedPiece | 'OR')[] {
  const items: (TypedPiece | 'OR')[] = [];
  let i = 0;
  while (i < query.length) {
    if (/\s/u.test(query[i])) {
      i += 1;
      continue;
    }
    const excluded = EXCLUSION.test(query.slice(i, i + 2));
    if (excluded) i += 1;
    const open = OPEN_QUOTES.indexOf(query[i]);
    let end: number;
    let text: string;
    if (open >= 0) {
      const close = [...CLOSE_QUOTES].map((q) => query.indexOf(q, i + 1)).filter((at) => at >= 0);
      end = close.length ? Math.min(...close) : query.length;
      text = query.slice(i + 1, end);
      i = end + 1;
    } else {
      end = i;
      while (end < query.length && !/\s/u.test(query[end]) && !OPEN_QUOTES.includes(query[end])) end += 1;
      text = query.slice(i, end);
      i = end;
    }
    if (!excluded && open < 0 && text === 'OR') items.push('OR');
    else items.push({ text, quoted: open >= 0, excluded });
  }
  return items;
}

/** The terms of a text: its segments, or quoted and of more than one segment, one phrase. */
export function termsOfText(text: string, quoted: boolean): QueryTerm[] {
  const found = segments(normalizeText(text));
  const folded = [...text].some((ch) => /[\u3400-\u9fff\uf900-\ufaff]/u.test(ch) && normalizeChar(ch) !== ch);
  if (quoted && found.length > 1) {
    // CJK runs split only by spaces or punctuation are one run: "公开 谴责" is 公开谴责.
    if (found.every((s) => s.kind === 'cjk')) return [{ kind: 'cjk', text: found.map((s) => s.text).join(''), prefix: false, folded }];
    return [{ kind: 'phrase', text: found.map((s) => s.text).join(' '), prefix: false }];
  }
  return found.map((s) => ({ kind: s.kind, text: s.text, prefix: false, ...(folded && s.kind === 'cjk' ? { folded } : {}) }));
}

const termsOf = (piece: TypedPiece) => termsOfText(piece.text, piece.quoted);

const written = (piece: TypedPiece) => `${piece.excluded ? '-' : ''}${piece.quoted ? `"${piece.text}"` : piece.text}`;

/** Groups pieces joined by OR; an OR without a piece on each side, or next to an exclusion, is dropped. */
function groupPieces(items: (TypedPiece | 'OR')[]): TypedPiece[][] {
  const groups: TypedPiece[][] = [];
  let joinNext = false;
  for (const item of items) {
    if (item === 'OR') {
      joinNext = groups.length > 0 && !groups[groups.length - 1][0].excluded;
      continue;
    }
    if (joinNext && !item.excluded) groups[groups.length - 1].push(item);
    else groups.push([item]);
    joinNext = false;
  }
  return groups;
}

/** Parses a user's query (see the syntax above). Refuses only a query with nothing to search for, or too long. */
export function parseQuery(query: string): ParsedQuery {
  const wellFormed = query.toWellFormed();
  if (wellFormed.trim() === '') throw new QueryError('The search query is empty');
  if (characterCount(wellFormed) > MAX_QUERY_LENGTH) throw new QueryError(`The search query is longer than ${MAX_QUERY_LENGTH} characters`);
  let items = scan(wellFormed).filter((item) => item === 'OR' || termsOf(item).length > 0);
  const pieces = items.filter((item): item is TypedPiece => item !== 'OR');
  // A lone OR is a word; exclusions alone leave nothing to find, so they are searched for instead.
  if (pieces.length === 0 && items.length > 0) items = [{ text: 'OR', quoted: false, excluded: false }];
  if (items.length === 0) throw new QueryError('The search query has no letters, digits or Chinese characters to search for');
  if (pieces.every((p) => p.excluded)) for (const p of pieces) p.excluded = false;
  const typedGroups = groupPieces(items);
  const groups = typedGroups.filter((g) => !g[0].excluded).map((g) => g.map(termsOf));
  const excluded = typedGroups.filter((g) => g[0].excluded).map((g) => termsOf(g[0]));
  const count = [...groups.flat(2), ...excluded.flat()].length;
  if (count > MAX_QUERY_TERMS) throw new QueryError(`The search query has more than ${MAX_QUERY_TERMS} terms`);
  const last = items[items.length - 1];
  if (last !== 'OR' && !last.quoted && !last.excluded && /[\p{L}\p{N}]$/u.test(wellFormed.trim())) markPrefix(groups[groups.length - 1]);
  return { groups, excluded, readAs: typedGroups.map((g) => g.map(written).join(' OR ')).join(' ') };
}

/** How long the last word must be to match as a prefix: shorter ones (MH, li) match whole, as the index keeps prefixes of 3 characters and more. */
export const MIN_PREFIX_LENGTH = 3;

/** The last word of the query's last group, when the query ends in it: it matches as a prefix too. */
function markPrefix(group: QueryPiece[]): void {
  const piece = group[group.length - 1];
  const last = piece[piece.length - 1];
  if (last.kind === 'word' && /^\p{L}/u.test(last.text) && [...last.text].length >= MIN_PREFIX_LENGTH) last.prefix = true;
}
