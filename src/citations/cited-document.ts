/**
 * What every format renders: one cited document, as a reference manager holds it. A document cited on
 * its own has no quotes; a fact gives one per document it cites, with the passages it quotes from it.
 */
export interface CitedDocument {
  /** ASCII, stable across loads, unique in one export: from the record's key and the document's slug. */
  key: string;
  kind: CitedKind;
  title: string;
  /** zh or en, from the document. */
  language: string;
  /** YYYY-MM-DD, only when the document states its day. */
  issued: string | null;
  /** The authority a decision is by: its Chinese name, with the English for an English document. */
  authority: string | null;
  /** The document's own number (文号), when the curators record it. */
  number: string | null;
  /** Who published it, only when the record says so (a manager's own disclosure). */
  publisher: string | null;
  /** The original's address, only when the source gives one. */
  url: string | null;
  /** The fundwatch record cited: the fact's permalink, or the document's. */
  permalink: string;
  quotes: string[];
}

/** The CSL type of each kind of document: the other formats map from it as Zotero does. */
export type CitedKind = 'legal_case' | 'article-newspaper' | 'report' | 'document';

/** What the record is called in every format's note, with its address. */
export const RECORD_LABEL = 'fundwatch record';

/** Whitespace (line breaks included) collapsed to single spaces: a quote is verbatim whitespace aside. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** The day's parts, when the document states it. */
export function dayParts(day: string | null): [number, number, number] | null {
  const found = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  return found ? [Number(found[1]), Number(found[2]), Number(found[3])] : null;
}

/** Keys made unique within one export, in order: a repeated key gets -2, -3 … */
export function uniqueKeys(items: CitedDocument[]): CitedDocument[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const n = (seen.get(item.key) ?? 0) + 1;
    seen.set(item.key, n);
    return n === 1 ? item : { ...item, key: `${item.key}-${n}` };
  });
}
