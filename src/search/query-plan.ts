import { bigrams, indexTokens } from './analyzer';
import { englishKey } from './english';
import { ParsedQuery, QueryPiece, QueryTerm, termsOfText } from './query-syntax';
import { GlossaryEntry, SearchGlossary } from './search-glossary';

/**
 * What a parsed query matches in the index, as both databases run it. Each term matches through one
 * or more units (a phrase of index tokens in one kind of column): its exact tokens, its English keys
 * (src/search/english.ts) and, for English that the glossary knows, the Chinese terms it stands for.
 * Units carry a level, and the levels rank: what matches exactly comes before what matches only
 * through a stem, which comes before what matches only through the glossary.
 */

/** The index's kinds of token column, each in the title and in the body. */
export type IndexColumn = 'bi' | 'uni' | 'stem';

/** How a unit matches: its exact tokens, its English keys, or a glossary term it stands for. */
export enum MatchLevel {
  EXACT = 0,
  STEM = 1,
  GLOSSARY = 2,
}

/** A phrase of index tokens in one kind of column (FTS5's phrase): the last one a prefix when `prefix`. */
export interface MatchUnit {
  column: IndexColumn;
  tokens: string[];
  prefix: boolean;
  level: MatchLevel;
}

/** A term and the units it matches through (any of them). */
export interface PlannedTerm {
  term: QueryTerm;
  units: MatchUnit[];
}

/** One way a group can match: all of its terms; `glossary` when the terms are a glossary entry's Chinese. */
export interface PlannedAlternative {
  terms: PlannedTerm[];
  glossary: { english: string; entry: GlossaryEntry } | null;
}

/** What the query names, for ranking: kinds of event and authorities, through the glossary. */
export interface NamedInQuery {
  eventTypes: Set<string>;
  authorities: Set<string>;
}

export interface QueryPlan {
  /** Every group must match by one of its alternatives. */
  groups: PlannedAlternative[][];
  /** No document matching one of these (all of its terms, exactly or by stem) is a hit. */
  excluded: PlannedTerm[][];
  named: NamedInQuery;
  /** The texts of the query that may name an entity exactly: the whole query and each piece. */
  names: string[];
  readAs: string;
}

/** The units of one term: its exact tokens, and for Latin words their English keys. */
export function unitsOf(term: QueryTerm, level: MatchLevel = MatchLevel.EXACT): MatchUnit[] {
  if (term.kind === 'cjk') {
    const single = [...term.text].length === 1;
    return [{ column: single ? 'uni' : 'bi', tokens: single ? [term.text] : bigrams(term.text), prefix: false, level }];
  }
  if (term.kind === 'word') {
    const exact: MatchUnit = { column: 'bi', tokens: [term.text], prefix: term.prefix, level };
    if (!/\p{L}/u.test(term.text) || level === MatchLevel.GLOSSARY) return [exact];
    return [exact, { column: 'stem', tokens: [englishKey(term.text)], prefix: term.prefix, level: Math.max(level, MatchLevel.STEM) }];
  }
  const tokens = indexTokens(term.text);
  const units: MatchUnit[] = [{ column: 'bi', tokens: tokens.bi.split(' '), prefix: false, level }];
  if (tokens.uni === '' && level !== MatchLevel.GLOSSARY) {
    units.push({ column: 'stem', tokens: tokens.bi.split(' ').map(englishKey), prefix: false, level: Math.max(level, MatchLevel.STEM) });
  }
  return units;
}

const planned = (terms: QueryTerm[], level = MatchLevel.EXACT): PlannedTerm[] => terms.map((term) => ({ term, units: unitsOf(term, level) }));

/** The Chinese terms of glossary entries as alternatives of what `english` says. */
function glossaryAlternatives(english: string, entries: GlossaryEntry[]): PlannedAlternative[] {
  return entries.flatMap((entry) =>
    entry.chinese.map((chinese) => ({ terms: planned(termsOfText(chinese, true), MatchLevel.GLOSSARY), glossary: { english, entry } })),
  );
}

/** The Latin words of a group of one unquoted piece of words only (knock-in is knock, in), or null: what can be part of an English glossary term. */
function loneWords(group: QueryPiece[]): QueryTerm[] | null {
  return group.length === 1 && group[0].every((t) => t.kind === 'word') ? group[0] : null;
}

/** A piece that is one quoted phrase of Latin words only ("public reprimand"), or null. */
function latinPhrase(piece: QueryPiece): QueryTerm | null {
  const term = piece.length === 1 ? piece[0] : null;
  return term?.kind === 'phrase' && !/[^\s\p{L}\p{N}.]/u.test(term.text) && !/[\u3400-\u9fff]/u.test(term.text) ? term : null;
}

/** The words of the groups from `from` on that are lone words, up to the first that is not, and where each group ends among them. */
function wordRun(groups: QueryPiece[][], from: number): { words: QueryTerm[]; ends: number[] } {
  const words: QueryTerm[] = [];
  const ends: number[] = [];
  for (let i = from; i < groups.length; i += 1) {
    const piece = loneWords(groups[i]);
    if (!piece) break;
    words.push(...piece);
    ends.push(words.length);
  }
  return { words, ends };
}

/** The groups from `at`: the glossary term their lone words are, with how many groups it takes (a quoted phrase is a piece: see pieceAlternatives). */
function glossaryGroup(
  groups: QueryPiece[][],
  at: number,
  glossary: SearchGlossary,
): { group: PlannedAlternative[]; entries: GlossaryEntry[]; length: number } | null {
  const { words, ends } = wordRun(groups, at);
  const match = words.length
    ? glossary.matchEnglish(
        words.map((w) => englishKey(w.text)),
        0,
      )
    : null;
  // A term must take whole pieces: knock-in, not the knock of knock-out.
  const pieces = match ? ends.indexOf(match.length) + 1 : 0;
  if (!match || pieces === 0) return null;
  const taken = words.slice(0, match.length);
  const english = taken.map((w) => w.text).join(' ');
  return { group: [{ terms: planned(taken), glossary: null }, ...glossaryAlternatives(english, match.entries)], entries: match.entries, length: pieces };
}

/** One piece of a group (of an OR, or alone): its terms, and when the piece is an English glossary term, the term's Chinese too. */
function pieceAlternatives(
  piece: QueryPiece,
  glossary: SearchGlossary,
  name: (entries: GlossaryEntry[]) => void,
  chineseNames: string[],
): PlannedAlternative[] {
  const own: PlannedAlternative = { terms: planned(piece), glossary: null };
  const phrase = latinPhrase(piece);
  const words = piece.every((t) => t.kind === 'word')
    ? piece
    : phrase
      ? phrase.text.split(' ').map((text) => ({ ...phrase, kind: 'word' as const, text }))
      : null;
  const keys = words?.map((w) => englishKey(w.text)) ?? [];
  const match = keys.length ? glossary.matchEnglish(keys, 0) : null;
  if (!match || match.length !== keys.length) return [own];
  name(match.entries);
  chineseNames.push(...match.entries.flatMap((e) => e.chinese));
  return [own, ...glossaryAlternatives(words!.map((w) => w.text).join(' '), match.entries)];
}

/**
 * The plan of a parsed query. Runs of consecutive lone words (or a quoted phrase) that are an English
 * glossary term become one group, matched by the words or by the term's Chinese; Chinese terms that
 * are a glossary term name what it refers to.
 */
export function planQuery(parsed: ParsedQuery, glossary: SearchGlossary): QueryPlan {
  const named: NamedInQuery = { eventTypes: new Set(), authorities: new Set() };
  const name = (entries: GlossaryEntry[]) => {
    for (const e of entries) {
      for (const t of e.eventTypes) named.eventTypes.add(t);
      if (e.authority) named.authorities.add(e.authority);
    }
  };
  const groups: PlannedAlternative[][] = [];
  const chineseNames: string[] = [];
  for (let i = 0; i < parsed.groups.length;) {
    const fromGlossary = glossaryGroup(parsed.groups, i, glossary);
    if (fromGlossary) {
      name(fromGlossary.entries);
      // An entity named by the term's Chinese is named by the English too (knock-in names the concept 雪球产品 through 敲入).
      chineseNames.push(...fromGlossary.entries.flatMap((e) => e.chinese));
      groups.push(fromGlossary.group);
      i += fromGlossary.length;
      continue;
    }
    groups.push(parsed.groups[i].flatMap((piece) => pieceAlternatives(piece, glossary, name, chineseNames)));
    for (const piece of parsed.groups[i]) if (piece.length === 1 && piece[0].kind !== 'word') name(glossary.matchChinese(piece[0].text));
    i += 1;
  }
  const pieces = parsed.groups.flat().map((piece) => piece.map((t) => t.text).join(' '));
  return { groups, excluded: parsed.excluded.map((piece) => planned(piece)), named, names: [parsed.readAs, ...pieces, ...chineseNames], readAs: parsed.readAs };
}

/** The plan with only the units of some levels (all of them, as it is, when none are given): no stems, or no glossary, for measuring what each adds. An alternative left without a unit for a term goes. */
export function withLevels(plan: QueryPlan, levels: ReadonlySet<MatchLevel> | undefined): QueryPlan {
  if (!levels) return plan;
  const keep = (terms: PlannedTerm[]) => terms.map((t) => ({ ...t, units: t.units.filter((u) => levels.has(u.level)) }));
  const groups = plan.groups.map((group) => group.map((a) => ({ ...a, terms: keep(a.terms) })).filter((a) => a.terms.every((t) => t.units.length > 0)));
  return { ...plan, groups, excluded: plan.excluded.map(keep) };
}

/**
 * The plan's units as BM25 reads them, with the term and the alternative each belongs to (indexes
 * counted over the whole plan, in the order renderPlan writes them). FTS5 counts a phrase's instances in a row
 * only when the alternative holding it matches there (the other alternatives of its group are
 * cleared), and so does src/search/bm25.ts.
 */
export interface ScoredUnits {
  units: MatchUnit[];
  term: number[];
  alternative: number[];
}

export function scoredUnits(plan: QueryPlan): ScoredUnits {
  const out: ScoredUnits = { units: [], term: [], alternative: [] };
  let terms = 0;
  let alternatives = 0;
  for (const group of plan.groups) {
    for (const alternative of group) {
      for (const term of alternative.terms) {
        for (const unit of term.units) {
          out.units.push(unit);
          out.term.push(terms);
          out.alternative.push(alternatives);
        }
        terms += 1;
      }
      alternatives += 1;
    }
  }
  return out;
}

/** The levels a plan has units of: a search reads its matches once per level, for the ranking. */
export function levelsOf(plan: QueryPlan): MatchLevel[] {
  return [...new Set(scoredUnits(plan).units.map((u) => u.level))].sort();
}

/** How a database's full-text query language writes a unit and joins expressions. */
export interface MatchSyntax {
  unit(unit: MatchUnit): string;
  and: string;
  or: string;
  /** `positive` without what matches `excluded`. */
  without(positive: string, excluded: string): string;
}

/** Terms joined: each term by any of its units up to `maxLevel`; null when a term has none. */
function renderTerms(terms: PlannedTerm[], maxLevel: MatchLevel, syntax: MatchSyntax): string | null {
  const rendered: string[] = [];
  for (const { units } of terms) {
    const usable = units.filter((u) => u.level <= maxLevel);
    if (usable.length === 0) return null;
    rendered.push(`(${usable.map((u) => syntax.unit(u)).join(syntax.or)})`);
  }
  return `(${rendered.join(syntax.and)})`;
}

/**
 * The plan as a database's match expression, with the units up to `maxLevel` (the exclusions always
 * exact or by stem), or null when nothing can match at that level. Both databases' expressions have
 * the same units in the same order as scoredUnits, so that BM25 reads them alike.
 */
export function renderPlan(plan: QueryPlan, maxLevel: MatchLevel, syntax: MatchSyntax): string | null {
  const groups: string[] = [];
  for (const alternatives of plan.groups) {
    const rendered = alternatives.map((a) => renderTerms(a.terms, maxLevel, syntax)).filter((r): r is string => r !== null);
    if (rendered.length === 0) return null;
    groups.push(`(${rendered.join(syntax.or)})`);
  }
  let expression = groups.join(syntax.and);
  for (const piece of plan.excluded) {
    const rendered = renderTerms(piece, MatchLevel.STEM, syntax);
    if (rendered) expression = syntax.without(`(${expression})`, rendered);
  }
  return expression;
}
