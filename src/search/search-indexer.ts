import { createHash } from 'node:crypto';
import { deleteRows, insertValues, rowWriter } from '../core/bulk';
import { DataSource, EntityManager } from 'typeorm';
import { bumpDataVersion, takeLoadLock } from '../database/data-version';
import { Announcement, AnnouncementKind, Citation } from '../announcements/announcement.entity';
import { passagesOf } from '../announcements/text';
import { Authority } from '../authorities/authority.entity';
import { namesOf } from '../authorities/authority.service';
import { EVENT_TYPE_NAMES, EventManager, EventRecord, RumorDenial } from '../events/event.entity';
import { Manager } from '../managers/manager.entity';
import { Product } from '../products/product.entity';
import { exactForm, IndexTokens, indexTokens, normalizeText, pinyinOf } from './analyzer';
import { Concept } from '../concepts/concept.entity';
import { indexedText, titleText, tokenCount } from './bm25';
import { SearchKind } from './search.enums';
import { indexStrategyFor } from './search-strategies';
import { IndexStrategy } from './search-strategy';

/** A document as the indexer builds it from the knowledge base, before it gets a row id. */
export interface SearchDocumentInput {
  key: string;
  kind: SearchKind;
  nodeType: string;
  nodeKey: string;
  passageIndex: number | null;
  title: string;
  body: string;
  date: string | null;
  year: number | null;
  authorities: string[];
  managers: string[];
  /** Exact forms of names and aliases (an exact query match ranks the document first). */
  aliases: string[];
  /** Extra text indexed with the title but not shown: English names, aliases, pinyin. */
  titleExtra: string;
}

export interface SearchIndexChanges {
  inserted: number;
  updated: number;
  deleted: number;
}

/**
 * Finds which of many names a text mentions, in one pass over the text however many names there are:
 * CJK names of two characters or more by substring, Latin names as whole words. Names are looked up by
 * their first two characters (CJK) or first word (Latin) at each position, then compared whole.
 */
class NameFinder {
  private readonly cjk = new Map<string, { name: string; code: string }[]>();
  private readonly words = new Map<string, { name: string; code: string }[]>();

  constructor(entries: { code: string; names: (string | null | undefined)[] }[]) {
    for (const { code, names } of entries) {
      for (const form of names.filter((n): n is string => !!n).map((n) => normalizeText(n).trim())) {
        const compact = form.replace(/\s/g, '');
        if (/^[\u3400-\u9fff]{2,}$/u.test(compact)) this.push(this.cjk, compact.slice(0, 2), { name: compact, code });
        else if (/^[a-z0-9][a-z0-9 .-]*$/.test(form) && form.length >= 2) this.push(this.words, /^[a-z0-9]+/.exec(form)![0], { name: form, code });
      }
    }
  }

  private push(map: Map<string, { name: string; code: string }[]>, key: string, entry: { name: string; code: string }) {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  }

  /** The codes of the names found in text already through normalizeText, each once. */
  find(normalized: string): string[] {
    const found = new Set<string>();
    const isWordChar = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);
    for (let i = 0; i < normalized.length; i += 1) {
      const candidates = this.cjk.get(normalized.slice(i, i + 2));
      if (candidates) for (const c of candidates) if (normalized.startsWith(c.name, i)) found.add(c.code);
      if (isWordChar(normalized[i]) && !isWordChar(normalized[i - 1])) {
        const token = /^[a-z0-9]+/.exec(normalized.slice(i, i + 64))![0];
        for (const c of this.words.get(token) ?? []) {
          if (normalized.startsWith(c.name, i) && !isWordChar(normalized[i + c.name.length])) found.add(c.code);
        }
      }
    }
    return [...found];
  }
}

const yearOf = (date: string | null) => (date ? Number(date.slice(0, 4)) : null);
const unique = <T>(values: T[]) => [...new Set(values)];

/** What the search documents are built from: the rows of the knowledge base that search shows. */
export interface SearchSource {
  managers: Manager[];
  products: Product[];
  authorities: Authority[];
  announcements: Announcement[];
  events: EventRecord[];
  eventManagers: EventManager[];
  denials: RumorDenial[];
  concepts: Concept[];
  /** Citations of every subject; those of events are used. */
  citations: Citation[];
}

/** Reads the knowledge base (through `em`, so inside the caller's transaction) and builds every search document. */
export async function buildSearchDocuments(em: EntityManager): Promise<SearchDocumentInput[]> {
  // One after another: a transaction's EntityManager has one connection, and pg 8 deprecates (pg 9
  // refuses) a query sent on a client still running another.
  const managers = await em.find(Manager);
  const products = await em.find(Product);
  const authorities = await em.find(Authority);
  const announcements = await em.find(Announcement);
  const events = await em.find(EventRecord);
  const eventManagers = await em.find(EventManager);
  const denials = await em.find(RumorDenial);
  const concepts = await em.find(Concept);
  const citations = await em.find(Citation, { where: { subjectType: 'Event' } });
  return searchDocumentsOf({ managers, products, authorities, announcements, events, eventManagers, denials, concepts, citations });
}

/** The knowledge base's names, as documents are tagged with them: managers by slug, authorities by code. */
interface NameIndex {
  managerSlug: Map<string, string>;
  managerNames: NameFinder;
  authorityNames: NameFinder;
}

/** Every search document of the given rows: passages of announcements, events, managers, products. */
export function searchDocumentsOf(source: SearchSource): SearchDocumentInput[] {
  const { managers, authorities } = source;
  const names: NameIndex = {
    managerSlug: new Map(managers.map((m) => [m.key, m.slug])),
    managerNames: new NameFinder(managers.map((m) => ({ code: m.slug, names: [m.shortName, m.legalName, m.englishName, ...m.aliases] }))),
    authorityNames: new NameFinder(authorities.map((a) => ({ code: a.code, names: [a.nameZh, a.shortNameZh] }))),
  };
  return [
    ...announcementDocuments(source.announcements, names),
    ...eventDocuments(source, names.managerSlug),
    ...managers.map(managerDocument),
    ...source.products.map((p) => productDocument(p, names.managerSlug)),
    ...source.concepts.map(conceptDocument),
  ];
}

/** A document per passage of each announcement, tagged with its authority and manager and with those its text names. */
function announcementDocuments(announcements: Announcement[], names: NameIndex): SearchDocumentInput[] {
  const docs: SearchDocumentInput[] = [];
  for (const a of announcements) {
    passagesOf(a.body).forEach((passage, i) => {
      const normalized = normalizeText(passage);
      docs.push({
        key: `ANNOUNCEMENT:${a.key}:${i}`,
        kind: SearchKind.ANNOUNCEMENT,
        nodeType: 'Announcement',
        nodeKey: a.key,
        passageIndex: i,
        title: a.title,
        body: passage,
        date: a.publishedOn,
        year: yearOf(a.publishedOn),
        authorities: unique([...(a.authorityCode ? [a.authorityCode] : []), ...names.authorityNames.find(normalized)]).sort(),
        managers: unique([...(a.managerKey ? [names.managerSlug.get(a.managerKey)!] : []), ...names.managerNames.find(normalized)]).sort(),
        aliases: [],
        titleExtra: '',
      });
    });
  }
  return docs;
}

/** Values grouped by key, each group in the order of `items`. */
function groupBy<T>(items: T[], keyOf: (item: T) => string, valueOf: (item: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), valueOf(item)]);
  return groups;
}

/** The names an event is found by besides its text: its authority's in both languages, its managers' English names and pinyin. */
function eventNames(source: SearchSource): { authority: Map<string, string>; manager: Map<string, string> } {
  const authority = new Map(source.authorities.map((a) => [a.code, namesOf(a).join(' ')]));
  const manager = new Map(
    source.managers.map((m) => {
      const names = [m.shortName, m.legalName, m.englishName, ...m.aliases].filter((n): n is string => !!n);
      return [
        m.key,
        unique([m.englishName ?? '', ...names.flatMap((n) => pinyinOf(n).joined)])
          .filter(Boolean)
          .join(' '),
      ];
    }),
  );
  return { authority, manager };
}

/** A document per event: found by its own words, by the passages that report it (denials, cited quotes), and by the names of who it concerns. */
function eventDocuments(source: SearchSource, managerSlug: Map<string, string>): SearchDocumentInput[] {
  const names = eventNames(source);
  const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;
  const managerKeysOf = groupBy(
    [...source.eventManagers].sort(byPosition),
    (link) => link.eventKey,
    (link) => link.managerKey,
  );
  // A curator's note (where the curators placed an undated event) explains; it does not report the event.
  const curatorNotes = new Set(source.announcements.filter((a) => a.kind === AnnouncementKind.CURATOR_NOTE).map((a) => a.key));
  const eventCitations = source.citations
    .filter((c) => c.subjectType === 'Event' && !curatorNotes.has(c.announcementKey))
    .sort((a, b) => (a.subjectKey < b.subjectKey ? -1 : a.subjectKey > b.subjectKey ? 1 : a.position - b.position));
  const denialsOfEvent = groupBy(
    [...source.denials].sort(byPosition),
    (d) => d.eventKey,
    (d) => `${d.speaker}：${d.statement}`,
  );
  const quotesOfEvent = groupBy(
    eventCitations,
    (c) => c.subjectKey,
    (c) => c.quote,
  );
  return source.events.map((e) => {
    const body = [
      e.summary,
      e.claim,
      e.assessment,
      e.ruleCited,
      e.ruleText,
      e.reason,
      e.scope,
      e.dataVendor,
      ...(denialsOfEvent.get(e.key) ?? []),
      ...(quotesOfEvent.get(e.key) ?? []),
    ]
      .filter((part): part is string => !!part)
      .join('\n');
    return {
      key: `EVENT:${e.key}`,
      kind: SearchKind.EVENT,
      nodeType: EVENT_TYPE_NAMES[e.type],
      nodeKey: e.key,
      passageIndex: null,
      title: e.title,
      body: body || e.title,
      date: e.date,
      year: yearOf(e.date),
      authorities: e.authorityCode ? [e.authorityCode] : [],
      managers: (managerKeysOf.get(e.key) ?? []).map((k) => managerSlug.get(k)!).sort(),
      aliases: [],
      titleExtra: [
        e.titleEn,
        e.authorityCode ? names.authority.get(e.authorityCode) : null,
        ...(managerKeysOf.get(e.key) ?? []).map((k) => names.manager.get(k)),
      ]
        .filter(Boolean)
        .join(' '),
    };
  });
}

/** A manager's document: found by every name it goes by, in characters and in pinyin. */
function managerDocument(m: Manager): SearchDocumentInput {
  const names = [m.shortName, m.legalName, m.englishName, ...m.aliases].filter((n): n is string => !!n);
  const pinyin = names.map(pinyinOf);
  const joined = unique(pinyin.flatMap((p) => p.joined));
  return {
    key: `MANAGER:${m.key}`,
    kind: SearchKind.MANAGER,
    nodeType: 'Manager',
    nodeKey: m.key,
    passageIndex: null,
    title: m.shortName,
    body: [m.legalName, m.englishName, m.aliases.join('、'), m.description].filter(Boolean).join('\n'),
    date: null,
    year: null,
    authorities: [],
    managers: [m.slug],
    aliases: unique([...names.map(exactForm), ...joined]).filter(Boolean),
    titleExtra: [...names, ...joined, ...unique(pinyin.flatMap((p) => p.syllables))].join(' '),
  };
}

/** A product's document: found by its name and aliases, in characters and in pinyin. */
function productDocument(p: Product, managerSlug: Map<string, string>): SearchDocumentInput {
  const names = [p.name, ...p.aliases];
  return {
    key: `PRODUCT:${p.key}`,
    kind: SearchKind.PRODUCT,
    nodeType: 'Product',
    nodeKey: p.key,
    passageIndex: null,
    title: p.name,
    body: [p.aliases.join('、'), p.strategy].filter(Boolean).join('\n') || p.name,
    date: null,
    year: null,
    authorities: [],
    managers: [managerSlug.get(p.managerKey)!],
    aliases: unique(names.map(exactForm)).filter(Boolean),
    titleExtra: [...names, ...unique(names.flatMap((n) => [...pinyinOf(n).joined, ...pinyinOf(n).pairs]))].join(' '),
  };
}

/** A concept's document: found by its term, English term and aliases; the term exactly ranks it first. */
function conceptDocument(c: Concept): SearchDocumentInput {
  const names = [c.term, ...(c.termEn ? [c.termEn, c.termEn.replace(/\s*\([^)]*\)/g, '')] : []), ...c.aliases];
  return {
    key: `CONCEPT:${c.key}`,
    kind: SearchKind.CONCEPT,
    nodeType: 'Concept',
    nodeKey: c.key,
    passageIndex: null,
    title: c.term,
    body: c.definition,
    date: null,
    year: null,
    authorities: [],
    managers: [],
    aliases: unique(names.map(exactForm)).filter(Boolean),
    titleExtra: unique([c.termEn ?? '', ...c.aliases])
      .filter(Boolean)
      .join(' '),
  };
}

function hashOf(doc: SearchDocumentInput): string {
  return createHash('sha256').update(JSON.stringify(doc)).digest('hex');
}

/** A document to write, under the id it keeps (changed) or gets (new). */
interface DocumentWrite {
  id: number;
  doc: SearchDocumentInput;
  hash: string;
  isNew: boolean;
}

/** What writing `docs` over the index's `existing` documents takes: the writes (new and changed documents) and the ids of documents gone. */
function planWrites(existing: { id: number; key: string; hash: string }[], docs: SearchDocumentInput[]): { writes: DocumentWrite[]; gone: number[] } {
  const byKey = new Map(existing.map((row) => [row.key, row]));
  const wanted = new Set(docs.map((d) => d.key));
  const gone = existing.filter((row) => !wanted.has(row.key)).map((row) => row.id);
  let nextId = existing.reduce((max, row) => Math.max(max, row.id), 0) + 1;
  const writes: DocumentWrite[] = [];
  for (const doc of docs) {
    const hash = hashOf(doc);
    const old = byKey.get(doc.key);
    if (!old) writes.push({ id: nextId++, doc, hash, isNew: true });
    else if (old.hash !== hash) writes.push({ id: old.id, doc, hash, isNew: false });
  }
  return { writes, gone };
}

/**
 * Writes the documents' rows and their index entries. Each document is analysed once, as it is
 * written: its token count goes into search_document (BM25 needs it), its tokens into the index
 * (SQLite's FTS5 table or PostgreSQL's tsvector column). The token text of a large load never sits in
 * memory whole.
 */
async function writeDocuments(em: EntityManager, index: IndexStrategy, writes: DocumentWrite[]): Promise<void> {
  const columns = [
    'id',
    'key',
    'kind',
    'nodeType',
    'nodeKey',
    'passageIndex',
    'title',
    'titleExtra',
    'body',
    'date',
    'year',
    'authorities',
    'managers',
    'hash',
    'tokens',
    ...index.documentColumns,
  ];
  const documents = rowWriter(em, 'search_document', columns);
  const entries = index.entries();
  const padded = (values: string[]) => ` ${values.join(' ')} `;
  // Passages of one document share its title: analysed once for all of them.
  let lastTitle: string | null = null;
  let title: IndexTokens = { bi: '', uni: '', stem: '' };
  for (const { id, doc, hash } of writes) {
    const text = titleText(doc.title, doc.titleExtra);
    if (text !== lastTitle) title = indexTokens((lastTitle = text));
    const body = indexTokens(doc.body);
    const tokens = indexedText(title, body);
    const row: unknown[] = [
      id,
      doc.key,
      doc.kind,
      doc.nodeType,
      doc.nodeKey,
      doc.passageIndex,
      doc.title,
      doc.titleExtra,
      doc.body,
      doc.date,
      doc.year,
      padded(doc.authorities),
      padded(doc.managers),
      hash,
      tokenCount(tokens),
      ...index.documentValues(tokens),
    ];
    const flushing = documents.write(row);
    if (flushing) await flushing;
    entries?.write(id, title, body);
  }
  await documents.end();
  await entries?.end();
}

/**
 * The index's size as BM25 and the estimates read it (documents, their tokens, the highest id), kept
 * in search_stats by every write of the index, in its transaction: counting 400,000 documents took a
 * first search after each load 300 ms and more.
 */
async function writeSearchStats(em: EntityManager): Promise<void> {
  await em.query('DELETE FROM search_stats');
  await em.query(
    'INSERT INTO search_stats ("documents", "tokens", "maxId") SELECT COUNT(*), COALESCE(SUM("tokens"), 0), COALESCE(MAX("id"), 0) FROM search_document',
  );
}

/**
 * Makes the search index hold exactly `docs`, writing only documents that are new, changed or gone,
 * through `em` (the seed load's transaction): search never shows data the database does not have.
 */
export async function syncSearchIndex(em: EntityManager, docs: SearchDocumentInput[]): Promise<SearchIndexChanges> {
  const index = indexStrategyFor(em);
  const existing: { id: number; key: string; hash: string }[] = await em.query('SELECT "id", "key", "hash" FROM search_document');
  const { writes, gone } = planWrites(existing, docs);
  const replaced = writes.filter((w) => !w.isNew).map((w) => w.id);
  const cleared = [...gone, ...replaced];
  await index.clear(cleared);
  await deleteRows(em, 'search_alias', 'documentId', cleared);
  await deleteRows(em, 'search_document', 'id', cleared);
  await writeDocuments(em, index, writes);
  await insertValues(
    em,
    'search_alias',
    ['alias', 'documentId'],
    writes.flatMap(({ id, doc }) => doc.aliases.map((alias) => [alias, id])),
  );
  await writeSearchStats(em);
  return { inserted: writes.filter((w) => w.isNew).length, updated: replaced.length, deleted: gone.length };
}

/**
 * Rebuilds the search index when a migration marked its documents stale (an empty hash: a migration
 * that changes what is indexed leaves the rebuild to the indexer of the day). One transaction, which
 * takes the load lock and moves the data version. Returns whether there was anything to rebuild.
 *
 * Staleness is all or nothing: the migration marks every document, and the rebuild (or any load,
 * every document's hash then differing) rewrites every one in one transaction. So the first
 * document tells, read through the key: every open of the database pays one row, not a table scan.
 */
export async function rebuildStaleSearchDocuments(dataSource: DataSource): Promise<boolean> {
  const [first]: { hash: string }[] = await dataSource.query('SELECT "hash" FROM search_document ORDER BY "id" LIMIT 1');
  if (first === undefined || first.hash !== '') return false;
  await dataSource.transaction(async (em) => {
    await takeLoadLock(em);
    await syncSearchIndex(em, await buildSearchDocuments(em));
    await bumpDataVersion(em);
  });
  return true;
}
