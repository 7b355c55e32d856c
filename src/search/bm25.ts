import { inWordAt, normalizeText, QueryTerm, segments } from './analyzer';

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
  bodyBi: string[];
  bodyUni: string[];
}

const split = (tokens: string) => (tokens === '' ? [] : tokens.split(' '));

/** The tokens of a document, from the text the indexer indexes: title and extra names, and body. */
export function indexedText(title: { bi: string; uni: string }, body: { bi: string; uni: string }): IndexedText {
  return { titleBi: split(title.bi), titleUni: split(title.uni), bodyBi: split(body.bi), bodyUni: split(body.uni) };
}

/** The title as indexed: the shown title and the names indexed with it but not shown. */
export const titleText = (title: string, titleExtra: string) => `${title} ${titleExtra}`;

/** A document as BM25 reads it: its title (with the names indexed with it) and body, normalised as the index normalises them. */
export interface ScoredText {
  title: string;
  body: string;
}

/** The stored text of a document, ready for bm25Scores. */
export function analyseDocument(title: string, titleExtra: string, body: string): ScoredText {
  return { title: normalizeText(titleText(title, titleExtra)), body: normalizeText(body) };
}

/** A document's length in tokens, as FTS5 counts it: every token of every column. */
export function tokenCount(text: IndexedText): number {
  return text.titleBi.length + text.titleUni.length + text.bodyBi.length + text.bodyUni.length;
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

/** Occurrences of a term in one column's normalised text, as the index's tokens give them (FTS5's instances). */
function termOccurrences(normalized: string, term: QueryTerm): number {
  if (term.kind === 'cjk') {
    // One character: the character column holds every CJK character. A run: the phrase of its bigrams.
    if ([...term.text].length === 1) return occurrences(normalized, term.text);
    return bigramRuns(normalized).reduce((sum, run) => sum + occurrences(run, term.text), 0);
  }
  // A word whole (or, the query's last word, as a prefix): a word token equal to it (or starting with it).
  let count = 0;
  for (let at = normalized.indexOf(term.text); at >= 0; at = normalized.indexOf(term.text, at + 1)) {
    const end = at + term.text.length;
    if (at > 0 && inWordAt(normalized, at - 1)) continue;
    if (!term.prefix && end < normalized.length && inWordAt(normalized, end)) continue;
    count += 1;
  }
  return count;
}

/** A term's occurrences in a document, title ones weighted: FTS5's f(q, D) with column weights. */
function weightedFrequency(text: ScoredText, term: QueryTerm): number {
  return TITLE_WEIGHT * termOccurrences(text.title, term) + BODY_WEIGHT * termOccurrences(text.body, term);
}

/** The size of the index, for BM25: documents, and tokens in all of them. */
export interface Corpus {
  documents: number;
  tokens: number;
}

/**
 * BM25 scores of documents for a query, computed exactly as SQLite FTS5's bm25() with column weights
 * (title 4, body 1) computes them, operation for operation: `hits[i]` is how many documents hold term
 * i, `lengths[j]` document j's tokens. Higher is better. Used where bm25() cannot run (PostgreSQL) or
 * would read too much (a term in many documents, whose count is then an estimate).
 */
export function bm25Scores(texts: ScoredText[], lengths: number[], terms: QueryTerm[], hits: number[], corpus: Corpus): number[] {
  const avgdl = corpus.tokens / corpus.documents;
  const idf = hits.map((n) => {
    const value = Math.log((corpus.documents - n + 0.5) / (n + 0.5));
    return value <= 0 ? 1e-6 : value;
  });
  return texts.map((text, j) => {
    const D = lengths[j];
    let score = 0;
    terms.forEach((term, i) => {
      const f = weightedFrequency(text, term);
      score += idf[i] * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * D) / avgdl)));
    });
    return score;
  });
}
