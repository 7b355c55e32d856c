import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dumpDatabase, runCompiled } from './support/seed-fixture';
import { dataOf, startTestServer, TestServer } from './support/server';
import { databaseEnv } from './support/database';

function importBars(args: string[], database: string) {
  return runCompiled(path.join('src', 'market', 'bars-cli.js'), args, databaseEnv(database));
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
    rows.push(`2024-02-19 ${pad(Math.floor(m / 60))}:${pad(m % 60)}:00,${level},${Math.max(level, close) + 0.5},${Math.min(level, close) - 0.5},${close},500000000,6000000000`);
    level = close;
  }
  return `time,open,high,low,close,volume,turnover\n${rows.join('\n')}\n`;
}

function writeTemp(name: string, text: string): string {
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
    const first = importBars([file, '--instrument', '000001.SH'], server.database);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain('240 bars of 000001.SH (60 s each, 2024-02-19T09:30:00+08:00 to 2024-02-19T14:59:00+08:00): 240 new, 0 updated, 0 unchanged');
    const before = await dumpDatabase(server.dataSource);
    const again = importBars([file, '--instrument', '000001.SH'], server.database);
    expect(again.stdout).toContain('0 new, 0 updated, 240 unchanged');
    expect(await dumpDatabase(server.dataSource)).toBe(before);
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
    const lunch = dataOf(await server.query('{ marketWindowFromBars(instrumentCode: "000001.SH", start: "2024-02-19T11:00:00+08:00", end: "2024-02-19T13:30:00+08:00") { turnoverCny } }'));
    expect(lunch.marketWindowFromBars.turnoverCny).toBe(60 * 6000000000);
    const uncovered = dataOf(await server.query('{ marketWindowFromBars(instrumentCode: "000001.SH", start: "2024-02-19T09:29:00+08:00", end: "2024-02-19T09:31:00+08:00") { turnoverCny } }'));
    expect(uncovered.marketWindowFromBars).toBeNull();
  });

  it('agrees with the curated figures where both cover a window, and says which is which', async () => {
    const data = dataOf(await server.query('{ marketWindows(filter: { instrumentCode: "000001.SH" }) { nodes { basis startLevel endLevel changePercent turnoverCny fromBars { basis startLevel endLevel changePercent turnoverCny } } } }'));
    const [curated] = data.marketWindows.nodes;
    expect(curated.basis).toBe('CURATED');
    expect(curated.fromBars.basis).toBe('BARS');
    for (const field of ['startLevel', 'endLevel', 'changePercent', 'turnoverCny']) expect([field, curated.fromBars[field]]).toEqual([field, curated[field]]);
  });

  it('states the basis of a turnover share: bars of the same interval, or a longer curated window', async () => {
    const data = dataOf(await server.query('{ manager(slug: "ningbo-lingjun") { tradingEpisodes { exchange { code } shareOfTurnoverPercent shareOfTurnover { percent basis sameInterval episodeSeconds windowSeconds note window { instrument { code } } } } } }'));
    const [sse, szse] = data.manager.tradingEpisodes.sort((a: any, b: any) => a.exchange.code.localeCompare(b.exchange.code));
    expect(sse.shareOfTurnover).toMatchObject({ percent: 5.3, basis: 'BARS', sameInterval: true, episodeSeconds: 60, windowSeconds: 60 });
    expect(szse.shareOfTurnover).toMatchObject({ percent: 4.22, basis: 'CURATED', sameInterval: false, episodeSeconds: 42, windowSeconds: 60, window: { instrument: { code: '399001.SZ' } } });
    expect(szse.shareOfTurnover.note).toMatch(/13\.72 亿 traded in 42 s .* whole 60 s window 09:30:00–09:31:00 .*share of a longer window/);
    expect(szse.shareOfTurnoverPercent).toBe(4.22);
  });

  it('reads times with an offset, and reports progress for a large file', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => {
      const t = new Date(Date.UTC(2024, 1, 20, 1, 30, 0) + i * 1000).toISOString().replace('.000Z', 'Z');
      return `${t},8900,8901,8899,8900.5,1000,8900000`;
    });
    const file = writeTemp('399001.SZ-seconds.csv', `turnover,time,open,high,low,close,volume\n${rows.map((r) => { const [t, ...rest] = r.split(','); return [rest[5], t, ...rest.slice(0, 5)].join(','); }).join('\n')}\n`);
    const result = importBars([file, '--instrument', '399001.SZ'], server.database);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('6000 bars of 399001.SZ (1 s each, 2024-02-20T09:30:00+08:00 to 2024-02-20T11:09:59+08:00)');
    expect(result.stderr).toMatch(/\[#{25}\] 100% 6000\/6000/);
    expect(result.stderr.split('\n').filter((l) => l.includes('%')).length).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['a bad number', (t: string) => t.replace('2868.02,1850000000', 'abc,1850000000'), /:2: close: "abc" is not a number/],
    ['a high below the close', (t: string) => t.replace('2886.59,2886.59,2866.10', '2886.59,2850.00,2866.10'), /:2: high: 2850 is below another price of the bar/],
    ['a time out of order', (t: string) => t.replace('2024-02-19 09:31:00', '2024-02-19 09:29:00'), /:3: time: .* is not after the previous row's/],
    ['a bad time', (t: string) => t.replace('2024-02-19 09:31:00', '19/02/2024 09:31'), /:3: time: "19\/02\/2024 09:31" is not a time/],
    ['a missing column', (t: string) => t.replace('time,open,high,low,close,volume,turnover', 'time,open,high,low,close,volume'), /:1: \(header\): expected the columns .*missing turnover/],
  ])('rejects %s with its row and column, writing nothing', async (_label, edit, message) => {
    const before = await dumpDatabase(server.dataSource);
    const file = writeTemp('bad.csv', edit(minuteBarFile()).replace(/2024-02-19/g, '2024-02-21'));
    const result = importBars([file, '--instrument', '000001.SH'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('nothing was written');
    expect(await dumpDatabase(server.dataSource)).toBe(before);
  });

  it('rejects an unknown instrument', () => {
    const result = importBars([writeTemp('x.csv', minuteBarFile()), '--instrument', '600000.SH'], server.database);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown instrument "600000.SH"');
  });
});
