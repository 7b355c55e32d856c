import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseCsv } from '../src/core/csv';
import { startTestServer, TestServer } from './support/server';

const run = promisify(execFile);

/** LibreOffice's CSV export: comma, double quote, UTF-8 (76), from line 1; "as shown" or raw values; every sheet (-1, one file each) or the first. */
const csvOut = (asShown: boolean, everySheet = false) =>
  `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,${asShown},false,false${everySheet ? ',-1' : ''}`;

function libreoffice(): string {
  try {
    return execFileSync('which', ['libreoffice'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('libreoffice is not installed: apt-get install -y libreoffice-calc (.ci/run does this)');
  }
}

/**
 * The exports as a reader's spreadsheet program opens them: downloaded over HTTP from the real server
 * with the curated seed, converted by LibreOffice headless, and what it read checked against the
 * API. Each conversion has a profile directory of its own, so that runs in parallel do not lock each
 * other out, and a generous timeout: a first start with a fresh profile takes seconds.
 */
describe('the exports opened in LibreOffice', () => {
  jest.setTimeout(300_000);
  const binary = libreoffice();
  let server: TestServer;
  let dir: string;
  let api: any;

  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-lo-'));
    for (const name of ['events.xlsx', 'events.csv'])
      fs.writeFileSync(path.join(dir, name), Buffer.from(await (await fetch(`${server.url}/export/${name}`)).arrayBuffer()));
    api = await (await fetch(`${server.url}/export/events.json`)).json();
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let conversions = 0;
  /** Converts `file` to `target` into a directory of its own; `infilter` undefined is LibreOffice's default import. */
  async function convert(file: string, target: string, options: { infilter?: string; lang?: string } = {}): Promise<string> {
    conversions += 1;
    const out = path.join(dir, `out-${conversions}`);
    const profile = path.join(dir, `profile-${conversions}`);
    const args = ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', target, '--outdir', out];
    if (options.infilter !== undefined) args.push(`--infilter=${options.infilter}`);
    args.push(path.join(dir, file));
    const env = { ...process.env, LANG: options.lang ?? 'C.UTF-8', LC_ALL: '' };
    await run(binary, args, { env, timeout: 240_000 });
    return out;
  }

  const sse = () => api.events.find((e: any) => e.type === 'TRADING_SUSPENSION' && e.authority.code === 'SSE');

  it('reads the XLSX with typed cells: dates as dates, times in +08:00, amounts as numbers, percentages as percentages', async () => {
    const out = await convert('events.xlsx', 'fods');
    const fods = fs.readFileSync(path.join(out, 'events.fods'), 'utf8');
    const cells = (type: string) => [...fods.matchAll(new RegExp(`office:value-type="${type}" office:(?:date-)?value="([^"]+)"`, 'g'))].map((m) => m[1]);
    const dates = cells('date');
    for (const event of api.events) expect(dates).toContain(event.date);
    // The wall clock in Shanghai, as the data gives it: 2024-02-19T09:30:00+08:00 is 09:30.
    expect(dates).toContain(sse().tradingEpisodes[0].start.replace('+08:00', ''));
    expect(cells('float')).toContain(String(sse().tradingEpisodes[0].amountCny));
    expect(cells('float')).toContain('1195000000');
    const figures = api.events.flatMap((e: any) => e.figures ?? []).filter((f: any) => f.valuePercent !== null);
    for (const figure of figures) expect(cells('percentage')).toContain(String(Number(`${figure.valuePercent}e-2`)));
    for (const event of api.events) expect(fods).toContain(`<text:p>${event.title.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</text:p>`);
  });

  it('shows each date to its precision, amounts with thousands and percentages with two decimals', async () => {
    const out = await convert('events.xlsx', csvOut(true, true));
    const sheet = (name: string) => {
      const [header, ...rows] = parseCsv(fs.readFileSync(path.join(out, `events-${name}.csv`), 'utf8')).map((r) => r.fields);
      return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    };
    const events = sheet('Events');
    expect(events.map((e) => e.id)).toEqual(api.events.map((e: any) => e.id));
    const shown: Record<string, (d: string) => string> = { DAY: (d) => d, APPROXIMATE: (d) => d, MONTH: (d) => d.slice(0, 7), YEAR: (d) => d.slice(0, 4) };
    api.events.forEach((e: any, i: number) => {
      expect([e.id, events[i].date, events[i].title]).toEqual([e.id, shown[e.datePrecision](e.date), e.title]);
    });
    expect(events.find((e) => e['date precision'] === 'YEAR')!.date).toBe('2024');
    const episodes = sheet('Trading episodes').filter((t) => t.exchange === 'SSE');
    expect(episodes.map((t) => [t['amount (CNY)'], t['start (UTC+08:00)']])).toContainEqual(['1,195,000,000', '2024-02-19 09:30:00']);
    const figures = sheet('Performance figures');
    const apiFigures = api.events.flatMap((e: any) => e.figures ?? []);
    expect(figures.map((f) => f['value (%)'])).toEqual(apiFigures.map((f: any) => (f.valuePercent === null ? '' : `${f.valuePercent.toFixed(2)}%`)));
  });

  it('reads the CSV right when UTF-8 is named, whatever the locale, and strips its BOM', async () => {
    for (const [infilter, lang] of [
      ['CSV:44,34,76', 'C.UTF-8'],
      ['CSV:44,34,76', 'C'],
      ['CSV:44,34,UTF-8', 'C'],
    ]) {
      const out = await convert('events.csv', csvOut(false), { infilter, lang });
      const [header, ...rows] = parseCsv(fs.readFileSync(path.join(out, 'events.csv'), 'utf8')).map((r) => r.fields);
      expect([infilter, lang, header[0]]).toEqual([infilter, lang, 'id']);
      const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
      const row = records.find((r) => r.id === sse().id)!;
      expect([infilter, lang, row.title, row.tradedAmountCny, row.date]).toEqual([infilter, lang, sse().title, '1195000000', '2024-02-20']);
      expect(new Set(records.map((r) => r.title))).toEqual(new Set(api.events.map((e: any) => e.title)));
    }
  });

  it("misreads the CSV on LibreOffice's default import (no options): Windows-1252 in every locale, the BOM shown as ï»¿", async () => {
    for (const lang of ['C.UTF-8', 'C']) {
      for (const infilter of [undefined, 'CSV']) {
        const out = await convert('events.csv', csvOut(false), { infilter, lang });
        const text = fs.readFileSync(path.join(out, 'events.csv'), 'utf8');
        expect([lang, infilter, text.slice(0, 5)]).toEqual([lang, infilter, 'ï»¿id']);
        expect(text).not.toContain(sse().title);
        // The title's UTF-8 bytes read one by one as Western characters: 所 (E6 89 80) becomes æ‰€.
        expect(text).toContain('æ‰€');
        // Digits are the same in both: the amount survives the wrong charset.
        expect(text).toContain(`,1195000000,`);
      }
    }
  });

  it('with the charset left empty (CSV:44,34,) follows the locale, not the BOM', async () => {
    const utf8 = fs.readFileSync(path.join(await convert('events.csv', csvOut(false), { infilter: 'CSV:44,34,', lang: 'C.UTF-8' }), 'events.csv'), 'utf8');
    expect(utf8).toContain(sse().title);
    const ascii = fs.readFileSync(path.join(await convert('events.csv', csvOut(false), { infilter: 'CSV:44,34,', lang: 'C' }), 'events.csv'), 'utf8');
    expect(ascii).not.toContain(sse().title);
    expect(ascii.startsWith('id')).toBe(false);
  });
});
