import { bigrams, indexTokens, QueryTerm } from './analyzer';

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

/** Tokens of the title and body as indexed, from the stored text. */
export function analyseDocument(title: string, titleExtra: string, body: string): IndexedText {
  return indexedText(indexTokens(titleText(title, titleExtra)), indexTokens(body));
}

/** A document's length in tokens, as FTS5 counts it: every token of every column. */
export function tokenCount(text: IndexedText): number {
  return text.titleBi.length + text.titleUni.length + text.bodyBi.length + text.bodyUni.length;
}

/** The tokens a term is looked for in, and the tokens of its phrase: as the FTS5 expression and the tsquery say. */
function phraseOf(term: QueryTerm): { column: 'bi' | 'uni'; phrase: string[] } {
  if (term.kind === 'cjk') {
    const chars = [...term.text];
    return chars.length === 1 ? { column: 'uni', phrase: chars } : { column: 'bi', phrase: bigrams(term.text) };
  }
  return { column: 'bi', phrase: [term.text] };
}

/** How many times a phrase starts in a list of tokens (a trailing Latin word of the query also as a prefix). */
function instances(tokens: string[], phrase: string[], prefix: boolean): number {
  let count = 0;
  const last = phrase.length - 1;
  for (let i = 0; i + last < tokens.length; i += 1) {
    let j = 0;
    while (j < last && tokens[i + j] === phrase[j]) j += 1;
    if (j === last && (prefix ? tokens[i + j].startsWith(phrase[j]) : tokens[i + j] === phrase[j])) count += 1;
  }
  return count;
}

/** A term's occurrences in a document, title ones weighted: FTS5's f(q, D) with column weights. */
function weightedFrequency(text: IndexedText, term: QueryTerm): number {
  const { column, phrase } = phraseOf(term);
  const prefix = term.prefix;
  return column === 'bi'
    ? TITLE_WEIGHT * instances(text.titleBi, phrase, prefix) + BODY_WEIGHT * instances(text.bodyBi, phrase, prefix)
    : TITLE_WEIGHT * instances(text.titleUni, phrase, prefix) + BODY_WEIGHT * instances(text.bodyUni, phrase, prefix);
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
export function bm25Scores(texts: IndexedText[], lengths: number[], terms: QueryTerm[], hits: number[], corpus: Corpus): number[] {
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
