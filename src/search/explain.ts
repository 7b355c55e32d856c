import { CJK_RANGES, escapeHtml, normalizeWithMap, pinyinOf, segments } from './analyzer';
import { englishKey, keyForm } from './english';
import { MatchLevel, MatchUnit, PlannedAlternative, PlannedTerm, QueryPlan } from './query-plan';
import { MatchField, MatchForm, SearchKind } from './search.enums';

/**
 * Why a hit matched: for each term of the query, what in the hit it matched, in which field, and
 * through which form (the same characters, traditional folded to simplified, pinyin, another name,
 * a spelling variant, a stem, or the glossary's Chinese for English). The snippet marks it.
 */

/** One term's match in a hit. */
export interface TermMatch {
  /** The query's term, normalised; for a glossary match the English words. */
  term: string;
  /** The text it matched, as the hit writes it. */
  matched: string;
  form: MatchForm;
  field: MatchField;
}

/** A hit's explanation: the snippet with marks, the matched texts as written, and each match. */
export interface Explanation {
  snippet: string;
  matchedTerms: string[];
  matches: TermMatch[];
}

/** The text of a hit to explain. */
export interface ExplainedText {
  kind: SearchKind;
  title: string;
  titleExtra: string;
  body: string;
}

/** A found match: where (in the original text of its field) and how. */
interface Found extends TermMatch {
  start: number;
  end: number;
}

/** A field's text, normalised with the map back to the original. */
interface FieldText {
  field: MatchField;
  /** Whether the hit is an entity (a manager, product, concept), whose names field holds its other names. */
  entity: boolean;
  text: string;
  normalized: string;
  origin: number[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term's pattern (sticky) and the literal text its matches begin with, found first with indexOf. */
interface TermPattern {
  regex: RegExp;
  first: string;
}

/** The patterns of terms, by prefix and text: a query's units are explained over ten hits and three fields each. */
const patterns = new Map<string, TermPattern>();
const MAX_PATTERNS = 10_000;

/**
 * Where a unit's exact tokens occur in normalised text, as [start, end) of the normalised text: each
 * place the term's first segment occurs (indexOf) is tried with the whole pattern there, which is a
 * fraction of the cost of running a Unicode pattern over every body.
 */
function exactRanges(normalized: string, term: PlannedTerm, unit: MatchUnit): [number, number][] {
  const key = `${unit.prefix ? '*' : ''}${term.term.text}`;
  let pattern = patterns.get(key);
  if (!pattern) {
    pattern = patternOf(term.term.text, unit.prefix);
    if (patterns.size >= MAX_PATTERNS) patterns.clear();
    patterns.set(key, pattern);
  }
  const { regex, first } = pattern;
  const ranges: [number, number][] = [];
  if (first === '') return ranges;
  for (let at = normalized.indexOf(first); at >= 0; at = normalized.indexOf(first, at + 1)) {
    regex.lastIndex = at;
    const match = regex.exec(normalized);
    if (!match) continue;
    ranges.push([at, at + match[0].length]);
    at += Math.max(0, match[0].length - 1);
  }
  return ranges;
}

/**
 * A character of a Latin or number word as segments() splits words: a letter or digit that is not CJK
 * (the index splits 中证1000 into 中证 and 1000), or a decimal point between digits (9.30 is one word).
 */
const WORD_UNIT = `(?:(?![${CJK_RANGES}])[\\p{L}\\p{N}]|(?<=\\p{N})\\.(?=\\p{N}))`;

/**
 * A term's pattern: its segments, with anything but letters and digits allowed between them (at least
 * one such character between two words: public reprimand is not publicreprimand), and Latin ends at
 * the ends of words as the index splits them, a prefix running on to its word's end.
 */
function patternOf(text: string, prefix: boolean): TermPattern {
  const found = segments(text);
  const body = found
    .map((s, i) => {
      const between = i === 0 ? '' : s.kind === 'word' && found[i - 1].kind === 'word' ? '[^\\p{L}\\p{N}]+' : '[^\\p{L}\\p{N}]*';
      return between + escapeRegExp(s.text);
    })
    .join('');
  const latinStart = found[0]?.kind === 'word' && text.startsWith(found[0].text);
  const latinEnd = found[found.length - 1]?.kind === 'word' && text.endsWith(found[found.length - 1].text);
  const end = latinEnd ? (prefix ? `${WORD_UNIT}*` : `(?!${WORD_UNIT})`) : '';
  const regex = new RegExp(`${latinStart ? `(?<!${WORD_UNIT})` : ''}${body}${end}`, 'uy');
  return { regex, first: found[0]?.text ?? text };
}

/** Where a stem unit's keys occur among the words of normalised text, with the words matched. */
function stemRanges(normalized: string, unit: MatchUnit): { range: [number, number]; words: string[] }[] {
  const words: { text: string; start: number }[] = [];
  let cursor = 0;
  for (const s of segments(normalized)) {
    const start = normalized.indexOf(s.text, cursor);
    cursor = start + s.text.length;
    if (s.kind === 'word') words.push({ text: s.text, start });
  }
  const found: { range: [number, number]; words: string[] }[] = [];
  for (let i = 0; i + unit.tokens.length <= words.length; i += 1) {
    const window = words.slice(i, i + unit.tokens.length);
    const fits = window.every((w, k) => {
      const key = englishKey(w.text);
      return unit.prefix && k === unit.tokens.length - 1 ? key.startsWith(unit.tokens[k]) : key === unit.tokens[k];
    });
    const last = window[window.length - 1];
    if (fits) found.push({ range: [window[0].start, last.start + last.text.length], words: window.map((w) => w.text) });
  }
  return found;
}

/** The form of an exact match: pinyin or another name in the names field, traditional when the query was. */
function exactMatchForm(field: FieldText, term: PlannedTerm, matched: string, pinyin: () => Set<string>): MatchForm {
  if (field.field === MatchField.NAMES && field.entity)
    return /[a-z]/i.test(matched) && pinyin().has(matched.toLowerCase()) ? MatchForm.PINYIN : MatchForm.ALIAS;
  return term.term.folded ? MatchForm.TRADITIONAL : MatchForm.EXACT;
}

/** Every match of one term (of one alternative) in one field. */
function matchesOf(field: FieldText, alternative: PlannedAlternative, term: PlannedTerm, pinyin: () => Set<string>): Found[] {
  const found: Found[] = [];
  const label = alternative.glossary ? alternative.glossary.english : term.term.text;
  const original = ([a, b]: [number, number]) => [field.origin[a], b < field.origin.length ? field.origin[b] : field.text.length] as const;
  for (const unit of term.units) {
    if (unit.column === 'stem') {
      for (const { range, words } of stemRanges(field.normalized, unit)) {
        const form = words.map((w, k) => keyForm(term.term.text.split(' ')[k] ?? w, w));
        if (form.every((f) => f === 'EXACT')) continue; // the exact unit reports it
        const [start, end] = original(range);
        found.push({
          term: label,
          matched: field.text.slice(start, end),
          form: form.includes('STEM') ? MatchForm.STEM : MatchForm.VARIANT,
          field: field.field,
          start,
          end,
        });
      }
      continue;
    }
    for (const range of exactRanges(field.normalized, term, unit)) {
      const [start, end] = original(range);
      const matched = field.text.slice(start, end);
      const longer = unit.prefix && range[1] - range[0] > term.term.text.length;
      const form = unit.level === MatchLevel.GLOSSARY ? MatchForm.GLOSSARY : longer ? MatchForm.PREFIX : exactMatchForm(field, term, matched, pinyin);
      found.push({ term: label, matched, form, field: field.field, start, end });
    }
  }
  return found;
}

/** Where the best window starts: around the match whose window shows the most distinct terms (the first of them on a tie). */
function bestStart(found: { start: number; end: number; term: string }[], width: number): number {
  let best = { at: found[0]?.start ?? 0, terms: 0 };
  for (const f of found) {
    const from = Math.max(0, f.start - Math.floor(width / 3));
    const terms = new Set(found.filter((g) => g.start >= from && g.end <= from + width).map((g) => g.term)).size;
    if (terms > best.terms || (terms === best.terms && f.start < best.at)) best = { at: f.start, terms };
  }
  return best.at;
}

/** The best passage of a field's text: the window showing the most of the query's terms, HTML-escaped, every match in <mark>. */
export function snippetOf(text: string, found: { start: number; end: number; term: string }[], width = 120): string {
  const ranges = found.map((f): [number, number] => [f.start, f.end]);
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  const first = bestStart(found, width);
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
  return out + escapeHtml(text.slice(cursor, end)) + (end < text.length ? '…' : '');
}

const ENTITIES = new Set([SearchKind.MANAGER, SearchKind.PRODUCT, SearchKind.CONCEPT]);

/** Matches found at the same place by several units: the first (the most exact) is kept. */
function distinct(found: Found[]): Found[] {
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = `${f.field}:${f.start}:${f.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Explains a hit: every positive term's matches in its title, names and body, and the snippet that shows them. */
export function explain(hit: ExplainedText, plan: QueryPlan): Explanation {
  const entity = ENTITIES.has(hit.kind);
  const fieldOf = (field: MatchField, text: string): FieldText => ({ field, entity, text, ...normalizeWithMap(text) });
  const fields = [fieldOf(MatchField.BODY, hit.body), fieldOf(MatchField.TITLE, hit.title), fieldOf(MatchField.NAMES, hit.titleExtra)];
  let pinyinNames: Set<string> | undefined;
  const pinyin = () => (pinyinNames ??= new Set([hit.title, ...hit.titleExtra.split(' ')].flatMap((n) => Object.values(pinyinOf(n)).flat())));
  const found: Found[] = [];
  for (const alternatives of plan.groups) {
    for (const alternative of alternatives) {
      for (const term of alternative.terms) for (const field of fields) found.push(...matchesOf(field, alternative, term, pinyin));
    }
  }
  const matches = distinct(found.sort((a, b) => levelOf(a.form) - levelOf(b.form)));
  const shown = [MatchField.BODY, MatchField.TITLE].find((f) => matches.some((m) => m.field === f)) ?? MatchField.BODY;
  const shownText = fields.find((f) => f.field === shown)!.text;
  const snippet = snippetOf(
    shownText,
    matches.filter((m) => m.field === shown),
  );
  const listed = matches.length ? matches : [{ term: plan.readAs, matched: hit.title, form: MatchForm.ALIAS, field: MatchField.NAMES, start: 0, end: 0 }];
  const each = new Map(listed.map(({ term, matched, form, field }) => [`${term}\u0000${matched}\u0000${form}\u0000${field}`, { term, matched, form, field }]));
  return { snippet, matchedTerms: [...new Set(listed.map((m) => m.matched))], matches: [...each.values()] };
}

const FORM_ORDER = Object.values(MatchForm);
const levelOf = (form: MatchForm) => FORM_ORDER.indexOf(form);
