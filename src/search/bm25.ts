import { IndexTokens, indexTokens, inWordAt, joinsAcrossGap, normalizeText, segments } from './analyzer';
import { englishKey } from './english';
import { MatchUnit, ScoredUnits } from './query-plan';

/** FTS5's BM25 parameters. */
const K1 = 1.2;
const B = 0.75;

/** How much an occurrence counts, by where it is: title words and characters four times body ones. */
export const TITLE_WEIGHT = 4;
export const BODY_WEIGHT = 1;

/**
 * A document's index tokens, as the search index holds them: the analysed title (with its extra names)
 * and body, each as words and CJK bigrams in order (`bi`) and CJK characters (`uni`). SQLite's FTS5
 * table has these four columns; PostgreSQL's tsvector holds the same tokens.
 */
export interface IndexedText {
  titleBi: string[];
  titleUni: string[];
  titleStem: string[];
  bodyBi: string[];
  bodyUni: string[];
  bodyStem: string[];
}

const split = (tokens: string) => (tokens === '' ? [] : tokens.split(' '));

/** The tokens of a document, from the text the indexer indexes: title and extra names, and body. */
export function indexedText(title: IndexTokens, body: IndexTokens): IndexedText {
  return {
    titleBi: split(title.bi),
    titleUni: split(title.uni),
    titleStem: split(title.stem),
    bodyBi: split(body.bi),
    bodyUni: split(body.uni),
    bodyStem: split(body.stem),
  };
}

/** The title as indexed: the shown title and the names indexed with it but not shown. */
export const titleText = (title: string, titleExtra: string) => `${title} ${titleExtra}`;

/** A document as BM25 reads it: its title (with the names indexed with it) and body, normalised as the index normalises them. */
export interface ScoredText {
  title: string;
  body: string;
  /** The index's tokens of each, analysed when a unit needs them (phrases of several tokens). */
  tokens?: { title: IndexTokens; body: IndexTokens };
  /** Each one's English keys, and CJK bigram runs (see bigramRuns), made when a unit needs them. */
  stems?: { title: string; body: string };
  runs?: { title: string[]; body: string[] };
  joins?: { title: boolean; body: boolean };
}

/** The stored text of a document, ready for bm25Scores. */
export function analyseDocument(title: string, titleExtra: string, body: string): ScoredText {
  return { title: normalizeText(titleText(title, titleExtra)), body: normalizeText(body) };
}

/** The English keys of a scored text's words, space-separated, made once. */
function stemsOf(text: ScoredText): { title: string; body: string } {
  const keys = (normalized: string) =>
    segments(normalized)
      .filter((s) => s.kind === 'word')
      .map((s) => englishKey(s.text))
      .join(' ');
  return (text.stems ??= { title: keys(text.title), body: keys(text.body) });
}

/**
 * Whether the bigram runs of a field may hold a phrase its text does not: only where two runs join
 * across punctuation. Otherwise a CJK run's occurrences in the text are its occurrences in the runs,
 * found without segmenting the text.
 */
function joinsRuns(text: ScoredText, where: 'title' | 'body'): boolean {
  const joins = (text.joins ??= { title: joinsAcrossGap(text.title), body: joinsAcrossGap(text.body) });
  return joins[where];
}

/** The bigram runs of a scored text, made once. */
function runsOf(text: ScoredText): { title: string[]; body: string[] } {
  return (text.runs ??= { title: bigramRuns(text.title), body: bigramRuns(text.body) });
}

/** The index tokens of a scored text, analysed once. */
function tokensOf(text: ScoredText): { title: IndexTokens; body: IndexTokens } {
  return (text.tokens ??= { title: indexTokens(text.title), body: indexTokens(text.body) });
}

/** A document's length in tokens, as FTS5 counts it: every token of every column. */
export function tokenCount(text: IndexedText): number {
  return text.titleBi.length + text.titleUni.length + text.titleStem.length + text.bodyBi.length + text.bodyUni.length + text.bodyStem.length;
}

/** Overlapping occurrences of `needle` in `text`. */
function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) count += 1;
  return count;
}

/**
 * The runs in which a phrase of CJK bigrams can match, as the index's bigram column holds them: CJK
 * runs of two characters or more, where consecutive runs with nothing indexed between them (only
 * punctuation or spaces) continue one another's bigrams. A phrase can only cross from one run into
 * the next when the first ends with the character the next begins with, and the bigrams are then
 * those of the first run followed by the next without its first character.
 */
function bigramRuns(normalized: string): string[] {
  const runs: string[] = [];
  let current: string | null = null;
  for (const segment of segments(normalized)) {
    const chars = segment.kind === 'cjk' ? [...segment.text] : [];
    if (chars.length < 2) {
      // A word or a single character is a token of its own in the bigram column: no phrase runs across it.
      if (current !== null) runs.push(current);
      current = null;
      continue;
    }
    const last: string | undefined = current === null ? undefined : [...current.slice(-2)].pop();
    if (current !== null && last === chars[0]) current += segment.text.slice(chars[0].length);
    else {
      if (current !== null) runs.push(current);
      current = segment.text;
    }
  }
  if (current !== null) runs.push(current);
  return runs;
}

/** Whether `tokens` are the bigrams of one CJK run (灵均投资: 灵均 均投 投资), and that run. */
function cjkRun(tokens: string[]): string | null {
  let run = '';
  for (let i = 0; i < tokens.length; i += 1) {
    const chars = [...tokens[i]];
    if (chars.length !== 2 || !segments(tokens[i]).every((s) => s.kind === 'cjk')) return null;
    if (i === 0) run = tokens[i];
    else if ([...run].pop() === chars[0]) run += chars[1];
    else return null;
  }
  return run;
}

/** Occurrences of a Latin word (or, `prefix`, of words starting with it) in normalised text. */
function wordOccurrences(normalized: string, word: string, prefix: boolean): number {
  let count = 0;
  for (let at = normalized.indexOf(word); at >= 0; at = normalized.indexOf(word, at + 1)) {
    const end = at + word.length;
    if (at > 0 && inWordAt(normalized, at - 1)) continue;
    if (!prefix && end < normalized.length && inWordAt(normalized, end)) continue;
    count += 1;
  }
  return count;
}

/** Occurrences of a phrase of tokens in a column's tokens (space-separated), the last a prefix when `prefix`: FTS5's instances. */
function phraseOccurrences(column: string, tokens: string[], prefix: boolean): number {
  const stream = column === '' ? [] : column.split(' ');
  let count = 0;
  for (let i = 0; i + tokens.length <= stream.length; i += 1) {
    let ok = true;
    for (let k = 0; k < tokens.length && ok; k += 1) {
      const last = k === tokens.length - 1;
      ok = prefix && last ? stream[i + k].startsWith(tokens[k]) : stream[i + k] === tokens[k];
    }
    if (ok) count += 1;
  }
  return count;
}

/** Counts a unit's occurrences in the title or the body, as the index's tokens give them (FTS5's instances). */
type Counter = (text: ScoredText, where: 'title' | 'body') => number;

/** The counter of a unit, chosen once per query: characters, English keys, a word, a CJK run, or a phrase of tokens. */
function counterOf(unit: MatchUnit): Counter {
  const [first] = unit.tokens;
  if (unit.column === 'uni') return (text, where) => occurrences(text[where], first);
  if (unit.column === 'stem') return (text, where) => phraseOccurrences(stemsOf(text)[where], unit.tokens, unit.prefix);
  if (unit.tokens.length === 1 && segments(first).every((s) => s.kind === 'word')) return (text, where) => wordOccurrences(text[where], first, unit.prefix);
  // A run of CJK bigrams: the phrase of its bigrams, counted in the runs the bigram column holds.
  const run = cjkRun(unit.tokens);
  if (run !== null)
    return (text, where) => (joinsRuns(text, where) ? runsOf(text)[where].reduce((sum, r) => sum + occurrences(r, run), 0) : occurrences(text[where], run));
  return (text, where) => phraseOccurrences(tokensOf(text)[where].bi, unit.tokens, unit.prefix);
}

/** Each unit's weighted frequency in a document, zero where the alternative holding it does not match there (as FTS5 clears it). */
function matchedFrequencies(text: ScoredText, query: ScoredUnits, counters: Counter[]): number[] {
  const frequencies = counters.map((count) => TITLE_WEIGHT * count(text, 'title') + BODY_WEIGHT * count(text, 'body'));
  const termFound = new Set<number>();
  frequencies.forEach((f, i) => f > 0 && termFound.add(query.term[i]));
  const failed = new Set<number>();
  query.term.forEach((term, i) => termFound.has(term) || failed.add(query.alternative[i]));
  return frequencies.map((f, i) => (failed.has(query.alternative[i]) ? 0 : f));
}

/** The size of the index, for BM25: documents, and tokens in all of them. */
export interface Corpus {
  documents: number;
  tokens: number;
}

/**
 * BM25 scores of documents for a query, computed exactly as SQLite FTS5's bm25() with column weights
 * (title 4, body 1) computes them, operation for operation: `hits[i]` is how many documents hold term
 * i, `lengths[j]` document j's tokens; `units` are the query's phrases, as its match expression holds them. Higher is better. Used where bm25() cannot run (PostgreSQL) or
 * would read too much (a term in many documents, whose count is then an estimate).
 */
export function bm25Scores(texts: ScoredText[], lengths: number[], query: ScoredUnits, hits: number[], corpus: Corpus): number[] {
  const { units } = query;
  const counters = units.map(counterOf);
  const avgdl = corpus.tokens / corpus.documents;
  const idf = hits.map((n) => {
    // As FTS5: a term in half the documents or more weighs 1e-6. An estimated count can pass the
    // number of documents, and the logarithm of a negative number is NaN, which is not <= 0.
    const value = Math.log((corpus.documents - n + 0.5) / (n + 0.5));
    return value > 0 ? value : 1e-6;
  });
  return texts.map((text, j) => {
    const D = lengths[j];
    let score = 0;
    const frequencies = matchedFrequencies(text, query, counters);
    units.forEach((unit, i) => {
      const f = frequencies[i];
      score += idf[i] * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * D) / avgdl)));
    });
    return score;
  });
}
