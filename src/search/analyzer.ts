import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { englishKey } from './english';

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

/** The CJK characters the analyser indexes as bigrams and characters, as a character class's ranges (for patterns built elsewhere: explain's word ends). */
export const CJK_RANGES = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ffff}';
const CJK = new RegExp(`[${CJK_RANGES}]`, 'u');
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

/**
 * Whether normalised text has a CJK character, then only characters that are neither letters nor
 * digits, then the same character again (灵均，均): where two CJK runs of the bigram column join. One
 * pass over the text with the kinds table, not a pattern with a back-reference tried at every character.
 */
export function joinsAcrossGap(normalized: string): boolean {
  let before = -1; // the CJK character (code point) a gap follows, while in one
  let last = -1; // the CJK character just read
  for (let i = 0; i < normalized.length;) {
    const point = normalized.codePointAt(i)!;
    const width = point > 0xffff ? 2 : 1;
    const kind = width === 1 ? kindOfCode(point) : kindOf(normalized.slice(i, i + 2));
    if (kind === 'cjk') {
      if (before === point) return true;
      [before, last] = [-1, point];
    } else if (kind === 'word') [before, last] = [-1, -1];
    else if (last !== -1) [before, last] = [last, -1];
    i += width;
  }
  return false;
}

/** kindOf for a BMP character by its code, without making a string of it once its kind is known. */
function kindOfCode(code: number): Segment['kind'] | null {
  const known = bmpKinds[code];
  return known === 0 ? kindOf(String.fromCharCode(code)) : KINDS[known];
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

/** An index's tokens of a text, space-separated: words and CJK bigrams in order (`bi`), CJK characters (`uni`), the words' English keys in order (`stem`). */
export interface IndexTokens {
  bi: string;
  uni: string;
  stem: string;
}

/** Index tokens of a text: `bi` holds words and CJK bigrams in order (phrases match), `uni` the CJK characters, `stem` the words' English keys. */
export function indexTokens(text: string): IndexTokens {
  const bi: string[] = [];
  const uni: string[] = [];
  const stem: string[] = [];
  for (const segment of segments(normalizeText(text))) {
    if (segment.kind === 'word') {
      bi.push(segment.text);
      stem.push(englishKey(segment.text));
      continue;
    }
    const chars = [...segment.text];
    if (chars.length === 1) bi.push(chars[0]);
    for (let i = 0; i < chars.length; i += 1) {
      uni.push(chars[i]);
      if (i > 0) bi.push(chars[i - 1] + chars[i]);
    }
  }
  return { bi: bi.join(' '), uni: uni.join(' '), stem: stem.join(' ') };
}

/**
 * Pinyin of the Chinese runs of a name: each run's syllables joined (灵均 -> lingjun), separate (ling,
 * jun), and each two neighbours joined, as a two-character word of a longer name is typed
 * (九坤日享 -> jiukun, kunri, rixiang).
 */
export function pinyinOf(name: string): { joined: string[]; syllables: string[]; pairs: string[] } {
  const runs = segments(normalizeText(name)).filter((s) => s.kind === 'cjk');
  const perRun = runs.map((run) => pinyin(run.text, { toneType: 'none', type: 'array' }).map((s) => s.toLowerCase()));
  const pairs = perRun.flatMap((syllables) => syllables.slice(1).map((s, i) => syllables[i] + s)).filter((p) => p.length > 0);
  return { joined: perRun.map((syllables) => syllables.join('')), syllables: perRun.flat(), pairs };
}

/** A name as compared for an exact match: normalised, without spaces or punctuation. */
export function exactForm(text: string): string {
  return segments(normalizeText(text))
    .map((s) => s.text)
    .join('');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
