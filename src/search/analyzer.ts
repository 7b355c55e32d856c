import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

/**
 * Text analysis shared by indexing and querying, so that both sides see the same tokens.
 *
 * Normalisation is per character (so that a match can be mapped back to the original text):
 * NFKC, lower case, accents removed, traditional characters folded to simplified. CJK runs are
 * indexed the way Lucene's CJK analyzer does: overlapping bigrams (for runs of two or more) plus
 * single characters; Latin words and numbers (11.95 stays one token) are kept whole.
 */

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const charCache = new Map<string, string>();

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u;
const WORD = /[\p{L}\p{N}]/u;

/** One original character as the index sees it ('' when it carries nothing searchable but spacing). */
export function normalizeChar(ch: string): string {
  let out = charCache.get(ch);
  if (out !== undefined) return out;
  out = ch.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  if (CJK.test(out)) out = toSimplified(out);
  if (charCache.size < 50_000) charCache.set(ch, out);
  return out;
}

/** The normalised text and, for each of its UTF-16 units, the index of the original character it came from. */
export function normalizeWithMap(text: string): { normalized: string; origin: number[] } {
  let normalized = '';
  const origin: number[] = [];
  let index = 0;
  for (const ch of text.toWellFormed()) {
    const n = normalizeChar(ch);
    for (let k = 0; k < n.length; k += 1) origin.push(index);
    normalized += n;
    index += ch.length;
  }
  return { normalized, origin };
}

/** normalizeChar of each BMP character by its code, filled as characters are met: the indexer's hot path. */
const bmpNormalized: (string | undefined)[] = new Array(0x10000);

/** The normalised text alone: what normalizeWithMap gives, without the map (lone surrogates become U+FFFD, as toWellFormed makes them). */
export function normalizeText(text: string): string {
  let normalized = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        normalized += normalizeChar(text.slice(i, i + 2));
        i += 1;
      } else normalized += normalizeChar('\ufffd');
      continue;
    }
    let n = bmpNormalized[code];
    if (n === undefined) n = bmpNormalized[code] = normalizeChar(String.fromCharCode(code));
    normalized += n;
  }
  return normalized;
}

export type Segment = { kind: 'cjk' | 'word'; text: string };

const KINDS: (Segment['kind'] | null)[] = [null, 'cjk', 'word', null];
/** The kind of each BMP character by its code (0 not yet known, then 1 + its index in KINDS), filled as met. */
const bmpKinds = new Uint8Array(0x10000);

/** Whether a character is CJK, part of a word, or neither. */
function kindOf(ch: string): Segment['kind'] | null {
  if (ch.length === 1) {
    const code = ch.charCodeAt(0);
    let known = bmpKinds[code];
    if (known === 0) known = bmpKinds[code] = CJK.test(ch) ? 1 : WORD.test(ch) ? 2 : 3;
    return KINDS[known];
  }
  return CJK.test(ch) ? 'cjk' : WORD.test(ch) ? 'word' : null;
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

/** Whether the UTF-16 unit at `i` of normalised text belongs to a word, as segments() splits words (a decimal point between digits included). */
export function inWordAt(normalized: string, i: number): boolean {
  const code = normalized.charCodeAt(i);
  if (code >= 0xdc00 && code <= 0xdfff && i > 0) return inWordAt(normalized, i - 1);
  const width = code >= 0xd800 && code <= 0xdbff && i + 1 < normalized.length ? 2 : 1;
  if (kindOf(width === 1 ? normalized[i] : normalized.slice(i, i + 2)) === 'word') return true;
  return code === 0x2e && isDigit(normalized[i - 1]) && isDigit(normalized[i + 1]);
}

/** Splits normalised text into CJK runs and Latin/number words; everything else separates them. */
export function segments(normalized: string): Segment[] {
  const out: Segment[] = [];
  let kindOfRun: Segment['kind'] | null = null;
  let start = 0;
  for (let i = 0; i < normalized.length;) {
    const code = normalized.charCodeAt(i);
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < normalized.length ? 2 : 1;
    let kind = kindOf(width === 1 ? normalized[i] : normalized.slice(i, i + 2));
    // A decimal point inside a number keeps it one word: 11.95
    if (kind === null && code === 0x2e && kindOfRun === 'word' && isDigit(normalized[i - 1]) && isDigit(normalized[i + 1])) kind = 'word';
    if (kind !== kindOfRun) {
      if (kindOfRun !== null) out.push({ kind: kindOfRun, text: normalized.slice(start, i) });
      kindOfRun = kind;
      start = i;
    }
    i += width;
  }
  if (kindOfRun !== null) out.push({ kind: kindOfRun, text: normalized.slice(start) });
  return out;
}

export function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return [];
  return chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
}

/** An index's tokens of a text: words and CJK bigrams in order (`bi`), CJK characters (`uni`), space-separated. */
export interface IndexTokens {
  bi: string;
  uni: string;
}

/** Index tokens of a text: `bi` holds words and CJK bigrams in order (phrases match), `uni` the CJK characters. */
export function indexTokens(text: string): IndexTokens {
  const bi: string[] = [];
  const uni: string[] = [];
  for (const segment of segments(normalizeText(text))) {
    if (segment.kind === 'word') {
      bi.push(segment.text);
      continue;
    }
    const chars = [...segment.text];
    if (chars.length === 1) bi.push(chars[0]);
    for (let i = 0; i < chars.length; i += 1) {
      uni.push(chars[i]);
      if (i > 0) bi.push(chars[i - 1] + chars[i]);
    }
  }
  return { bi: bi.join(' '), uni: uni.join(' ') };
}

/** Pinyin of the Chinese runs of a name, each run's syllables joined (灵均 -> lingjun) and separate (ling, jun). */
export function pinyinOf(name: string): { joined: string[]; syllables: string[] } {
  const runs = segments(normalizeText(name)).filter((s) => s.kind === 'cjk');
  const perRun = runs.map((run) => pinyin(run.text, { toneType: 'none', type: 'array' }).map((s) => s.toLowerCase()));
  return { joined: perRun.map((syllables) => syllables.join('')), syllables: perRun.flat() };
}

/** A name as compared for an exact match: normalised, without spaces or punctuation. */
export function exactForm(text: string): string {
  return segments(normalizeText(text))
    .map((s) => s.text)
    .join('');
}

/** One term of a parsed query: a CJK run, or a word; `prefix` for a trailing Latin word. */
export interface QueryTerm {
  kind: 'cjk' | 'word';
  text: string;
  prefix: boolean;
}

export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_TERMS = 16;

export class QueryError extends Error {}

/** Parses a user's query into terms; FTS syntax and punctuation are not operators here, only separators. */
export function parseQuery(query: string): QueryTerm[] {
  const wellFormed = query.toWellFormed();
  if (wellFormed.trim() === '') throw new QueryError('The search query is empty');
  if ([...wellFormed].length > MAX_QUERY_LENGTH) throw new QueryError(`The search query is longer than ${MAX_QUERY_LENGTH} characters`);
  const found = segments(normalizeText(wellFormed));
  if (found.length === 0) throw new QueryError('The search query has no letters, digits or Chinese characters to search for');
  if (found.length > MAX_QUERY_TERMS) throw new QueryError(`The search query has more than ${MAX_QUERY_TERMS} terms`);
  const endsInWord = /[\p{L}\p{N}]$/u.test(wellFormed.trim());
  return found.map((s, i) => ({ kind: s.kind, text: s.text, prefix: s.kind === 'word' && i === found.length - 1 && endsInWord && /^\p{L}/u.test(s.text) }));
}

function quote(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/**
 * The FTS5 MATCH expression for parsed terms: every term must match (AND). A single CJK character
 * matches the character columns; a longer run matches its bigrams as a phrase; words match whole,
 * or as a prefix when the query ends in the middle of one.
 */
export function ftsExpression(terms: QueryTerm[]): string {
  return terms
    .map((t) => {
      if (t.kind === 'cjk') {
        return [...t.text].length === 1 ? `{title_uni body_uni} : ${quote(t.text)}` : `{title_bi body_bi} : ${quote(bigrams(t.text).join(' '))}`;
      }
      return `{title_bi body_bi} : ${quote(t.text)}${t.prefix ? '*' : ''}`;
    })
    .join(' AND ');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * The best passage of `text` for the terms: a window around the first match, HTML-escaped, with every
 * match wrapped in <mark>…</mark>. Matching is on normalised text, so 靈均 marks 灵均.
 */
export function highlight(text: string, terms: QueryTerm[], width = 120): { snippet: string; matched: string[] } {
  const { normalized, origin } = normalizeWithMap(text);
  const ranges: [number, number][] = [];
  const matched = new Set<string>();
  for (const term of terms) {
    let from = 0;
    for (;;) {
      const at = normalized.indexOf(term.text, from);
      if (at < 0) break;
      const end = at + term.text.length;
      const boundaryOk =
        term.kind === 'cjk' || ((at === 0 || !WORD.test(normalized[at - 1])) && (term.prefix || end === normalized.length || !WORD.test(normalized[end])));
      if (boundaryOk) {
        const originalEnd = end < origin.length ? origin[end] : text.length;
        ranges.push([origin[at], originalEnd]);
        matched.add(text.slice(origin[at], originalEnd));
      }
      from = at + 1;
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  const first = merged[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  let end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  // never cut a surrogate pair
  if (start > 0 && /[\udc00-\udfff]/.test(text[start])) start -= 1;
  if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1])) end += 1;
  let out = start > 0 ? '…' : '';
  let cursor = start;
  for (const [a, b] of merged) {
    if (b <= start || a >= end) continue;
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    out += escapeHtml(text.slice(cursor, s)) + '<mark>' + escapeHtml(text.slice(s, e)) + '</mark>';
    cursor = e;
  }
  out += escapeHtml(text.slice(cursor, end)) + (end < text.length ? '…' : '');
  return { snippet: out, matched: [...matched] };
}
