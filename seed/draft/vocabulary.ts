import fs from 'node:fs';
import path from 'node:path';
import { AuthorityKind } from '../../src/authorities/authority.entity';
import { readFilings } from '../filing-reader';
import { Filing } from '../filing-schema';
import { SeedProblem } from '../seed-types';

/**
 * What a draft recognises by name, all of it from the curated filings (seed/filings/ read with the
 * seed's own reader): the authorities and their kinds, the managers with their products, the
 * instruments, the data vendors the events name, the documents (to cite a document by its id) and the
 * exchange calendars (to propose the trading day before a closure).
 */

export type NamedKind = 'authority' | 'manager' | 'product' | 'instrument' | 'vendor';

export interface Name {
  kind: NamedKind;
  /** The authority's code, the manager's or product's id, the instrument's code, the vendor's name. */
  key: string;
  text: string;
}

/** A name found in the document: what it names and where. */
export interface Mention extends Name {
  index: number;
}

export interface Vocabulary {
  names: Name[];
  authorityKind: Map<string, AuthorityKind>;
  /** A product's manager. */
  productManager: Map<string, string>;
  /** The curated documents: a draft cites its document by id when the file is one of them. */
  documents: { id: string; files: string[]; year: number | null }[];
  /** The curated exchange calendars (tradingCalendar filings): where a draft proposes a trading day. */
  calendars: { id: string; year: number; closures: { from: string; to: string; reason: string }[] }[];
  /** Filings that could not be read: the draft goes on with the rest, and says so. */
  problems: SeedProblem[];
}

function namesOf(filing: Filing): Name[] {
  const named = (kind: NamedKind, key: string, ...texts: (string | undefined)[]) =>
    texts.filter((t): t is string => t !== undefined && t.trim() !== '').map((text) => ({ kind, key, text }));
  switch (filing.filing) {
    case 'authorities':
      return filing.authorities.flatMap((a) => named('authority', a.code, a.nameZh, a.shortNameZh));
    case 'manager':
      return [
        ...named('manager', filing.id, filing.legalName, filing.shortName, filing.englishName, ...filing.aliases),
        ...filing.products.flatMap((p) => named('product', p.id, p.name, ...p.aliases)),
      ];
    case 'instruments':
      return filing.instruments.flatMap((i) => named('instrument', i.code, i.nameZh, i.nameEn));
    case 'event':
      return named('vendor', filing.dataVendor ?? '', filing.dataVendor);
    default:
      return [];
  }
}

/** The year a curated document's undated days are in: its publication year, or its undatedYear. */
function documentYear(filing: Extract<Filing, { filing: 'announcement' }>): number | null {
  if (filing.publishedOn) return Number(filing.publishedOn.slice(0, 4));
  return filing.undatedYear ?? null;
}

/** The vocabulary of the filings under `<seedDir>/filings`. */
export function vocabularyOf(seedDir: string): Vocabulary {
  const { filings, problems } = readFilings(seedDir);
  const vocabulary: Vocabulary = { names: [], authorityKind: new Map(), productManager: new Map(), documents: [], calendars: [], problems };
  const seen = new Set<string>();
  for (const { filing } of filings) {
    for (const name of namesOf(filing)) {
      const id = `${name.kind}:${name.key}:${name.text}`;
      if (!seen.has(id)) vocabulary.names.push(name);
      seen.add(id);
    }
    if (filing.filing === 'authorities') for (const a of filing.authorities) vocabulary.authorityKind.set(a.code, a.kind);
    if (filing.filing === 'manager') for (const p of filing.products) vocabulary.productManager.set(p.id, filing.id);
    if (filing.filing === 'tradingCalendar') vocabulary.calendars.push({ id: filing.id, year: filing.year, closures: filing.closures });
    if (filing.filing === 'announcement' && filing.bodyFile !== undefined) {
      const files = [filing.bodyFile, filing.rawFile].filter((f): f is string => f !== undefined).map((f) => path.join(seedDir, 'documents', f));
      vocabulary.documents.push({ id: filing.id, files: files.map(realOrResolved), year: documentYear(filing) });
    }
  }
  // Longest first: 宁波灵均投资管理合伙企业（有限合伙） before 宁波灵均, 上海证券交易所 before 上交所.
  vocabulary.names.sort((a, b) => b.text.length - a.text.length || a.text.localeCompare(b.text));
  return vocabulary;
}

export function realOrResolved(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

const LATIN = /^[A-Za-z0-9 .&-]+$/;

/** Every name of the vocabulary in `text` (offsets from `base`), longest first where two overlap; in text order. */
export function mentionsIn(vocabulary: Vocabulary, text: string, base = 0): Mention[] {
  const taken: boolean[] = new Array<boolean>(text.length).fill(false);
  const found: Mention[] = [];
  for (const name of vocabulary.names) {
    for (let at = text.indexOf(name.text); at >= 0; at = text.indexOf(name.text, at + 1)) {
      const end = at + name.text.length;
      // A Latin name is a word of its own: MH, not the MH of SMH.
      if (LATIN.test(name.text) && (/[A-Za-z0-9]/.test(text[at - 1] ?? '') || /[A-Za-z0-9]/.test(text[end] ?? ''))) continue;
      if (taken.slice(at, end).some(Boolean)) continue;
      taken.fill(true, at, end);
      found.push({ ...name, index: base + at });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
