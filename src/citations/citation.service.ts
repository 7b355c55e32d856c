import { Announcement, AnnouncementKind, Citation } from '../announcements/announcement.entity';
import { Authority } from '../authorities/authority.entity';
import { Manager } from '../managers/manager.entity';
import { renderTex } from './bibtex';
import { CitationFormat } from './citation.enums';
import { CitedDocument, CitedKind, uniqueKeys } from './cited-document';
import { renderCslJson } from './csl-json';
import { renderRis } from './ris';

/** Where a record's permalink points: GET /records/<global id> answers it (src/http/routes/citations.ts). */
export const RECORDS_PATH = '/records/';

interface Load<V> {
  load(key: string): Promise<V>;
}

/** The request's loaders a citation reads through (src/api/context.ts builds them per request). */
export interface CitationReads {
  citationsOf: Load<Citation[]>;
  announcementByKey: Load<Announcement | null>;
  authorityByCode: Load<Authority | null>;
  managerByKey: Load<Manager | null>;
}

/** A fact that cites documents: its subject type in the citation table, its key and its global id. */
export interface CitingRecord {
  subjectType: 'Event' | 'PerformanceFigure';
  key: string;
  id: string;
}

const KIND: Record<AnnouncementKind, CitedKind> = {
  AUTHORITY_STATEMENT: 'legal_case',
  ARTICLE: 'article-newspaper',
  MANAGER_DISCLOSURE: 'report',
  CURATOR_NOTE: 'document',
};

/** An ASCII citation key part: the record's own key or slug, anything else as "-". */
const asciiKey = (text: string) => text.replace(/[^A-Za-z0-9_.:-]/g, '-');

/**
 * Citations of documents and of the facts that cite them, in CSL-JSON, RIS, BibTeX or BibLaTeX. A fact
 * gives one item per document it cites, in the order of its sources, each with its quotes from that
 * document. Only what a document's record states is given: no date, publisher, author or URL it lacks.
 * Permalinks use the origin set once at start (PUBLIC_URL, or the server's own address), never a
 * request's: answers are the same for every client, and the response cache may keep them.
 */
export class CitationService {
  private origin: string | null = null;

  /** Set once the server knows its public origin. */
  useOrigin(origin: string): void {
    this.origin = origin.replace(/\/+$/, '');
  }

  permalink(globalId: string): string {
    if (this.origin === null) throw new Error('The public origin of permalinks is not set');
    return `${this.origin}${RECORDS_PATH}${globalId}`;
  }

  /** A document cited on its own: one item, the document's permalink. */
  async ofDocument(document: Announcement, reads: CitationReads, format: CitationFormat): Promise<string> {
    const item = await this.cited(document, reads, asciiKey(document.slug), this.permalink(document.id), []);
    return render([item], format);
  }

  /** A fact: one item per document it cites, each with its quotes and the fact's permalink. */
  async ofRecord(record: CitingRecord, reads: CitationReads, format: CitationFormat): Promise<string> {
    const sources = await reads.citationsOf.load(`${record.subjectType}:${record.key}`);
    const quotes = new Map<string, string[]>();
    for (const source of sources) quotes.set(source.announcementKey, [...(quotes.get(source.announcementKey) ?? []), source.quote]);
    const permalink = this.permalink(record.id);
    const items = await Promise.all(
      [...quotes].map(async ([key, quoted]) => {
        const document = (await reads.announcementByKey.load(key))!;
        return this.cited(document, reads, `${asciiKey(record.key)}--${asciiKey(document.slug)}`, permalink, quoted);
      }),
    );
    return render(uniqueKeys(items), format);
  }

  private async cited(document: Announcement, reads: CitationReads, key: string, permalink: string, quotes: string[]): Promise<CitedDocument> {
    const authority = document.authorityCode ? await reads.authorityByCode.load(document.authorityCode) : null;
    const manager = document.kind === AnnouncementKind.MANAGER_DISCLOSURE && document.managerKey ? await reads.managerByKey.load(document.managerKey) : null;
    return {
      key,
      kind: KIND[document.kind],
      title: document.title,
      language: document.language,
      issued: document.publishedOn,
      authority: authority ? (document.language === 'zh' ? authority.nameZh : `${authority.nameZh} (${authority.nameEn})`) : null,
      number: document.documentNumber ?? null,
      publisher: manager ? (manager.legalName ?? null) : null,
      url: document.url,
      permalink,
      quotes,
    };
  }
}

/** The items in one format. */
export function render(items: CitedDocument[], format: CitationFormat): string {
  switch (format) {
    case CitationFormat.CSL_JSON:
      return renderCslJson(items);
    case CitationFormat.RIS:
      return renderRis(items);
    case CitationFormat.BIBTEX:
      return renderTex(items, 'bibtex');
    case CitationFormat.BIBLATEX:
      return renderTex(items, 'biblatex');
  }
}
