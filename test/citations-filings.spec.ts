import { parse as parseRis } from 'astrocite-ris';
import fs from 'node:fs';
import path from 'node:path';
import { loadSeed, prepareSeed, SeedValidationError } from '../seed/loader';
import { parseBibTeX } from './support/citation-parsers';
import { openTestDataSource, tempDatabase } from './support/database';
import { copySeed } from './support/seed-fixture';
import { dataOf, startTestServer, TestServer } from './support/server';

const NUMBER = '测试〔2099〕第 1 号';
const TITLE = '测试决定 {未闭合 } 100% & $5 #1 a_b ~ ^ \\end';
const LONG = '长'.repeat(3000);
/** A quote with every TeX special, an unbalanced brace, a line that reads as the end of a RIS record, and a long run. */
const QUOTE = `接到窗口指导不得卖出的私募机构也不少。} { \\par % & $ # _ ~ ^\nER  - \nTY  - JOUR ${LONG}`;

/** The seed plus a decision of the spec's own (with its number) and an event quoting it. */
function seedWithDecision(documentFields: string): string {
  const dir = copySeed();
  const body = QUOTE.split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  fs.writeFileSync(
    path.join(dir, 'filings/documents/test-decision.yaml'),
    `filing: announcement\nid: test-decision\nkind: AUTHORITY_STATEMENT\ntitle: ${JSON.stringify(TITLE)}\nlanguage: zh\nauthority: SSE\n${documentFields}body: |\n${body}\n`,
  );
  const event = fs
    .readFileSync(path.join(dir, 'filings/events/2024-02-window-guidance-before-spring-festival.yaml'), 'utf8')
    .replace('id: window-guidance-no-selling-before-spring-festival-2024', 'id: test-decision-event')
    .replace(/ {2}- document: article-quant-funds-darkest-hour\n {4}quote: .*\n/, `  - document: test-decision\n    quote: ${JSON.stringify(QUOTE)}\n`);
  fs.writeFileSync(path.join(dir, 'filings/events/test-decision-event.yaml'), event);
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    prepareSeed(dir);
  } catch (error) {
    if (error instanceof SeedValidationError) return error.problems.map((p) => `${p.file} ${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe("a decision's number and hostile text in citations", () => {
  let server: TestServer;
  const made: string[] = [];
  beforeAll(async () => {
    const dir = seedWithDecision(`number: ${JSON.stringify(NUMBER)}\n`);
    made.push(dir);
    const database = await tempDatabase();
    const ds = await openTestDataSource(database);
    await loadSeed(ds, dir);
    await ds.destroy();
    server = await startTestServer({ database });
  });
  afterAll(async () => {
    await server.stop();
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the curated number as documentNumber, and every format carries it', async () => {
    const data = dataOf(
      await server.query(
        '{ announcement(slug: "test-decision") { documentNumber title } events(first: 100) { nodes { id title csl: citation(format: CSL_JSON) ris: citation(format: RIS) bib: citation(format: BIBTEX) blx: citation(format: BIBLATEX) sources { announcement { slug } } } } }',
      ),
    );
    expect(data.announcement).toEqual({ documentNumber: NUMBER, title: TITLE });
    const event = data.events.nodes.find((e: any) => e.sources.some((s: any) => s.announcement.slug === 'test-decision'));
    const [csl] = JSON.parse(event.csl);
    expect(csl).toMatchObject({ type: 'legal_case', title: TITLE, authority: '上海证券交易所', number: NUMBER });
    expect(csl.note).toContain(QUOTE);
    expect(event.ris).toContain(`SV  - ${NUMBER}\n`);
    const ris = parseRis(event.ris) as any[];
    expect(ris).toHaveLength(2);
    expect(ris[0]).toMatchObject({ type: 'legal_case', title: TITLE, publisher: '上海证券交易所', number: NUMBER });
    expect(ris[0].note).toContain(QUOTE.replace(/\s+/g, ' '));
    expect(ris[1].type).toBe('article'); // the curator's note: RIS GEN
    for (const [text, type, authorityField] of [
      [event.bib, 'misc', 'organization'],
      [event.blx, 'jurisdiction', 'institution'],
    ]) {
      const parsed = parseBibTeX(text);
      expect(parsed.errors).toEqual([]);
      expect(parsed.entries).toHaveLength(2);
      expect(parsed.entries[0]).toMatchObject({ type, fields: { title: TITLE, number: NUMBER, [authorityField]: ['上海证券交易所'] } });
      // Whitespace aside (the parser, like TeX, runs spaces together): the quote comes back as written.
      expect(parsed.entries[0].fields.note.replace(/\s+/g, ' ')).toContain(QUOTE.replace(/\s+/g, ' '));
      expect(text).not.toMatch(/\\u[0-9a-f]{4}|\\'|\\"/);
    }
  });
});

describe("the filing's number", () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const seed = (fields: string) => {
    const dir = seedWithDecision(fields);
    made.push(dir);
    return dir;
  };

  it('is refused when it is not text, empty or longer than 100 characters, naming the field', () => {
    for (const [fields, message] of [
      ['number: 12\n', /number: must be text/],
      ['number: ""\n', /number: must not be empty/],
      [`number: ${'号'.repeat(101)}\n`, /number: must be at most 100 characters/],
      ['number: [a, b]\n', /number: must be text/],
    ] as const) {
      const problems = problemsOf(seed(fields));
      // The refused document's problem, then its consequence: the event citing it cites nothing known.
      expect(problems[0]).toMatch(message);
      expect(problems[0]).toMatch(/test-decision\.yaml number:/);
      expect(problems.slice(1)).toEqual([expect.stringMatching(/test-decision-event\.yaml .*unknown document "test-decision"/)]);
    }
    expect(problemsOf(seed(`number: ${'号'.repeat(100)}\n`))).toEqual([]);
  });
});
