import { IndexedText } from './bm25';
import { MatchQuery } from './search-strategy';
import { MatchSyntax, MatchUnit, renderPlan } from './query-plan';

/**
 * PostgreSQL's full-text types over the analyser's own tokens: the index holds exactly the tokens
 * SQLite's FTS5 table holds (words, CJK bigrams, CJK characters), written as tsvector and tsquery
 * literals so that no PostgreSQL parser or dictionary splits or stems them.
 */

/** PostgreSQL keeps positions up to this; later ones are stored as this, so phrases past it are not found. */
export const MAX_POSITION = 16_383;

/** What marks an English key in the tsvector: no word or CJK token of the index holds it. */
const STEM_MARK = '~';
const stemLexeme = (key: string) => STEM_MARK + key;

const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The tsvector of a document: title and body words and bigrams with their positions (the body's after
 * a gap, so that no phrase runs from the title into the body, as none runs across FTS5's columns),
 * then the English keys of title and body the same way, each marked with STEM_MARK (FTS5 keeps them
 * in columns of their own), and CJK characters, which single-character queries match, without
 * positions.
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
  const stems = text.titleBi.length + text.bodyBi.length + 3;
  place(text.titleStem.map(stemLexeme), stems);
  place(text.bodyStem.map(stemLexeme), stems + text.titleStem.length + 1);
  for (const token of [...text.titleUni, ...text.bodyUni]) if (!positions.has(token)) positions.set(token, []);
  return [...positions].map(([token, at]) => (at.length ? `${lexeme(token)}:${at.slice(0, 256).join(',')}` : lexeme(token))).join(' ');
}

/** A unit as a tsquery: a lexeme, a phrase of lexemes (<->), the last a prefix (:*) when `prefix`. */
export function tsqueryUnit(unit: MatchUnit): string {
  const tokens = unit.column === 'stem' ? unit.tokens.map(stemLexeme) : unit.tokens;
  const lexemes = tokens.map((t, i) => `${lexeme(t)}${unit.prefix && i === tokens.length - 1 ? ':*' : ''}`);
  return lexemes.length === 1 ? lexemes[0] : `(${lexemes.join(' <-> ')})`;
}

/** PostgreSQL's tsquery syntax. */
export const TSQUERY_SYNTAX: MatchSyntax = { unit: tsqueryUnit, and: ' & ', or: ' | ', without: (positive, excluded) => `${positive} & !${excluded}` };

/** The tsquery of a plan's units up to a level, as ftsExpression's FTS5 query (null: nothing matches there). */
export const tsqueryOf = (query: Pick<MatchQuery, 'plan' | 'maxLevel'>) => renderPlan(query.plan, query.maxLevel, TSQUERY_SYNTAX);
