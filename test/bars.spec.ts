import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { dumpDatabase, runCompiled } from './support/seed-fixture';
import { dataOf, startTestServer, TestServer } from './support/server';
import { databaseEnv } from './support/database';
import { Between } from 'typeorm';
import { BarImportError } from '../src/market/bars-reader';
import { importBarFile } from '../src/market/bars-import';
import { MarketBar } from '../src/market/market-bar.entity';

function runImportCli(args: string[], database: string) {
  return runCompiled(path.join('src', 'cli', 'import-bars.js'), args, databaseEnv(database));
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A synthetic minute-bar file for 2024-02-19, the trading day of the sell-off: 240 bars, 09:30-11:30 and
 * 13:00-15:00. The first three bars are written out so the window [09:30, 09:33) can be computed by hand;
 * the first equals the curated SSE Composite minute.
 */
function minuteBarFile(): string {
  const rows = [
    '2024-02-19 09:30:00,2886.59,2886.59,2866.10,2868.02,1850000000,22528000000',
    '2024-02-19 09:31:00,2868.02,2871.40,2865.00,2870.10,1200000000,15000000000.50',
    '2024-02-19 09:32:00,2870.10,2876.00,2869.50,2875.00,1100000000,12000000000',
  ];
  let level = 2875;
  const minutes = [...Array.from({ length: 117 }, (_, i) => 9 * 60 + 33 + i), ...Array.from({ length: 120 }, (_, i) => 13 * 60 + i)];
  for (const m of minutes) {
    const close = Math.round((level + Math.sin(m) * 1.5) * 100) / 100;
    rows.push(
      `2024-02-19 ${pad(Math.floor(m / 60))}:${pad(m % 60)}:00,${level},${Math.max(level, close) + 0.5},${Math.min(level, close) - 0.5},${close},500000000,6000000000`,
    );
    level = close;
  }
  return `time,open,high,low,close,volume,turnover\n${rows.join('\n')}\n`;
}

function writeTemp(name: string, text: string | Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-bars-')), name);
  fs.writeFileSync(file, text);
  return file;
}

describe('intraday bars', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  it('imports a day of minute bars, idempotently', async () => {
    const file = writeTemp('000001.SH-2024-02-19.csv', minuteBarFile());
    const first = runImportCli([file, '--instrument', '000001.SH'], server.database);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(
      '240 bars of 000001.SH (60 s each, 2024-02-19T09:30:00+08:00 to 2024-02-19T14:59:00+08:00): 240 new, 0 updated, 0 unchanged',
    );
    const before = await dumpDatabase(server.dataSource);
    const again = runImportCli([file, '--instrument', '000001.SH'], server.database);
    expect(again.stdout).toContain('0 new, 0 updated, 240 unchanged');
    expect(await dumpDatabase(server.dataSource)).toBe(before);
  });

  it('updates only the bars whose values changed on a re-import', async () => {
    const text = minuteBarFile().replace(/2024-02-19/g, '2024-02-26');
    expect(runImportCli([writeTemp('a.csv', text), '--instrument', '000001.SH'], server.database).stdout).toContain(': 240 new, 0 updated, 0 unchanged');
    const changed = text.replace('2868.02,2871.40,2865.00,2870.10,1200000000,15000000000.50', '2868.02,2871.40,2865.00,2870.20,1200000001,15000000001.25');
    expect(runImportCli([writeTemp('b.csv', changed), '--instrument', '000001.SH'], server.database).stdout).toContain(': 0 new, 1 updated, 239 unchanged');
    const bar = await server.dataSource.getRepository(MarketBar).findOneByOrFail({ instrumentCode: '000001.SH', time: '2024-02-26T09:31:00+08:00' });
    expect(bar).toMatchObject({ close: 2870.2, volume: 1200000001, turnoverCny: 15000000001.25, intervalSeconds: 60 });
  });

  it('computes a window from the bars that matches the hand-computed figures', async () => {
    const data = dataOf(
      await server.query(`{ marketWindowFromBars(instrumentCode: "000001.SH", start: "2024-02-19T09:30:00+08:00", end: "2024-02-19T09:33:00+08:00") {
        id basis start end startLevel endLevel changePercent turnoverCny durationSeconds instrument { code } episodes { amountCny } } }`),
    );
    expect(data.marketWindowFromBars).toMatchObject({
      basis: 'BARS',
      start: '2024-02-19T09:30:00+08:00',
      end: '2024-02-19T09:33:00+08:00',
      startLevel: 2886.59,
      endLevel: 2875.0,
      changePercent: -0.4, // (2875.00 - 2886.59) / 2886.59 = -0.4015 %
      turnoverCny: 49528000000.5, // 22528000000 + 15000000000.50 + 12000000000
      durationSeconds: 180,
      instrument: { code: '000001.SH' },
      episodes: [{ amountCny: 1195000000 }],
    });
    const node = dataOf(await server.query(`{ node(id: "${data.marketWindowFromBars.id}") { ... on MarketDataWindow { basis turnoverCny } } }`));
    expect(node.node).toEqual({ basis: 'BARS', turnoverCny: 49528000000.5 });
    const lunch = dataOf(
      await server.query(
        '{ marketWindowFromBars(instrumentCode: "000001.SH", start: "2024-02-19T11:00:00+08:00", end: "2024-02-19T13:30:00+08:00") { turnoverCny } }',
      ),
    );
    expect(lunch.marketWindowFromBars.turnoverCny).toBe(60 * 6000000000);
    const uncovered = dataOf(
      await server.query(
        '{ marketWindowFromBars(instrumentCode: "000001.SH", start: "2024-02-19T09:29:00+08:00", end: "2024-02-19T09:31:00+08:00") { turnoverCny } }',
      ),
    );
    expect(uncovered.marketWindowFromBars).toBeNull();
  });

  it('agrees with the curated figures where both cover a window, and says which is which', async () => {
    const data = dataOf(
      await server.query(
        '{ marketWindows(filter: { instrumentCode: "000001.SH" }) { nodes { basis startLevel endLevel changePercent turnoverCny fromBars { basis startLevel endLevel changePercent turnoverCny } } } }',
      ),
    );
    const [curated] = data.marketWindows.nodes;
    expect(curated.basis).toBe('CURATED');
    expect(curated.fromBars.basis).toBe('BARS');
    for (const field of ['startLevel', 'endLevel', 'changePercent', 'turnoverCny']) expect([field, curated.fromBars[field]]).toEqual([field, curated[field]]);
  });

  it('states the basis of a turnover share: bars of the same interval, or a longer curated window', async () => {
    const data = dataOf(
      await server.query(
        '{ manager(slug: "ningbo-lingjun") { tradingEpisodes { exchange { code } shareOfTurnoverPercent shareOfTurnover { percent basis sameInterval episodeSeconds windowSeconds note window { instrument { code } } } } } }',
      ),
    );
    const [sse, szse] = data.manager.tradingEpisodes.sort((a: any, b: any) => a.exchange.code.localeCompare(b.exchange.code));
    expect(sse.shareOfTurnover).toMatchObject({ percent: 5.3, basis: 'BARS', sameInterval: true, episodeSeconds: 60, windowSeconds: 60 });
    expect(szse.shareOfTurnover).toMatchObject({
      percent: 4.22,
      basis: 'CURATED',
      sameInterval: false,
      episodeSeconds: 42,
      windowSeconds: 60,
      window: { instrument: { code: '399001.SZ' } },
    });
    expect(szse.shareOfTurnover.note).toMatch(/13\.72 亿 traded in 42 s .* whole 60 s window 09:30:00–09:31:00 .*share of a longer window/);
    expect(szse.shareOfTurnoverPercent).toBe(4.22);
  });

  it('reads times with an offset, and reports progress for a large file', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => {
      const t = new Date(Date.UTC(2024, 1, 20, 1, 30, 0) + i * 1000).toISOString().replace('.000Z', 'Z');
      return `${t},8900,8901,8899,8900.5,1000,8900000`;
    });
    const file = writeTemp(
      '399001.SZ-seconds.csv',
      `turnover,time,open,high,low,close,volume\n${rows
        .map((r) => {
          const [t, ...rest] = r.split(',');
          return [rest[5], t, ...rest.slice(0, 5)].join(',');
        })
        .join('\n')}\n`,
    );
    const result = runImportCli([file, '--instrument', '399001.SZ'], server.database);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('6000 bars of 399001.SZ (1 s each, 2024-02-20T09:30:00+08:00 to 2024-02-20T11:09:59+08:00)');
    expect(result.stderr).toMatch(/\[#{25}\] 100% 6000\/6000/);
    expect(result.stderr.split('\n').filter((l) => l.includes('%')).length).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['a bad number', (t: string) => t.replace('2868.02,1850000000', 'abc,1850000000'), /:2: close: "abc" is not a decimal number/],
    [
      'a high below the close',
      (t: string) => t.replace('2886.59,2886.59,2866.10', '2886.59,2850.00,2866.10'),
      /:2: high: 2850 is below another price of the bar/,
    ],
    ['a time out of order', (t: string) => t.replace('2024-02-19 09:31:00', '2024-02-19 09:29:00'), /:3: time: .* is not after the previous row's/],
    ['a bad time', (t: string) => t.replace('2024-02-19 09:31:00', '19/02/2024 09:31'), /:3: time: "19\/02\/2024 09:31" is not a time/],
    [
      'a missing column',
      (t: string) => t.replace('time,open,high,low,close,volume,turnover', 'time,open,high,low,close,volume'),
      /:1: \(header\): expected the columns .*missing turnover/,
    ],
    [
      'a repeated column',
      (t: string) => t.replace('time,open,high,low,close,volume,turnover', 'time,open,high,low,close,volume,turnover,open'),
      /:1: \(header\): expected the columns .*repeated open/,
    ],
    ['a day that does not exist', (t: string) => t.replace('2024-02-19 09:31:00', '2024-02-30 09:31:00'), /:3: time: "2024-02-30 09:31:00" is not a time/],
    ['an hour that does not exist', (t: string) => t.replace('2024-02-19 09:31:00', '2024-02-19 24:00:00'), /:3: time: "2024-02-21 24:00:00" is not a time/],
    ['spaces around a time', (t: string) => t.replace('2024-02-19 09:31:00', ' 2024-02-19 09:31:00'), /:3: time: " 2024-02-21 09:31:00" is not a time/],
    [
      'a gap of a fraction of a second',
      (t: string) => t.replace('2024-02-19 09:31:00', '2024-02-19T01:30:00.500Z'),
      /:3: time: is 0.5 s after the previous row; an interval is a whole number of seconds/,
    ],
    ['a row with too many fields', (t: string) => t.replace('2868.02,1850000000', '2868.02,1850000000,1'), /:2: \(row\): has 8 fields; the header has 7/],
    ['an empty file', () => '', /:1: \(header\): the file is empty; expected a header time,open,high,low,close,volume,turnover/],
    ['a header alone', (t: string) => `\ufeff${t.split('\n')[0]}\r\n\r\n`, /:1: \(file\): there are no bars after the header/],
    [
      'a quoted field left open',
      (t: string) => t.replace('2868.02,1850000000', '"2868.02,1850000000'),
      /:2: \(row\): a quoted field is not closed on this line/,
    ],
  ])('rejects %s with its row and column, writing nothing', async (_label, edit, message) => {
    const before = await dumpDatabase(server.dataSource);
    const file = writeTemp('bad.csv', edit(minuteBarFile()).replace(/2024-02-19/g, '2024-02-21'));
    const result = runImportCli([file, '--instrument', '000001.SH'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('nothing was written');
    expect(await dumpDatabase(server.dataSource)).toBe(before);
  });

  it('refuses every number that is not plain decimal, naming the file, line, column and value', async () => {
    const values = ['0x10', '1e3', '1E3', 'Infinity', 'NaN', ' 12', '12 ', '12abc', '', '+12', '.5', '12.', '1_000', '0b11', '１２', '12\t'];
    const before = await dumpDatabase(server.dataSource);
    const rows = minuteBarFile()
      .replace(/2024-02-19/g, '2024-02-22')
      .split('\n');
    values.forEach((value, i) => (rows[i + 1] = rows[i + 1].replace(/^([^,]*,[^,]*,[^,]*,[^,]*),[^,]*/, `$1,${value}`)));
    const file = writeTemp('bad.csv', rows.join('\n'));
    const result = runImportCli([file, '--instrument', '000001.SH'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: ${values.length} problem(s); nothing was written:`);
    values.forEach((value, i) =>
      expect(result.stderr).toContain(
        `${file}:${i + 2}: close: ${JSON.stringify(value)} is not a decimal number (digits with an optional fraction, such as 2886.59)`,
      ),
    );
    expect(await dumpDatabase(server.dataSource)).toBe(before);
  });

  it('refuses a non-decimal volume and turnover, and a negative price, each with its column', () => {
    const file = writeTemp(
      'bad.csv',
      minuteBarFile()
        .replace('2868.02,1850000000,22528000000', '-1,1e3,0x10')
        .replace(/2024-02-19/g, '2024-02-22'),
    );
    const result = runImportCli([file, '--instrument', '000001.SH'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2: close: "-1" is negative`);
    expect(result.stderr).toContain(`${file}:2: volume: "1e3" is not a decimal number`);
    expect(result.stderr).toContain(`${file}:2: turnover: "0x10" is not a decimal number`);
  });

  it('quotes at most 40 characters of a value, and refuses a number too large for its column', () => {
    const file = writeTemp(
      'bad.csv',
      minuteBarFile()
        .replace('2868.02,1850000000,22528000000', `2868.02,${'9'.repeat(1500)},${'x'.repeat(1500)}`)
        .replace(/2024-02-19/g, '2024-02-22'),
    );
    const result = runImportCli([file, '--instrument', '000001.SH'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2: volume: "${'9'.repeat(40)}…" is too large: volume holds at most 22 digits before the point`);
    expect(result.stderr).toContain(`${file}:2: turnover: "${'x'.repeat(40)}…" is not a decimal number`);
    expect(result.stderr.length).toBeLessThan(1000);
  });

  it('refuses a line longer than 4096 bytes without holding it, and goes on to the next', () => {
    const rows = minuteBarFile()
      .replace(/2024-02-19/g, '2024-02-22')
      .split('\n');
    rows.splice(4, 0, '1'.repeat(20_000_000));
    rows[10] = rows[10].replace(/^[^,]*/, 'soon');
    const file = writeTemp('long.csv', rows.join('\n'));
    const result = runImportCli([file, '--instrument', '000001.SH'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: 2 problem(s); nothing was written`);
    expect(result.stderr).toContain(`${file}:5: (row): is 20000000 bytes long; a line may have at most 4096`);
    expect(result.stderr).toContain(`${file}:11: time: "soon" is not a time`);
    expect(result.stderr.length).toBeLessThan(1000);
  });

  it('refuses a binary file at its first line, and stops reading at a NUL byte', () => {
    const gzip = writeTemp('bars.csv.gz', zlib.gzipSync(minuteBarFile()));
    const compressed = runImportCli([gzip, '--instrument', '000001.SH'], server.database);
    expect(compressed.code).toBe(2);
    expect(compressed.stderr).toMatch(
      new RegExp(`${gzip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: \\(header\\): (holds the control character U\\+001F|is not UTF-8 text)`),
    );
    const rows = minuteBarFile()
      .replace(/2024-02-19/g, '2024-02-22')
      .split('\n');
    rows[2] = `${rows[2].slice(0, 10)}\0\0\0${rows[2].slice(10)}`;
    rows[5] = 'not a row at all';
    const nul = writeTemp('nul.csv', rows.join('\n'));
    const result = runImportCli([nul, '--instrument', '000001.SH'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${nul}: 1 problem(s); nothing was written:\n  ${nul}:3: (row): holds a NUL byte at character 11: this is a binary file, not CSV text; reading stopped here`,
    );
  });

  it('reads a BOM, CRLF and lone CR line ends and quoted fields as it reads plain LF', () => {
    const text = minuteBarFile().replace(/2024-02-19/g, '2024-02-23');
    const quoted = text.replace('2024-02-23 09:31:00,2868.02,2871.40', '"2024-02-23 09:31:00","2868.02",2871.40');
    const first = runImportCli([writeTemp('crlf.csv', `\ufeff${quoted.replace(/\n/g, '\r\n')}`), '--instrument', '000001.SH'], server.database);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(
      '240 bars of 000001.SH (60 s each, 2024-02-23T09:30:00+08:00 to 2024-02-23T14:59:00+08:00): 240 new, 0 updated, 0 unchanged',
    );
    for (const variant of [text, `\ufeff${text.replace(/\n/g, '\r')}`, text.replace(/\n/g, '\r\n').slice(0, -2)]) {
      expect(runImportCli([writeTemp('same.csv', variant), '--instrument', '000001.SH'], server.database).stdout).toContain(
        '240 bars of 000001.SH (60 s each, 2024-02-23T09:30:00+08:00 to 2024-02-23T14:59:00+08:00): 0 new, 0 updated, 240 unchanged',
      );
    }
  });

  it('refuses what is not a regular file, and an --interval that is not decimal', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-bars-'));
    const directory = runImportCli([dir, '--instrument', '000001.SH'], server.database);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain(`${dir}: (file): is not a regular file`);
    const hex = runImportCli([writeTemp('x.csv', minuteBarFile()), '--instrument', '000001.SH', '--interval', '0x3c'], server.database);
    expect(hex.code).toBe(64);
    expect(hex.stderr).toContain('--interval must be a whole number of seconds in decimal digits; got "0x3c"');
  });

  it('rejects an unknown instrument', () => {
    const result = runImportCli([writeTemp('x.csv', minuteBarFile()), '--instrument', '600000.SH'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown instrument "600000.SH"');
  });
});

/**
 * A valid file of `rows` one-second bars of 399001.SZ from 2023-03-01 09:30:00 (Asia/Shanghai), every
 * row the same width, so that a line's byte offset can be computed and the line rewritten in place.
 */
function secondBarFile(rows: number): { file: string; offsetOfLine: (line: number) => number } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-bars-')), 'seconds.csv');
  const header = 'time,open,high,low,close,volume,turnover\n';
  const start = Date.UTC(2023, 2, 1, 9, 30, 0);
  const row = (i: number) => `${new Date(start + i * 1000).toISOString().slice(0, 19).replace('T', ' ')},8900,8901.5,8899,8900.5,1000,8900000.25\n`;
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, header);
  for (let i = 0; i < rows; i += 10_000) fs.writeSync(out, Array.from({ length: Math.min(10_000, rows - i) }, (_, j) => row(i + j)).join(''));
  fs.closeSync(out);
  return { file, offsetOfLine: (line) => header.length + (line - 2) * row(0).length };
}

/** Rewrites the open of a line of a secondBarFile as hex, in place (same length: 8900 -> 0x10). */
function writeHexOpen(file: string, offset: number): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, '0x10', offset + '2023-03-01 09:30:00,'.length);
  fs.closeSync(fd);
}

describe('bar files of any size', () => {
  let server: TestServer;
  let bars: ReturnType<typeof secondBarFile>;
  const copyOf = (file: string) => {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-bars-')), path.basename(file));
    fs.copyFileSync(file, copy);
    return copy;
  };
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    bars = secondBarFile(500_000);
  });
  afterAll(() => server.stop());

  it('refuses a bad row at line 400,000 with its place, leaving the database as it was', async () => {
    const before = await dumpDatabase(server.dataSource);
    const file = copyOf(bars.file);
    writeHexOpen(file, bars.offsetOfLine(400_000));
    const result = runImportCli([file, '--instrument', '399001.SZ'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${file}: 1 problem(s); nothing was written:\n  ${file}:400000: open: "0x10" is not a decimal number (digits with an optional fraction, such as 2886.59)\n`,
    );
    expect(await dumpDatabase(server.dataSource)).toBe(before);
  }, 120_000);

  it('rolls back the batches already written when the file turns bad at line 400,000 while it is written', async () => {
    const before = await dumpDatabase(server.dataSource);
    const file = copyOf(bars.file);
    let written = 0;
    const onProgress = (done: number) => {
      // The second reading has passed line 500 and is far from line 400,000: the file changes under it.
      if (written === 0) writeHexOpen(file, bars.offsetOfLine(400_000));
      written = done;
    };
    const failure = await importBarFile(server.dataSource, file, { instrumentCode: '399001.SZ', onProgress }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BarImportError);
    expect((failure as Error).message).toBe(
      `${file}: 2 problem(s); nothing was written:\n  ${file}: (file): changed while it was being imported; import it again\n  ${file}:400000: open: "0x10" is not a decimal number (digits with an optional fraction, such as 2886.59)`,
    );
    expect(written).toBeGreaterThanOrEqual(399_000);
    expect(await dumpDatabase(server.dataSource)).toBe(before);
  }, 120_000);

  it('imports 500,000 rows through the command line, streaming', async () => {
    const result = runImportCli([bars.file, '--instrument', '399001.SZ'], server.database);
    expect(result.stderr.split('\n').filter((l) => l.includes('%')).length).toBeGreaterThanOrEqual(5);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(
      '500000 bars of 399001.SZ (1 s each, 2023-03-01T09:30:00+08:00 to 2023-03-07T04:23:19+08:00): 500000 new, 0 updated, 0 unchanged',
    );
    expect(await server.dataSource.getRepository(MarketBar).countBy({ instrumentCode: '399001.SZ', time: Between('2023-03-01', '2023-03-08') })).toBe(500_000);
    const hour = dataOf(
      await server.query(
        '{ marketWindowFromBars(instrumentCode: "399001.SZ", start: "2023-03-07T03:23:20+08:00", end: "2023-03-07T04:23:20+08:00") { startLevel endLevel turnoverCny } }',
      ),
    );
    expect(hour.marketWindowFromBars).toEqual({ startLevel: 8900, endLevel: 8900.5, turnoverCny: 3600 * 8900000.25 });
    // A window over all 500,000 bars is summed by the database; its chart is refused, not drawn.
    const all = dataOf(
      await server.query(
        '{ marketWindowFromBars(instrumentCode: "399001.SZ", start: "2023-03-01T09:30:00+08:00", end: "2023-03-07T04:23:20+08:00") { id turnoverCny } }',
      ),
    );
    expect(all.marketWindowFromBars.turnoverCny).toBe(500_000 * 8900000.25);
    const chart = await fetch(`${server.url}/charts/window/${all.marketWindowFromBars.id}.svg`);
    expect(chart.status).toBe(400);
    expect(((await chart.json()) as any).errors[0]).toMatchObject({
      message: expect.stringContaining('more than 5000 bars'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }, 180_000);
});
