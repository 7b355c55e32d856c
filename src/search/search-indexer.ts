import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Announcement, Citation } from '../announcements/announcement.entity';
import { passagesOf } from '../announcements/text';
import { Authority } from '../authorities/authority.entity';
import { EVENT_TYPE_NAMES, EventManager, EventRecord, RumorDenial } from '../events/event.entity';
import { Manager } from '../managers/manager.entity';
import { Product } from '../products/product.entity';
import { exactForm, indexTokens, normalizeText, pinyinOf } from './analyzer';
import { SearchKind } from './search.enums';

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

interface Linker {
  code: string;
  cjk: string[];
  words: string[];
}

/** Names to find in free text: CJK names of two characters or more by substring, Latin names as whole words. */
function linker(code: string, names: (string | null | undefined)[]): Linker {
  const forms = names.filter((n): n is string => !!n).map((n) => normalizeText(n).trim());
  return {
    code,
    cjk: forms.filter((f) => /^[\u3400-\u9fff]{2,}$/u.test(f.replace(/\s/g, ''))).map((f) => f.replace(/\s/g, '')),
    words: forms.filter((f) => /^[a-z0-9][a-z0-9 .-]*$/.test(f) && f.length >= 2),
  };
}

function mentioned(text: string, linkers: Linker[]): string[] {
  const normalized = normalizeText(text);
  return linkers
    .filter((l) => l.cjk.some((n) => normalized.includes(n)) || l.words.some((w) => new RegExp(`(^|[^a-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`).test(normalized)))
    .map((l) => l.code);
}

const yearOf = (date: string | null) => (date ? Number(date.slice(0, 4)) : null);
const unique = <T>(values: T[]) => [...new Set(values)];

/** Reads the knowledge base (through `em`, so inside the caller's transaction) and builds every search document. */
export async function buildSearchDocuments(em: EntityManager): Promise<SearchDocumentInput[]> {
  const [managers, products, authorities, announcements, events, eventManagers, denials, eventCitations] = await Promise.all([
    em.find(Manager),
    em.find(Product),
    em.find(Authority),
    em.find(Announcement),
    em.find(EventRecord),
    em.find(EventManager, { order: { position: 'ASC' } }),
    em.find(RumorDenial, { order: { position: 'ASC' } }),
    em.find(Citation, { where: { subjectType: 'Event' }, order: { subjectKey: 'ASC', position: 'ASC' } }),
  ]);
  const managerSlug = new Map(managers.map((m) => [m.key, m.slug]));
  const managerLinkers = managers.map((m) => linker(m.slug, [m.shortName, m.legalName, m.englishName, ...m.aliases]));
  const authorityLinkers = authorities.map((a) => linker(a.code, [a.nameZh, a.shortNameZh]));
  const docs: SearchDocumentInput[] = [];

  for (const a of announcements) {
    passagesOf(a.body).forEach((passage, i) => {
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
        authorities: unique([...(a.authorityCode ? [a.authorityCode] : []), ...mentioned(passage, authorityLinkers)]).sort(),
        managers: unique([...(a.managerKey ? [managerSlug.get(a.managerKey)!] : []), ...mentioned(passage, managerLinkers)]).sort(),
        aliases: [],
        titleExtra: '',
      });
    });
  }

  const managersOfEvent = new Map<string, string[]>();
  for (const link of eventManagers) managersOfEvent.set(link.eventKey, [...(managersOfEvent.get(link.eventKey) ?? []), managerSlug.get(link.managerKey)!]);
  const denialsOfEvent = new Map<string, string[]>();
  for (const d of denials) denialsOfEvent.set(d.eventKey, [...(denialsOfEvent.get(d.eventKey) ?? []), `${d.speaker}：${d.statement}`]);
  const quotesOfEvent = new Map<string, string[]>();
  for (const c of eventCitations) quotesOfEvent.set(c.subjectKey, [...(quotesOfEvent.get(c.subjectKey) ?? []), c.quote]);
  for (const e of events) {
    // An event is found by its own words and by the passages that report it.
    const body = [e.summary, e.claim, e.assessment, e.ruleCited, e.ruleText, e.reason, e.scope, e.dataVendor, ...(denialsOfEvent.get(e.key) ?? []), ...(quotesOfEvent.get(e.key) ?? [])]
      .filter((part): part is string => !!part)
      .join('\n');
    docs.push({
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
      managers: (managersOfEvent.get(e.key) ?? []).slice().sort(),
      aliases: [],
      titleExtra: e.titleEn ?? '',
    });
  }

  for (const m of managers) {
    const names = [m.shortName, m.legalName, m.englishName, ...m.aliases].filter((n): n is string => !!n);
    const pinyin = names.map(pinyinOf);
    const joined = unique(pinyin.flatMap((p) => p.joined));
    docs.push({
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
    });
  }

  for (const p of products) {
    const names = [p.name, ...p.aliases];
    docs.push({
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
      titleExtra: [...names, ...unique(names.flatMap((n) => pinyinOf(n).joined))].join(' '),
    });
  }
  return docs;
}

function hashOf(doc: SearchDocumentInput): string {
  return createHash('sha256').update(JSON.stringify(doc)).digest('hex');
}

const BATCH = 200;

async function insertMany(em: EntityManager, table: string, columns: string[], rows: unknown[][]) {
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await em.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${placeholders}`, chunk.flat());
  }
}

async function deleteMany(em: EntityManager, table: string, column: string, ids: number[]) {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await em.query(`DELETE FROM ${table} WHERE "${column}" IN (${chunk.map(() => '?').join(', ')})`, chunk);
  }
}

/**
 * Makes the search index hold exactly `docs`, writing only documents that are new, changed or gone,
 * through `em` (the seed load's transaction): search never shows data the database does not have.
 */
export async function syncSearchIndex(em: EntityManager, docs: SearchDocumentInput[]): Promise<SearchIndexChanges> {
  const fts = ['better-sqlite3', 'sqlite'].includes(em.connection.driver.options.type);
  const existing: { id: number; key: string; hash: string }[] = await em.query('SELECT "id", "key", "hash" FROM search_document');
  const byKey = new Map(existing.map((row) => [row.key, row]));
  const wanted = new Set(docs.map((d) => d.key));
  const gone = existing.filter((row) => !wanted.has(row.key)).map((row) => row.id);
  let nextId = existing.reduce((max, row) => Math.max(max, row.id), 0) + 1;
  const writes: { id: number; doc: SearchDocumentInput; hash: string; isNew: boolean }[] = [];
  for (const doc of docs) {
    const hash = hashOf(doc);
    const old = byKey.get(doc.key);
    if (!old) writes.push({ id: nextId++, doc, hash, isNew: true });
    else if (old.hash !== hash) writes.push({ id: old.id, doc, hash, isNew: false });
  }
  const replaced = writes.filter((w) => !w.isNew).map((w) => w.id);
  const cleared = [...gone, ...replaced];
  if (fts) await deleteMany(em, 'search_fts', 'rowid', cleared);
  await deleteMany(em, 'search_alias', 'documentId', cleared);
  await deleteMany(em, 'search_document', 'id', cleared);

  const columns = ['id', 'key', 'kind', 'nodeType', 'nodeKey', 'passageIndex', 'title', 'body', 'date', 'year', 'authorities', 'managers', 'hash'];
  const padded = (values: string[]) => ` ${values.join(' ')} `;
  await insertMany(
    em,
    'search_document',
    columns,
    writes.map(({ id, doc, hash }) => [id, doc.key, doc.kind, doc.nodeType, doc.nodeKey, doc.passageIndex, doc.title, doc.body, doc.date, doc.year, padded(doc.authorities), padded(doc.managers), hash]),
  );
  await insertMany(em, 'search_alias', ['alias', 'documentId'], writes.flatMap(({ id, doc }) => doc.aliases.map((alias) => [alias, id])));
  if (fts) {
    await insertMany(
      em,
      'search_fts',
      ['rowid', 'title_bi', 'title_uni', 'body_bi', 'body_uni'],
      writes.map(({ id, doc }) => {
        const title = indexTokens(`${doc.title} ${doc.titleExtra}`);
        const body = indexTokens(doc.body);
        return [id, title.bi, title.uni, body.bi, body.uni];
      }),
    );
  }
  return { inserted: writes.filter((w) => w.isNew).length, updated: replaced.length, deleted: gone.length };
}
