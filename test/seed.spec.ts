import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { loadSeed, SeedValidationError } from '../seed/loader';
import { copySeed, dumpDatabase, editSeedFile, runSeedCli } from './support/seed-fixture';
import { SEED_DIR } from './support/server';
import { databaseEnv, onPostgres, openTestDataSource, tempDatabase, tempDbPath } from './support/database';

/** Loads the curated seed, then tries a broken copy: the load must fail with a precise problem and leave the database as it was. */
describe('the seed loader', () => {
  let ds: DataSource;
  let database: string;

  beforeAll(async () => {
    database = await tempDatabase();
    ds = await openTestDataSource(database);
    await loadSeed(ds, SEED_DIR);
  });
  afterAll(() => ds.destroy());

  it('loads the curated filings, and a re-run changes no row', async () => {
    const before = await dumpDatabase(ds);
    const changes = (await loadSeed(ds, SEED_DIR))!;
    for (const [table, c] of Object.entries(changes)) expect([table, c.inserted + c.updated + c.deleted]).toEqual([table, 0]);
    expect(await dumpDatabase(ds)).toBe(before);
    expect(changes.events).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  });

  it('updates only what a changed filing changes, and deletes what a filing no longer defines', async () => {
    const dir = copySeed();
    editSeedFile(dir, 'filings/events/2023-08-31-csrc-sh-order-to-correct-minghong.yaml', (t) =>
      t.replace('titleEn: CSRC Shanghai Bureau orders Minghong to correct', 'titleEn: CSRC Shanghai Bureau orders Minghong to make corrections'),
    );
    editSeedFile(dir, 'filings/concepts/window-guidance.yaml', () => '# removed\nfiling: authorities\nauthorities: []\n');
    const changes = (await loadSeed(ds, dir))!;
    expect(changes.events).toEqual({ inserted: 0, updated: 1, deleted: 0 });
    expect(changes.concepts).toEqual({ inserted: 0, updated: 0, deleted: 1 });
    expect(changes.citations.deleted).toBe(2); // the concept's two sources: the article and the curators' note on its English
    expect(changes.managers).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    // and back again, so that the other specs see the curated data
    const restored = (await loadSeed(ds, SEED_DIR))!;
    expect(restored.concepts.inserted).toBe(1);
  });

  it('removes a document together with the statement it quotes', async () => {
    const dir = copySeed();
    fs.writeFileSync(
      path.join(dir, 'filings/documents/extra-article.yaml'),
      'filing: announcement\nid: extra-article\nkind: ARTICLE\ntitle: 另一篇文章\nlanguage: zh\nbody: 上交所称，测试段落。\n',
    );
    fs.writeFileSync(
      path.join(dir, 'filings/documents/extra-statement.yaml'),
      'filing: announcement\nid: extra-statement\nkind: AUTHORITY_STATEMENT\nauthority: SSE\nquotedIn: extra-article\ntitle: 表态\nlanguage: zh\nbody: 上交所称，测试段落。\n',
    );
    expect((await loadSeed(ds, dir))!.announcements.inserted).toBe(2);
    fs.rmSync(path.join(dir, 'filings/documents/extra-article.yaml'));
    fs.rmSync(path.join(dir, 'filings/documents/extra-statement.yaml'));
    expect((await loadSeed(ds, dir))!.announcements.deleted).toBe(2);
  });

  async function expectRejected(edit: (dir: string) => void, expected: { file: RegExp; path: string | RegExp; message: RegExp }) {
    const dir = copySeed();
    edit(dir);
    const before = await dumpDatabase(ds);
    const error = await loadSeed(ds, dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SeedValidationError);
    const problems = (error as SeedValidationError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: expect.stringMatching(expected.file),
          path: expected.path instanceof RegExp ? expect.stringMatching(expected.path) : expected.path,
          message: expect.stringMatching(expected.message),
        }),
      ]),
    );
    expect(await dumpDatabase(ds)).toBe(before);
    return problems;
  }

  const EVENT = 'filings/events/2023-08-31-csrc-sh-order-to-correct-minghong.yaml';

  it('rejects a missing field, naming the file and the field', async () => {
    await expectRejected((dir) => editSeedFile(dir, EVENT, (t) => t.replace(/^title: .*\n/m, '')), {
      file: /csrc-sh-order-to-correct/,
      path: 'title',
      message: /is required \(expected string\)/,
    });
  });

  it('rejects a value of the wrong type', async () => {
    await expectRejected(
      (dir) => editSeedFile(dir, 'filings/events/2023-09-amac-filing-suspension-minghong.yaml', (t) => t.replace('durationMonths: 3', 'durationMonths: three')),
      {
        file: /amac-filing-suspension/,
        path: 'durationMonths',
        message: /expected number/,
      },
    );
  });

  it('rejects a date that does not exist', async () => {
    await expectRejected((dir) => editSeedFile(dir, EVENT, (t) => t.replace('date: 2023-08-31', 'date: 2023-02-30')), {
      file: /csrc-sh/,
      path: 'date',
      message: /calendar day/,
    });
  });

  it('rejects an unknown reference', async () => {
    await expectRejected((dir) => editSeedFile(dir, EVENT, (t) => t.replace('managers: [minghong]', 'managers: [minghung]')), {
      file: /csrc-sh/,
      path: 'managers[0]',
      message: /unknown manager "minghung"/,
    });
  });

  it('rejects a duplicate id, naming both files', async () => {
    await expectRejected(
      (dir) =>
        editSeedFile(dir, 'filings/events/2023-09-amac-public-reprimand-minghong.yaml', (t) =>
          t.replace('id: amac-public-reprimand-minghong-2023-09', 'id: amac-filing-suspension-minghong-2023-09'),
        ),
      {
        file: /amac-public-reprimand|amac-filing-suspension/,
        path: 'id',
        message: /duplicate event id "amac-filing-suspension-minghong-2023-09" \(first defined in .*\.yaml\)/,
      },
    );
  });

  it('rejects a quote that is not in its document', async () => {
    await expectRejected(
      (dir) => editSeedFile(dir, EVENT, (t) => t.replace('quote: 2023 年 8 月 31 日，上海证监局', 'quote: 2023 年 8 月 30 日，上海证监局')),
      {
        file: /csrc-sh/,
        path: 'sources[0].quote',
        message: /quote not found in document "article-quant-funds-darkest-hour"/,
      },
    );
  });

  it('rejects a quoted statement whose passage the quoting article does not contain', async () => {
    await expectRejected(
      (dir) => editSeedFile(dir, 'filings/documents/sse-statement-lingjun-abnormal-trading.yaml', (t) => t.replace('合计 11.95 亿元', '合计 12.95 亿元')),
      {
        file: /sse-statement/,
        path: /^body \(passage 1\)$/,
        message: /passage not found in the quoting document/,
      },
    );
  });

  it('rejects a cleaned body that differs from the raw extracted text beyond line breaks', async () => {
    await expectRejected((dir) => editSeedFile(dir, 'documents/article-quant-funds-darkest-hour.zh.txt', (t) => t.replace('2886.59', '2886.95')), {
      file: /article-quant-funds-darkest-hour\.yaml/,
      path: 'bodyFile',
      message: /differs from rawFile beyond line breaks/,
    });
  });

  it('rejects malformed YAML with its line and column', async () => {
    await expectRejected((dir) => editSeedFile(dir, EVENT, (t) => t.replace('managers: [minghong]', 'managers: [minghong')), {
      file: /csrc-sh/,
      path: /^line \d+, column \d+$/,
      message: /YAML syntax/,
    });
  });

  it('rejects figures that contradict each other (a stated change against the levels)', async () => {
    await expectRejected(
      (dir) => editSeedFile(dir, 'filings/market/2024-02-19-opening-minute.yaml', (t) => t.replace('changePercent: -0.64', 'changePercent: -0.46')),
      {
        file: /opening-minute/,
        path: 'windows[0].changePercent',
        message: /disagrees with the levels/,
      },
    );
  });

  it('writes nothing when the database fails half-way through a load', async () => {
    const dir = copySeed();
    editSeedFile(dir, 'filings/concepts/dma.yaml', (t) => t.replace('term: DMA', 'term: DMA 策略'));
    editSeedFile(dir, 'filings/events/2023-08-31-csrc-sh-order-to-correct-minghong.yaml', (t) =>
      t.replace('titleEn: CSRC Shanghai Bureau orders Minghong to correct', 'titleEn: changed'),
    );
    const before = await dumpDatabase(ds);
    // the concept table is written last: make the database refuse it, after events were written
    if (onPostgres) {
      await ds.query(`CREATE FUNCTION refuse_concepts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
      await ds.query('CREATE TRIGGER refuse_concepts BEFORE UPDATE ON concept FOR EACH ROW EXECUTE FUNCTION refuse_concepts()');
    } else {
      await ds.query(`CREATE TRIGGER refuse_concepts BEFORE UPDATE ON concept BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    }
    try {
      await expect(loadSeed(ds, dir)).rejects.toThrow(/refused by the test/);
      expect(await dumpDatabase(ds)).toBe(before);
    } finally {
      await ds.query(onPostgres ? 'DROP TRIGGER refuse_concepts ON concept' : 'DROP TRIGGER refuse_concepts');
      if (onPostgres) await ds.query('DROP FUNCTION refuse_concepts()');
    }
  });

  it('exits non-zero from the command line, printing file, field and reason; --check writes nothing', () => {
    const dir = copySeed();
    editSeedFile(dir, EVENT, (t) => t.replace('managers: [minghong]', 'managers: [minghung]'));
    const bad = runSeedCli(['--dir', dir], databaseEnv(database));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${path.join(dir, 'filings', 'events')}`);
    expect(bad.stderr).toMatch(/csrc-sh-order-to-correct-minghong\.yaml: managers\[0\]: unknown manager "minghung"/);
    // --check opens no database: pointed at one that does not exist, it neither fails nor creates it.
    const freshDb = path.join(path.dirname(tempDbPath()), 'never-created.sqlite');
    const check = runSeedCli(['--check'], { DB_PATH: freshDb, DATABASE_URL: '' });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/valid \(8 documents, 5 managers, 21 events/);
    expect(fs.existsSync(freshDb)).toBe(false);
  });
});
