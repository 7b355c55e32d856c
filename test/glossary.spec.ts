import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { containsQuote } from '../src/announcements/text';
import { loadSeed, SeedValidationError } from '../seed/loader';
import { databaseEnv, openTestDataSource, tempDatabase } from './support/database';
import { copySeed, dumpDatabase, editSeedFile, runSeedCli } from './support/seed-fixture';
import { dataOf, SEED_DIR, startTestServer, TestServer } from './support/server';

const GLOSSARY = 'filings/glossary.yaml';
const NOTE = 'curator-note-glossary';
const ARTICLE = 'article-quant-funds-darkest-hour';

const ENTRIES = `query($term: String) {
  glossary(term: $term) { id slug english chinese eventTypes sources { quote note announcement { slug body } } }
}`;

interface Entry {
  id: string;
  slug: string;
  english: string[];
  chinese: string[];
  eventTypes: string[];
  sources: { quote: string; note: string | null; announcement: { slug: string; body: string } }[];
}

/** The bilingual glossary through the API: its entries in filing order, each with its sources, found by either language, fetched by id. */
describe('the glossary', () => {
  let server: TestServer;
  let entries: Entry[];
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    entries = dataOf(await server.query(ENTRIES)).glossary;
  });
  afterAll(() => server.stop());

  const glossary = async (term: string): Promise<Entry[]> => dataOf(await server.query(ENTRIES, { term })).glossary;

  it('lists every entry in the order of its filing, with the English, the Chinese and the kinds of event it names', () => {
    expect(entries.map((e) => e.slug)).toEqual([
      'disciplinary-sanction',
      'circulated-criticism',
      'public-reprimand',
      'regulatory-measure',
      'written-warning',
      'trading-suspension',
      'administrative-measure',
      'order-to-correct',
      'filing-suspension',
      'window-guidance',
      'liquidation',
      'dissolution',
      'liquidation-group',
      'deregistration',
      'leverage',
      'snowball',
      'knock-in',
      'basis',
      'discount',
      'micro-cap',
      'drawdown',
      'excess-return',
    ]);
    const bySlug = new Map(entries.map((e) => [e.slug, e]));
    expect(bySlug.get('public-reprimand')).toMatchObject({
      english: ['public reprimand'],
      chinese: ['公开谴责'],
      eventTypes: ['EXCHANGE_PENALTY', 'REGULATORY_MEASURE'],
    });
    expect(bySlug.get('trading-suspension')).toMatchObject({
      english: ['trading suspension', 'trading restriction', 'trading halt', 'suspension'],
      chinese: ['暂停交易', '限制交易'],
      eventTypes: ['TRADING_SUSPENSION'],
    });
    expect(bySlug.get('dissolution')!.eventTypes).toEqual(['LIQUIDATION_NOTICE']);
    expect(bySlug.get('leverage')).toMatchObject({ english: ['leverage'], chinese: ['杠杆'], eventTypes: [] });
  });

  it('names only kinds of event the curated events have', async () => {
    const events = dataOf(await server.query('{ events(first: 100) { nodes { type } } }')).events.nodes;
    const types = new Set(events.map((e: { type: string }) => e.type));
    expect(entries.flatMap((e) => e.eventTypes).filter((t) => !types.has(t))).toEqual([]);
  });

  it("cites for each entry the curators' note, and the article wherever it uses the Chinese term; every quote is in its document", () => {
    for (const entry of entries) {
      for (const s of entry.sources) expect([entry.slug, containsQuote(s.announcement.body, s.quote)]).toEqual([entry.slug, true]);
      const fromNote = entry.sources.filter((s) => s.announcement.slug === NOTE);
      expect([entry.slug, fromNote.length > 0]).toEqual([entry.slug, true]);
      const article = entries[0].sources.find((s) => s.announcement.slug === ARTICLE)!.announcement.body;
      const used = entry.chinese.filter((term) => article.includes(term));
      const quotes = entry.sources.filter((s) => s.announcement.slug === ARTICLE).map((s) => s.quote);
      if (used.length > 0) expect([entry.slug, quotes.some((q) => used.some((term) => q.includes(term)))]).toEqual([entry.slug, true]);
      else expect([entry.slug, quotes]).toEqual([entry.slug, []]);
    }
  });

  it("says in the note where each English term comes from, the curators' own synonyms included", () => {
    const note = entries[0].sources.find((s) => s.announcement.slug === NOTE)!.announcement.body;
    expect(note).toContain("The English below is taken from the project's domain notes, except where a sentence says the curators added it.");
    expect(note).toContain(
      'Trading halt is a common English synonym of trading suspension added by the curators; it is in neither the domain notes nor the article.',
    );
    for (const entry of entries) {
      const quoted = entry.sources
        .filter((s) => s.announcement.slug === NOTE)
        .map((s) => s.quote.toLowerCase())
        .join(' ');
      expect([entry.slug, entry.english.filter((term) => !quoted.includes(term.toLowerCase()))]).toEqual([entry.slug, []]);
    }
  });

  it('finds the entries with a term, in English or Chinese, case and surrounding spaces aside', async () => {
    expect((await glossary('Public Reprimand')).map((e) => [e.slug, e.chinese])).toEqual([['public-reprimand', ['公开谴责']]]);
    expect((await glossary('  公开谴责 ')).map((e) => e.slug)).toEqual(['public-reprimand']);
    expect((await glossary('TRADING HALT')).map((e) => e.slug)).toEqual(['trading-suspension']);
    expect((await glossary('限制交易')).map((e) => e.english[0])).toEqual(['trading suspension']);
    expect(await glossary('reprimand')).toEqual([]);
  });

  it('fetches an entry back by its id through node(id:) and nodes(ids:)', async () => {
    const entry = entries.find((e) => e.slug === 'window-guidance')!;
    const node = dataOf(await server.query('query($id: ID!) { node(id: $id) { __typename id ... on GlossaryTerm { slug chinese } } }', { id: entry.id })).node;
    expect(node).toEqual({ __typename: 'GlossaryTerm', id: entry.id, slug: 'window-guidance', chinese: ['窗口指导'] });
    const ids = entries.map((e) => e.id);
    const nodes = dataOf(await server.query('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids })).nodes;
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(ids);
  });

  it('keeps the table other parts read with plain SQL: key, english, chinese and eventTypes, in filing order', async () => {
    const rows: { key: string; english: string; chinese: string; eventTypes: string }[] = await server.dataSource.query(
      'SELECT key, english, chinese, "eventTypes" FROM glossary_term ORDER BY position',
    );
    expect(rows.map((r) => r.key)).toEqual(entries.map((e) => e.slug));
    expect(rows.map((r) => [JSON.parse(r.english), JSON.parse(r.chinese), JSON.parse(r.eventTypes)])).toEqual(
      entries.map((e) => [e.english, e.chinese, e.eventTypes]),
    );
  });
});

/** Broken copies of the glossary filing: each load is refused with file, field and reason, and leaves the database as it was. */
describe('the glossary filing', () => {
  let ds: DataSource;
  let database: string;
  beforeAll(async () => {
    database = await tempDatabase();
    ds = await openTestDataSource(database);
    await loadSeed(ds, SEED_DIR);
  });
  afterAll(() => ds.destroy());

  async function expectRefused(edit: (dir: string) => void, expected: { file: RegExp; path: string; message: RegExp }): Promise<void> {
    const dir = copySeed();
    edit(dir);
    const before = await dumpDatabase(ds);
    const error = await loadSeed(ds, dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SeedValidationError);
    // A term moved into an entry whose quotes do not write it is also refused by the fact check, at the same field.
    const problems = (error as SeedValidationError).problems;
    const unquoted = problems.filter((p) => /is not what its quotes say: the quotes do not write it$/.test(p.message));
    expect(problems.filter((p) => !unquoted.includes(p))).toEqual([
      { file: expect.stringMatching(expected.file), path: expected.path, message: expect.stringMatching(expected.message) },
    ]);
    expect(unquoted.map((p) => p.path)).toEqual(unquoted.length === 0 ? [] : [expected.path]);
    expect(await dumpDatabase(ds)).toBe(before);
  }

  const editGlossary = (from: string, to: string) => (dir: string) => editSeedFile(dir, GLOSSARY, (t) => t.replace(from, to));

  it('refuses an id given twice', async () => {
    await expectRefused(editGlossary('  - id: basis\n', '  - id: leverage\n'), {
      file: /glossary\.yaml$/,
      path: 'terms[17].id',
      message: /^duplicate glossary term id "leverage" \(first defined in .*glossary\.yaml\)$/,
    });
  });

  it('refuses an English term in two entries, case aside', async () => {
    await expectRefused(editGlossary('english: [drawdown]', 'english: [Public Reprimand]'), {
      file: /glossary\.yaml$/,
      path: 'terms[20].english[0]',
      message: /^English term "Public Reprimand" is already given \(first at .*glossary\.yaml: terms\[2\]\.english\[0\]\)$/,
    });
  });

  it('refuses a Chinese term in two entries', async () => {
    await expectRefused(editGlossary('chinese: [回撤]', 'chinese: [公开谴责]'), {
      file: /glossary\.yaml$/,
      path: 'terms[20].chinese[0]',
      message: /^Chinese term "公开谴责" is already given \(first at .*glossary\.yaml: terms\[2\]\.chinese\[0\]\)$/,
    });
  });

  it('refuses a Chinese term that holds no CJK character', async () => {
    await expectRefused(editGlossary('chinese: [基差]', 'chinese: [jicha]'), {
      file: /glossary\.yaml$/,
      path: 'terms.17.chinese.0',
      message: /^must be Chinese: it holds no CJK character$/,
    });
  });

  it('refuses an English term that holds a CJK character', async () => {
    await expectRefused(editGlossary('english: [knock-in]', 'english: [knock-in 敲入]'), {
      file: /glossary\.yaml$/,
      path: 'terms.16.english.0',
      message: /^must be English: it holds a CJK character$/,
    });
  });

  it('orders a second glossary filing after the first, and refuses a term it repeats, naming the first file', async () => {
    const dir = copySeed();
    // A second glossary filing, its English cited to a curator's note of its own (the article writes only the Chinese).
    const writeMore = (into: string, english: string) => {
      fs.writeFileSync(
        path.join(into, 'filings', 'documents', 'more-glossary-note.yaml'),
        `filing: announcement\nid: more-glossary-note\nkind: CURATOR_NOTE\ntitle: "Curator's note: more English"\nlanguage: en\npublishedOn: null\ndateNote: Written by the curators.\nbody: 传闻 is a ${english}.\n`,
      );
      fs.writeFileSync(
        path.join(into, 'filings', 'more-glossary.yaml'),
        `filing: glossary\nterms:\n  - id: rumour\n    english: [${english}]\n    chinese: [传闻]\n    sources:\n      - document: ${ARTICLE}\n        quote: 近期还有市场传闻称\n      - document: more-glossary-note\n        quote: 传闻 is a ${english}.\n`,
      );
    };
    writeMore(dir, 'rumour');
    const changes = (await loadSeed(ds, dir))!;
    expect(changes.glossaryTerms).toEqual({ inserted: 1, updated: 0, deleted: 0 });
    const rows: { key: string }[] = await ds.query('SELECT key FROM glossary_term ORDER BY position');
    expect(rows.map((r) => r.key).slice(-2)).toEqual(['excess-return', 'rumour']);
    await loadSeed(ds, SEED_DIR);
    await expectRefused((d) => writeMore(d, 'Basis'), {
      file: /more-glossary\.yaml$/,
      path: 'terms[0].english[0]',
      message: /^English term "Basis" is already given \(first at .*filings\/glossary\.yaml: terms\[17\]\.english\[0\]\)$/,
    });
  });

  it('is refused by npm run seed -- --check with the file, the field path and the reason', () => {
    const dir = copySeed();
    editGlossary('chinese: [回撤]', 'chinese: [公开谴责]')(dir);
    const check = runSeedCli(['--check', '--dir', dir], databaseEnv(database));
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/glossary\.yaml: terms\[20\]\.chinese\[0\]: Chinese term "公开谴责" is already given/);
  });
});
