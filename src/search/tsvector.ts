import { bigrams, QueryTerm } from './analyzer';
import { IndexedText } from './bm25';

/**
 * PostgreSQL's full-text types over the analyser's own tokens: the index holds exactly the tokens
 * SQLite's FTS5 table holds (words, CJK bigrams, CJK characters), written as tsvector and tsquery
 * literals so that no PostgreSQL parser or dictionary splits or stems them.
 */

/** PostgreSQL keeps positions up to this; later ones are stored as this, so phrases past it are not found. */
export const MAX_POSITION = 16_383;

const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The tsvector of a document: title and body words and bigrams with their positions (the body's after
 * a gap, so that no phrase runs from the title into the body, as none runs across FTS5's columns),
 * and CJK characters, which single-character queries match, without positions.
 */
export function tsvectorOf(text: IndexedText): string {
  const positions = new Map<string, number[]>();
  const place = (tokens: string[], start: number) => {
    tokens.forEach((token, i) => {
      const list = positions.get(token);
      const at = Math.min(start + i, MAX_POSITION);
      if (!list) positions.set(token, [at]);
      else if (list[list.length - 1] !== at) list.push(at);
    });
  };
  place(text.titleBi, 1);
  place(text.bodyBi, text.titleBi.length + 2);
  for (const token of [...text.titleUni, ...text.bodyUni]) if (!positions.has(token)) positions.set(token, []);
  return [...positions].map(([token, at]) => (at.length ? `${lexeme(token)}:${at.slice(0, 256).join(',')}` : lexeme(token))).join(' ');
}

/**
 * The tsquery for parsed terms, as ftsExpression's FTS5 query: every term (AND); a single CJK
 * character as itself; a longer run as the phrase of its bigrams; a word whole, or as a prefix.
 */
export function tsqueryOf(terms: QueryTerm[]): string {
  return terms
    .map((t) => {
      if (t.kind === 'cjk') return [...t.text].length === 1 ? lexeme(t.text) : `(${bigrams(t.text).map(lexeme).join(' <-> ')})`;
      return `${lexeme(t.text)}${t.prefix ? ':*' : ''}`;
    })
    .join(' & ');
}
