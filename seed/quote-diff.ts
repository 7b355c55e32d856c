import { normalizeWhitespace } from '../src/announcements/text';

/**
 * What a curator reads when a quote is not in its document: the closest passage, and where the quote
 * first departs from it (`…责令[整改]` against `…责令[改正]`).
 *
 * The passage is found by the longest prefix of the quote that occurs in the document, or, when the
 * quote's first characters are the wrong ones, by its longest suffix that occurs (or by the stretch
 * from its middle, when both its ends are wrong). The lookups run on a suffix array of the document,
 * built once per document: a binary search per lookup, so that thousands of wrong quotes against a
 * document of megabytes take seconds whatever the text. (A binary search over the prefix's length
 * with indexOf scans the whole document per probe: minutes for 5,000 quotes against 2 MiB of
 * periodic text.)
 */

/** Characters both texts must continue alike for after a difference before they count as in step again. */
const IN_STEP = 4;
/** The longest differing stretch looked for, and shown. */
const STRETCH_CAP = 20;
/** Characters of agreed text shown before (or, at the quote's start, after) a difference. */
const CONTEXT = 10;
/** Characters of the closest passage shown. */
const PASSAGE_CHARS = 80;
/** An anchor shorter than this is chance, not a passage. */
const MIN_ANCHOR = 4;

export interface QuoteDifference {
  /** The closest passage, trimmed to about 80 characters around the difference. */
  passage: string;
  /** Offset (UTF-16 units) in the whitespace-normalised quote where it first differs from the passage. */
  quoteAt: number;
  /** Offset in the normalised document where the passage's differing stretch starts. */
  documentAt: number;
  /** The differing stretch of the quote, after up to ten characters of agreed context: `…责令[整改]`. */
  quoteShows: string;
  /** The differing stretch of the passage, after the same context: `…责令[改正]`. */
  documentShows: string;
}

/** A document's normalised text and its suffix array: the index closestPassage searches. */
export interface PassageIndex {
  text: string;
  suffixes: Int32Array;
  /** Characters compared by the lookups so far: the work done, for the specs to bound. */
  compared: number;
}

/** The suffix array of `text` (UTF-16 units) by prefix doubling with counting sorts: O(n log n) time, four arrays of n. */
function suffixArray(text: string): Int32Array {
  const n = text.length;
  const sa = new Int32Array(n);
  let rank = new Int32Array(n);
  let spare = new Int32Array(n);
  const count = new Int32Array(Math.max(n, 65536));
  for (let i = 0; i < n; i += 1) count[text.charCodeAt(i)] += 1;
  for (let c = 1; c < 65536; c += 1) count[c] += count[c - 1];
  for (let i = n - 1; i >= 0; i -= 1) sa[--count[text.charCodeAt(i)]] = i;
  let classes = n === 0 ? 0 : 1;
  for (let p = 1; p < n; p += 1) {
    if (text.charCodeAt(sa[p]) !== text.charCodeAt(sa[p - 1])) classes += 1;
    rank[sa[p]] = classes - 1;
  }
  for (let k = 1; classes < n; k *= 2) {
    // By the second half (rank at i + k; none sorts first), then stably by the first half.
    let p = 0;
    for (let i = Math.max(0, n - k); i < n; i += 1) spare[p++] = i;
    for (let q = 0; q < n; q += 1) if (sa[q] >= k) spare[p++] = sa[q] - k;
    count.fill(0, 0, classes);
    for (let i = 0; i < n; i += 1) count[rank[i]] += 1;
    for (let c = 1; c < classes; c += 1) count[c] += count[c - 1];
    for (let q = n - 1; q >= 0; q -= 1) sa[--count[rank[spare[q]]]] = spare[q];
    spare[sa[0]] = 0;
    classes = 1;
    for (let q = 1; q < n; q += 1) {
      const a = sa[q - 1];
      const b = sa[q];
      const same = rank[a] === rank[b] && (a + k < n ? rank[a + k] : -1) === (b + k < n ? rank[b + k] : -1);
      spare[b] = same ? classes - 1 : classes++;
    }
    [rank, spare] = [spare, rank];
  }
  return sa;
}

/** Indexes a document's text, already through normalizeWhitespace, for closestPassage. */
export function indexPassages(normalizedBody: string): PassageIndex {
  return { text: normalizedBody, suffixes: suffixArray(normalizedBody), compared: 0 };
}

/**
 * The longest prefix of `needle.slice(from)` that occurs in the indexed text, and one place where it
 * does. A binary search over the sorted suffixes, each comparison starting after the characters both
 * bounds are known to share: O(length + log n) comparisons in practice.
 */
function longestPrefixAt(index: PassageIndex, needle: string, from: number): { length: number; at: number } {
  const { text, suffixes } = index;
  const want = needle.length - from;
  let lo = 0;
  let hi = suffixes.length;
  let lcpLo = 0;
  let lcpHi = 0;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = suffixes[mid];
    const start = Math.min(lcpLo, lcpHi);
    let k = start;
    while (k < want && at + k < text.length && needle.charCodeAt(from + k) === text.charCodeAt(at + k)) k += 1;
    index.compared += k - start + 1;
    const suffixBefore = k < want && (at + k === text.length || text.charCodeAt(at + k) < needle.charCodeAt(from + k));
    if (suffixBefore) [lo, lcpLo] = [mid + 1, k];
    else [hi, lcpHi] = [mid, k];
  }
  if (lcpLo >= lcpHi && lo > 0) return { length: lcpLo, at: suffixes[lo - 1] };
  return { length: lcpHi, at: hi < suffixes.length ? suffixes[hi] : 0 };
}

/** Whether `needle` occurs in the indexed text: O(m log n) comparisons, where String.includes can take O(n·m) on periodic text. */
export function occursIn(index: PassageIndex, needle: string): boolean {
  return needle !== '' && longestPrefixAt(index, needle, 0).length === needle.length;
}

/** Texts up to this length are searched with String.includes; longer ones through a suffix array. */
const SHORT_TEXT = 64 * 1024;

/**
 * A search of one text for many needles: String.includes on a short text, a suffix array built on the
 * first search of a long one (a 2 MiB document of "abab…" took String.includes 315 ms a quote).
 */
export function textSearch(text: string): (needle: string) => boolean {
  if (text.length <= SHORT_TEXT) return (needle) => needle !== '' && text.includes(needle);
  let index: PassageIndex | null = null;
  return (needle) => occursIn((index ??= indexPassages(text)), needle);
}

/** The longest suffix of `needle` that occurs in the indexed text, and where: a binary search over where the suffix starts. */
function longestSuffix(index: PassageIndex, needle: string): { length: number; at: number } {
  let best = { length: 0, at: 0 };
  let lo = 0;
  let hi = needle.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const found = longestPrefixAt(index, needle, mid);
    if (found.length === needle.length - mid) [best, hi] = [found, mid];
    else lo = mid + 1;
  }
  return best;
}

/**
 * The shortest stretches (i units of `a`, j of `b`) after which both continue alike for IN_STEP
 * characters, or as far as `a` goes; the fewest characters in all first, like lengths first. A
 * stretch that runs to the end of `a` is taken as replaced by as many of `b`. Null when none is
 * found within STRETCH_CAP.
 */
function inStepAfter(a: string, b: string): { i: number; j: number } | null {
  for (let total = 1; total <= 2 * STRETCH_CAP; total += 1) {
    // Stretches of like lengths first: a replacement before an insertion of as many characters in all.
    for (let spread = total % 2; spread <= total; spread += 2) {
      for (const i of spread === 0 ? [total / 2] : [(total + spread) / 2, (total - spread) / 2]) {
        const j = total - i;
        if (i > Math.min(STRETCH_CAP, a.length) || j > Math.min(STRETCH_CAP, b.length)) continue;
        if (i === a.length || j === b.length) {
          if (i === j || (i === a.length && j === b.length)) return { i, j };
          continue;
        }
        const k = Math.min(IN_STEP, a.length - i);
        if (j + k <= b.length && a.slice(i, i + k) === b.slice(j, j + k)) return { i, j };
      }
    }
  }
  return null;
}

const reversed = (s: string) => s.split('').reverse().join('');
const chars = (s: string) => Array.from(s);

/** Where the passage that `needle[end…]` ends at `at` in the document begins, stepping back over the stretch that differs before it. */
function passageStartBefore(text: string, needle: string, end: number, at: number): number {
  const reach = STRETCH_CAP + IN_STEP;
  const step = inStepAfter(reversed(needle.slice(Math.max(0, end - reach), end)), reversed(text.slice(Math.max(0, at - reach), at)));
  const start = step ? at - step.j - (end - step.i) : at - end;
  return Math.max(0, start);
}

/** Up to CONTEXT characters of `text` before `end`, after "…" when there are more. */
function charactersBefore(text: string, end: number): string {
  const kept = chars(text.slice(Math.max(0, end - CONTEXT * 2), end))
    .slice(-CONTEXT)
    .join('');
  return kept.length < end ? `…${kept}` : kept;
}

/** A differing stretch in brackets, marked as cut when no agreement followed within the cap. */
function bracketed(text: string, from: number, length: number | null): string {
  if (length !== null) return `[${text.slice(from, from + length)}]`;
  const stretch = chars(text.slice(from, from + STRETCH_CAP * 2));
  return `[${stretch.slice(0, STRETCH_CAP).join('')}${stretch.length > STRETCH_CAP ? '…' : ''}]`;
}

/** The agreed text before a difference (up to CONTEXT characters), or at the quote's start the text after the stretch. */
function shown(text: string, from: number, before: string, length: number | null): string {
  const stretch = bracketed(text, from, length);
  if (before !== '') return before + stretch;
  if (length === null) return stretch;
  const after = chars(text.slice(from + length, from + length + CONTEXT * 2));
  return after.length > CONTEXT ? `${stretch}${after.slice(0, CONTEXT).join('').trimEnd()}…` : stretch + after.join('');
}

/** About PASSAGE_CHARS characters of the document from `start` to `end`, around `focus` when the passage is longer. */
function passageAround(text: string, start: number, end: number, focus: number): string {
  if (end - start <= PASSAGE_CHARS) return text.slice(start, end);
  const from = Math.max(start, Math.min(focus - PASSAGE_CHARS / 2, end - PASSAGE_CHARS));
  const to = Math.min(end, from + PASSAGE_CHARS);
  return `${from > start ? '…' : ''}${text.slice(from, to)}${to < end ? '…' : ''}`;
}

/**
 * Where the passage closest to `needle` starts in the document: at the longest of the needle's
 * longest prefix that occurs, its longest suffix and, when the prefix is short, the longest stretch
 * from its middle, stepped back to where the needle starts. Null when none reaches MIN_ANCHOR.
 */
function passageStart(index: PassageIndex, needle: string): number | null {
  const { text } = index;
  const anchors = [{ from: 0, ...longestPrefixAt(index, needle, 0) }];
  if (anchors[0].length * 2 < needle.length) {
    const suffix = longestSuffix(index, needle);
    const middle = needle.length >> 1;
    anchors.push({ from: needle.length - suffix.length, ...suffix }, { from: middle, ...longestPrefixAt(index, needle, middle) });
  }
  const best = anchors.reduce((a, b) => (b.length > a.length ? b : a));
  if (best.length < MIN_ANCHOR) return null;
  let { from, at } = best;
  while (from > 0 && at > 0 && needle.charCodeAt(from - 1) === text.charCodeAt(at - 1)) [from, at] = [from - 1, at - 1];
  return from === 0 ? at : passageStartBefore(text, needle, from, at);
}

/**
 * The passage of the indexed document that `quote` most nearly is, and its first difference from
 * it; null when nothing is close (not four characters of the quote's start, middle or end occur).
 */
export function closestPassage(index: PassageIndex, quote: string): QuoteDifference | null {
  const { text } = index;
  const needle = normalizeWhitespace(quote);
  const start = passageStart(index, needle);
  if (start === null) return null;
  let agreed = 0;
  while (agreed < needle.length && start + agreed < text.length && needle[agreed] === text[start + agreed]) agreed += 1;
  const documentAt = start + agreed;
  const reach = STRETCH_CAP + IN_STEP;
  const step = agreed < needle.length ? inStepAfter(needle.slice(agreed, agreed + reach), text.slice(documentAt, documentAt + reach)) : { i: 0, j: 0 };
  const before = charactersBefore(needle, agreed);
  const end = Math.min(text.length, start + needle.length + (step ? step.j - step.i : 0));
  return {
    passage: passageAround(text, start, end, documentAt),
    quoteAt: agreed,
    documentAt,
    quoteShows: shown(needle, agreed, before, step && step.i),
    documentShows: shown(text, documentAt, before, step && step.j),
  };
}

/** The message for a quote not found in `documentId`: where the closest passage differs from it, or that none is close. */
export function quoteNotFoundMessage(documentId: string, index: PassageIndex, quote: string): string {
  const found = `quote not found in document "${documentId}"`;
  const difference = closestPassage(index, quote);
  if (difference === null) {
    const opening = chars(normalizeWhitespace(quote));
    const begins = `${opening.slice(0, 30).join('')}${opening.length > 30 ? '…' : ''}`;
    return `${found}: the quote matches no passage of the document (not four characters in a row of its start, middle or end occur in it: is it from another document?); the quote begins "${begins}"`;
  }
  const at = chars(normalizeWhitespace(quote).slice(0, difference.quoteAt)).length + 1;
  return (
    `${found}: it differs from the closest passage at character ${at} of the quote: ` +
    `quote ${difference.quoteShows} vs document ${difference.documentShows}; the passage reads "${difference.passage}"`
  );
}

/**
 * The messages for quotes not found in their documents, in the order given. Each document is indexed
 * once, and only one index is held at a time.
 */
export function quoteNotFoundMessages(missing: { document: string; normalizedBody: string; quote: string }[]): string[] {
  const messages = new Array<string>(missing.length);
  const byDocument = new Map<string, number[]>();
  missing.forEach(({ document }, i) => {
    const positions = byDocument.get(document);
    if (positions) positions.push(i);
    else byDocument.set(document, [i]);
  });
  for (const positions of byDocument.values()) {
    const index = indexPassages(missing[positions[0]].normalizedBody);
    for (const i of positions) messages[i] = quoteNotFoundMessage(missing[i].document, index, missing[i].quote);
  }
  return messages;
}
