import { exactForm, normalizeText, segments } from './analyzer';
import { Sql } from '../core/sql';
import { englishKey } from './english';

/**
 * The bilingual glossary as search reads it: the curated glossary's terms (glossary_term) and the
 * authorities' names in both languages (Shanghai Stock Exchange, SSE, 上海证券交易所, 上交所). An English
 * query term is matched on its English keys (so trading suspensions meets trading suspension) and
 * expands to the entry's Chinese terms; a Chinese one is matched whole. Either way the query names
 * what the entry refers to: kinds of event, or an authority.
 */

/** One entry: its English and Chinese terms and what it refers to. */
export interface GlossaryEntry {
  key: string;
  english: string[];
  chinese: string[];
  /** Event types the term names (TRADING_SUSPENSION for trading suspension). */
  eventTypes: string[];
  /** The authority the term names, by code. */
  authority: string | null;
}

/** An English term of an entry, as the keys of its words. */
interface EnglishForm {
  keys: string[];
  entry: GlossaryEntry;
}

/** How far an English term of the glossary can run, in words: longer matches are not looked for. */
const MAX_TERM_WORDS = 6;

/** The English keys of a text's words, in order (and nothing when it holds CJK). */
function englishKeys(text: string): string[] {
  const found = segments(normalizeText(text));
  if (found.some((s) => s.kind === 'cjk')) return [];
  return found.map((s) => englishKey(s.text));
}

export class SearchGlossary {
  private readonly english = new Map<string, EnglishForm[]>();
  private readonly chinese = new Map<string, GlossaryEntry[]>();

  constructor(readonly entries: GlossaryEntry[]) {
    for (const entry of entries) {
      for (const term of entry.english) {
        const keys = englishKeys(term);
        if (keys.length === 0 || keys.length > MAX_TERM_WORDS) continue;
        const list = this.english.get(keys[0]) ?? [];
        list.push({ keys, entry });
        this.english.set(keys[0], list);
      }
      for (const term of entry.chinese) {
        const form = exactForm(term);
        this.chinese.set(form, [...(this.chinese.get(form) ?? []), entry]);
      }
    }
  }

  /** The longest English term starting at `keys[at]`: how many words it takes and the entries it is a term of. */
  matchEnglish(keys: string[], at: number): { length: number; entries: GlossaryEntry[] } | null {
    let best: { length: number; entries: GlossaryEntry[] } | null = null;
    for (const form of this.english.get(keys[at]) ?? []) {
      const fits = form.keys.length <= keys.length - at && form.keys.every((k, i) => keys[at + i] === k);
      if (!fits) continue;
      if (!best || form.keys.length > best.length) best = { length: form.keys.length, entries: [form.entry] };
      else if (form.keys.length === best.length && !best.entries.includes(form.entry)) best.entries.push(form.entry);
    }
    return best;
  }

  /** The entries one of whose Chinese terms a text is (in exact form). */
  matchChinese(text: string): GlossaryEntry[] {
    return this.chinese.get(exactForm(text)) ?? [];
  }
}

/** An empty glossary, for a knowledge base without one. */
export const NO_GLOSSARY = new SearchGlossary([]);

/** Reads the glossary search uses: the curated glossary's entries, then one entry per authority from its names. */
export async function loadSearchGlossary(sql: Sql): Promise<SearchGlossary> {
  const terms = await sql.all<{ key: string; english: string; chinese: string; eventTypes: string }>(
    'SELECT "key", "english", "chinese", "eventTypes" FROM glossary_term ORDER BY "position"',
  );
  const authorities = await sql.all<{ code: string; nameZh: string; shortNameZh: string | null; nameEn: string }>(
    'SELECT "code", "nameZh", "shortNameZh", "nameEn" FROM authority ORDER BY "code"',
  );
  return new SearchGlossary([
    ...terms.map((t) => ({
      key: t.key,
      english: JSON.parse(t.english),
      chinese: JSON.parse(t.chinese),
      eventTypes: JSON.parse(t.eventTypes),
      authority: null,
    })),
    ...authorities.map((a) => ({
      key: `authority:${a.code}`,
      english: [a.nameEn, a.code.replace(/_/g, ' ')],
      chinese: [a.nameZh, ...(a.shortNameZh ? [a.shortNameZh] : [])],
      eventTypes: [],
      authority: a.code,
    })),
  ]);
}
