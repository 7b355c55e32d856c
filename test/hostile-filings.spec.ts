import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { DEFAULT_SEED_LIMITS, loadSeed, prepareSeed, SeedProblem, SeedValidationError } from '../seed/loader';
import { databaseEnv, openTestDataSource, tempDatabase } from './support/database';
import { copySeed, dumpDatabase, editSeedFile, runSeedCli } from './support/seed-fixture';
import { SEED_DIR } from './support/server';

/**
 * Curated filings written to attack the loader: paths that lead out of the seed, files that are not
 * files, sizes past the limits, characters the API would refuse, YAML that expands without end.
 * Each must be refused with its file, field and reason, never quoting a file outside the seed (a
 * sentinel stands for /etc/passwd), and leave the database as it was.
 */
const SECRET = `sentinel-${randomBytes(8).toString('hex')}`;
const MB2 = 2 * 1024 * 1024;
const HOSTILE = 'filings/documents/hostile.yaml';
const HEAD = 'filing: announcement\nid: hostile-document\nkind: ARTICLE\ntitle: 测试文件\nlanguage: zh\n';

describe('hostile filings', () => {
  let ds: DataSource;
  let database: string;
  let outside: string;
  let secretFile: string;
  let loaded: string;
  const made: string[] = [];
  /** A copy of the curated seed, removed when the spec ends (some hold files of megabytes). */
  const seedCopy = () => {
    const dir = copySeed();
    made.push(dir);
    return dir;
  };

  beforeAll(async () => {
    database = await tempDatabase();
    ds = await openTestDataSource(database);
    await loadSeed(ds, SEED_DIR);
    loaded = await dumpDatabase(ds);
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-outside-'));
    secretFile = path.join(outside, 'secret.txt');
    // A valid body: loaded, it would be served and searchable.
    fs.writeFileSync(secretFile, `上交所称，${SECRET}。\n`);
  });
  afterAll(async () => {
    await ds.destroy();
    for (const dir of [...made, outside]) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the seed with one more document filing (HEAD plus `fields`) and `prepare` run on the copy. */
  function hostileSeed(fields: string, prepare: (dir: string) => void = () => {}): string {
    const dir = seedCopy();
    fs.writeFileSync(path.join(dir, HOSTILE), HEAD + fields);
    prepare(dir);
    return dir;
  }

  const documentIn = (dir: string, name: string) => path.join(dir, 'documents', name);
  const towardSecret = (dir: string) => path.relative(path.join(dir, 'documents'), secretFile);

  /** The problems of a refused load; the same problems from what --check runs; the database as the curated seed left it. */
  async function expectRefused(dir: string, expected: { file?: RegExp; path: string; message: RegExp }): Promise<SeedProblem[]> {
    const error = await loadSeed(ds, dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SeedValidationError);
    const refused = error as SeedValidationError;
    expect(refused.problems).toEqual([
      { file: expect.stringMatching(expected.file ?? /hostile\.yaml$/), path: expected.path, message: expect.stringMatching(expected.message) },
    ]);
    expect(refused.message).not.toContain(SECRET);
    expect(JSON.stringify(refused.problems)).not.toContain(SECRET);
    let checked: unknown = null;
    try {
      prepareSeed(dir);
    } catch (e) {
      checked = e;
    }
    expect((checked as SeedValidationError).problems).toEqual(refused.problems);
    expect(await dumpDatabase(ds)).toBe(loaded);
    return refused.problems;
  }

  describe('paths', () => {
    it('refuses ../ in bodyFile without looking outside the seed', async () => {
      const dir = hostileSeed('');
      fs.appendFileSync(path.join(dir, HOSTILE), `bodyFile: ${towardSecret(dir)}\n`);
      await expectRefused(dir, { path: 'bodyFile', message: /^documents\/(\.\.\/)+.*secret\.txt leads outside the seed directory$/ });
    });

    it('refuses ../ in rawFile before comparing it with the body, quoting neither', async () => {
      const dir = hostileSeed('bodyFile: inside.txt\n', (d) => fs.writeFileSync(documentIn(d, 'inside.txt'), '上交所称，测试段落。\n'));
      fs.appendFileSync(path.join(dir, HOSTILE), `rawFile: ${towardSecret(dir)}\n`);
      await expectRefused(dir, { path: 'rawFile', message: /leads outside the seed directory$/ });
    });

    it('refuses an absolute path', async () => {
      const dir = hostileSeed('');
      fs.appendFileSync(path.join(dir, HOSTILE), `bodyFile: ${secretFile}\n`);
      await expectRefused(dir, { path: 'bodyFile', message: /secret\.txt is an absolute path: name a file inside documents\/$/ });
    });

    it('refuses a symbolic link in documents/ that points outside the seed', async () => {
      const dir = hostileSeed('bodyFile: link.txt\n', (d) => fs.symlinkSync(secretFile, documentIn(d, 'link.txt')));
      await expectRefused(dir, { path: 'bodyFile', message: /^documents\/link\.txt leads outside the seed directory through a symbolic link$/ });
    });

    it('refuses a file reached through a symbolic link to a directory outside the seed, and the link itself', async () => {
      const through = hostileSeed('bodyFile: elsewhere/secret.txt\n', (d) => fs.symlinkSync(outside, documentIn(d, 'elsewhere')));
      await expectRefused(through, {
        path: 'bodyFile',
        message: /^documents\/elsewhere\/secret\.txt leads outside the seed directory through a symbolic link$/,
      });
      const link = hostileSeed('bodyFile: elsewhere\n', (d) => fs.symlinkSync(outside, documentIn(d, 'elsewhere')));
      await expectRefused(link, { path: 'bodyFile', message: /^documents\/elsewhere leads outside the seed directory through a symbolic link$/ });
    });

    it('refuses a directory, whether named or reached through a symbolic link inside the seed', async () => {
      const named = hostileSeed('bodyFile: folder\n', (d) => fs.mkdirSync(documentIn(d, 'folder')));
      await expectRefused(named, { path: 'bodyFile', message: /^documents\/folder is a directory, not a regular file$/ });
      const linked = hostileSeed('bodyFile: filings-link\n', (d) => fs.symlinkSync(path.join(d, 'filings'), documentIn(d, 'filings-link')));
      await expectRefused(linked, { path: 'bodyFile', message: /^documents\/filings-link is a directory, not a regular file$/ });
    });

    it('refuses a named pipe without opening it', async () => {
      const dir = hostileSeed('bodyFile: pipe.txt\n', (d) => execFileSync('mkfifo', [documentIn(d, 'pipe.txt')]));
      // Should the loader open the pipe, this writer lets it go on after 2 s (and the time check fails) instead of hanging the run.
      const writer = spawn(
        process.execPath,
        ['-e', `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(documentIn(dir, 'pipe.txt'))}, 'x'), 2000)`],
        { stdio: 'ignore' },
      );
      try {
        const started = Date.now();
        await expectRefused(dir, { path: 'bodyFile', message: /^documents\/pipe\.txt is a named pipe, not a regular file$/ });
        expect(Date.now() - started).toBeLessThan(1500);
      } finally {
        writer.kill('SIGKILL');
      }
    }, 10_000);

    it('refuses a filing that is a symbolic link to a file outside the seed', async () => {
      const foreign = path.join(outside, 'foreign.yaml');
      fs.writeFileSync(foreign, `${HEAD.replace('hostile-document', 'foreign-document')}body: ${SECRET}\n`);
      const dir = seedCopy();
      fs.symlinkSync(foreign, path.join(dir, 'filings/documents/linked.yaml'));
      await expectRefused(dir, {
        file: /linked\.yaml$/,
        path: '',
        message: /^filings\/documents\/linked\.yaml leads outside the seed directory through a symbolic link$/,
      });
    });
  });

  describe('sizes', () => {
    it(`refuses a document file of ${MB2 + 1} bytes from its size alone`, async () => {
      const dir = hostileSeed('bodyFile: big.txt\n', (d) => fs.writeFileSync(documentIn(d, 'big.txt'), 'a'.repeat(MB2 + 1)));
      await expectRefused(dir, { path: 'bodyFile', message: new RegExp(`^documents/big\\.txt is ${MB2 + 1} bytes, over the document limit of ${MB2} bytes$`) });
    });

    it('refuses an inline body over the document limit', async () => {
      // 1,024 passages of 2,046 bytes and their blank lines, then one byte more.
      const dir = hostileSeed(`body: |\n${Array.from({ length: 1024 }, () => `  ${'a'.repeat(2046)}\n\n`).join('')}  b\n`);
      await expectRefused(dir, { path: 'body', message: new RegExp(`^the body is ${MB2 + 1} bytes, over the document limit of ${MB2} bytes$`) });
    });

    it('refuses a passage over the passage limit, naming the passage', async () => {
      const limit = DEFAULT_SEED_LIMITS.passageBytes;
      const dir = hostileSeed('bodyFile: long.txt\n', (d) =>
        fs.writeFileSync(documentIn(d, 'long.txt'), `第一段。\n\n${'长'.repeat(Math.floor(limit / 3))}。\n`),
      );
      const bytes = 3 * Math.floor(limit / 3) + 3;
      expect(bytes).toBeGreaterThan(limit);
      await expectRefused(dir, {
        path: 'bodyFile (passage 2)',
        message: new RegExp(`^passage 2 of documents/long\\.txt is ${bytes} bytes, over the passage limit of ${limit} bytes$`),
      });
    });

    it('refuses a filing file over the filing limit', async () => {
      const limit = DEFAULT_SEED_LIMITS.filingBytes;
      const dir = hostileSeed('body: 上交所称，测试段落。\n', (d) => {
        const file = path.join(d, HOSTILE);
        fs.appendFileSync(file, `#${'x'.repeat(limit + 1 - fs.statSync(file).size - 2)}\n`);
      });
      expect(fs.statSync(path.join(dir, HOSTILE)).size).toBe(limit + 1);
      await expectRefused(dir, {
        path: '',
        message: new RegExp(`^filings/documents/hostile\\.yaml is ${limit + 1} bytes, over the filing limit of ${limit} bytes$`),
      });
    });

    it('refuses a YAML alias bomb, naming the file', async () => {
      const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
      for (let i = 1; i < 9; i += 1)
        levels.push(
          `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
            .fill(`*${'abcdefghi'[i - 1]}`)
            .join(', ')}]`,
        );
      const dir = seedCopy();
      fs.writeFileSync(path.join(dir, 'filings/documents/laughs.yaml'), `${levels.join('\n')}\n`);
      await expectRefused(dir, { file: /laughs\.yaml$/, path: '', message: /^YAML aliases expand past the limit of 100 \(an alias bomb\): refused$/ });
    });

    it('tells an alias that names no anchor from an alias bomb', async () => {
      const dir = seedCopy();
      fs.writeFileSync(path.join(dir, 'filings/documents/dangling.yaml'), 'filing: announcement\nid: *nowhere\n');
      await expectRefused(dir, { file: /dangling\.yaml$/, path: '', message: /^YAML alias \*nowhere names no anchor set before it \(&nowhere\)$/ });
    });
  });

  describe('characters', () => {
    const ESCAPED: [string, string, string, RegExp][] = [
      ['NUL', '\\0', 'U+0000', /a control character/],
      ['ESC', '\\e', 'U+001B', /a control character/],
      ['a right-to-left override', '\\u202E', 'U+202E', /a bidirectional override or isolate/],
      ['a lone surrogate', '\\ud800', 'U+D800', /a lone surrogate/],
      ['a carriage return', '\\r', 'U+000D', /a control character/],
    ];

    it.each(ESCAPED)('refuses %s written as a YAML escape in a text field, with its offset', async (_name, escape, codePoint, kind) => {
      const dir = hostileSeed('body: 上交所称，测试段落。\n');
      editSeedFile(dir, HOSTILE, (t) => t.replace('title: 测试文件', `title: "测试${escape}文件"`));
      const [problem] = await expectRefused(dir, {
        path: 'title',
        message: new RegExp(`^the text holds ${codePoint.replace('+', '\\+')} \\(.*\\) at offset 2$`),
      });
      expect(problem.message).toMatch(kind);
    });

    it('refuses a forbidden character in any string, whatever its schema, and in a nested field', async () => {
      await expectRefused(hostileSeed('body: 上交所称，测试段落。\nurl: "https://example.com/\\u202e"\n'), { path: 'url', message: /^the text holds U\+202E/ });
      const dir = seedCopy();
      editSeedFile(dir, 'filings/concepts/dma.yaml', (t) =>
        t.replace('aliases: [Direct Market Access, DMA 策略, DMA 产品]', 'aliases: [Direct Market Access, "DMA\\e[2J", DMA 产品]'),
      );
      await expectRefused(dir, { file: /dma\.yaml$/, path: 'aliases[1]', message: /^the text holds U\+001B \(a control character\) at offset 3$/ });
    });

    it.each([
      ['NUL', '\u0000', 'U+0000'],
      ['ESC', '\u001b', 'U+001B'],
      ['a right-to-left override', '\u202e', 'U+202E'],
    ])('refuses %s written as such in the YAML text, with line and column', async (_name, character, codePoint) => {
      const dir = hostileSeed(`body: 上交所称，测试${character}段落。\n`);
      await expectRefused(dir, {
        path: '',
        message: new RegExp(`^filings/documents/hostile\\.yaml holds ${codePoint.replace('+', '\\+')} \\(.*\\) at line 6, column 14$`),
      });
    });

    it.each([
      ['NUL', '\u0000', 'U+0000'],
      ['ESC', '\u001b', 'U+001B'],
      ['a right-to-left override', '\u202e', 'U+202E'],
      ['a carriage return alone', '\r', 'U+000D'],
    ])('refuses %s in a body file, with line and column', async (_name, character, codePoint) => {
      const dir = hostileSeed('bodyFile: marked.txt\n', (d) => fs.writeFileSync(documentIn(d, 'marked.txt'), `第一段。\n\n上交所${character}称。\n`));
      await expectRefused(dir, {
        path: 'bodyFile',
        message: new RegExp(`^documents/marked\\.txt holds ${codePoint.replace('+', '\\+')} \\(.*\\) at line 3, column 4$`),
      });
    });

    it('refuses a body file that is not UTF-8 (a surrogate encoded on its own)', async () => {
      const dir = hostileSeed('bodyFile: surrogate.txt\n', (d) =>
        fs.writeFileSync(documentIn(d, 'surrogate.txt'), Buffer.concat([Buffer.from('上交所称'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('。\n')])),
      );
      await expectRefused(dir, { path: 'bodyFile', message: /^documents\/surrogate\.txt is not valid UTF-8$/ });
    });

    it('turns CRLF line ends of a body file into LF', () => {
      const dir = hostileSeed('bodyFile: crlf.txt\n', (d) => fs.writeFileSync(documentIn(d, 'crlf.txt'), '上交所称，第一段。\r\n\r\n第二段。\r\n'));
      const document = prepareSeed(dir).announcements.find((a) => a.key === 'hostile-document')!;
      expect(document.body).toBe('上交所称，第一段。\n\n第二段。');
    });

    it('prints no forbidden character in any message: a key written with ESC is shown escaped', async () => {
      const dir = hostileSeed('body: 上交所称，测试段落。\n"\\e[31mred": x\n');
      const error = await loadSeed(ds, dir).then(
        () => null,
        (e: unknown) => e as SeedValidationError,
      );
      expect(error).toBeInstanceOf(SeedValidationError);
      expect(error!.message).not.toMatch(/\u001b/);
      expect(error!.problems).toEqual(
        expect.arrayContaining([
          { file: expect.stringMatching(/hostile\.yaml$/), path: '\\u{001B}[31mred', message: 'the key holds U+001B (a control character) at offset 0' },
        ]),
      );
    });
  });

  describe('the curated seed', () => {
    // One announcement per document filing.
    const DOCUMENTS = fs.readdirSync(path.join(SEED_DIR, 'filings', 'documents')).filter((f) => f.endsWith('.yaml')).length;

    it('passes every check: no forbidden character, no file or passage over a limit', () => {
      expect(prepareSeed(SEED_DIR).announcements).toHaveLength(DOCUMENTS);
      expect(DOCUMENTS).toBeGreaterThanOrEqual(8);
    });

    it('is held to the limits it is given: a lower passage limit refuses its longest passage (717 bytes)', () => {
      expect(() => prepareSeed(SEED_DIR, { passageBytes: 716 })).toThrow(
        /article-quant-funds-darkest-hour\.yaml: bodyFile \(passage \d+\): passage \d+ of documents\/article-quant-funds-darkest-hour\.zh\.txt is 717 bytes, over the passage limit of 716 bytes/,
      );
      expect(prepareSeed(SEED_DIR, { passageBytes: 717 }).announcements).toHaveLength(DOCUMENTS);
    });
  });

  it('--check reports the refusal from the command line, with file, field and reason, quoting nothing outside the seed', () => {
    const dir = hostileSeed('');
    fs.appendFileSync(path.join(dir, HOSTILE), `bodyFile: ${towardSecret(dir)}\n`);
    const check = runSeedCli(['--check', '--dir', dir], databaseEnv(database));
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/hostile\.yaml: bodyFile: documents\/(\.\.\/)+.*secret\.txt leads outside the seed directory/);
    expect(check.stdout + check.stderr).not.toContain(SECRET);
  });

  it('takes the document and passage limits from SEED_MAX_DOCUMENT_BYTES and SEED_MAX_PASSAGE_BYTES', () => {
    const dir = hostileSeed('body: 一段测试文字。\n');
    const passes = runSeedCli(['--check', '--dir', dir], databaseEnv(database));
    expect(passes.code).toBe(0);
    const documents = runSeedCli(['--check', '--dir', dir], { ...databaseEnv(database), SEED_MAX_DOCUMENT_BYTES: '1000' });
    expect(documents.code).toBe(2);
    expect(documents.stderr).toMatch(/is 12474 bytes, over the document limit of 1000 bytes/);
    const passages = runSeedCli(['--check', '--dir', dir], { ...databaseEnv(database), SEED_MAX_PASSAGE_BYTES: '600' });
    expect(passages.code).toBe(2);
    expect(passages.stderr).toMatch(/passage.*over the passage limit of 600 bytes|over the passage limit of 600 bytes/);
  });
});
