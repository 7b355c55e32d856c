import ExcelJS from 'exceljs';
import { parseCsv } from '../src/core/csv';
import { plainRequest } from './attack/support';
import { dataOf, startTestServer, TestServer } from './support/server';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Columns of a fixed-width font, counted here on their own: a CJK ideograph or full-width form takes two. */
const columnsOf = (text: string) => [...text].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);

/** A sheet's rows as objects by header, the cells themselves kept (value, numFmt, alignment). */
function table(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.Cell>[] {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.Cell>[] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) rows.push(Object.fromEntries(header.map((h, i) => [h, sheet.getRow(r).getCell(i + 1)])));
  return rows;
}

const citationCount = (value: unknown) => {
  let n = 0;
  JSON.stringify(value, (key, v) => {
    if (key === 'sources') n += (v as unknown[]).length;
    return v;
  });
  return n;
};

/** The XLSX exports, read back with exceljs's reader, against the API's own answers on the curated knowledge base. */
describe('spreadsheet exports', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  async function download(path: string): Promise<{ response: Response; workbook: ExcelJS.Workbook }> {
    const response = await fetch(`${server.url}${path}`);
    expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, XLSX_TYPE]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    return { response, workbook };
  }

  describe('/export/events.xlsx', () => {
    let workbook: ExcelJS.Workbook;
    let json: any;
    beforeAll(async () => {
      ({ workbook } = await download('/export/events.xlsx'));
      json = await (await fetch(`${server.url}/export/events.json`)).json();
    });

    it('holds the events, their figures, episodes and sources, and says what it is', () => {
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['Events', 'Performance figures', 'Trading episodes', 'Sources', 'About']);
      expect(workbook.creator).toBe('fundwatch');
      expect(workbook.title).toBe('fundwatch events');
      expect(Date.now() - workbook.created.getTime()).toBeLessThan(60_000);
      const events = table(workbook.getWorksheet('Events')!);
      expect(events.map((r) => r.id.value)).toEqual(json.events.map((e: any) => e.id));
      const figures = json.events.flatMap((e: any) => e.figures ?? []);
      expect(figures.length).toBeGreaterThan(0);
      expect(table(workbook.getWorksheet('Performance figures')!)).toHaveLength(figures.length);
      const about = Object.fromEntries(table(workbook.getWorksheet('About')!).map((r) => [r.about.value, r.value.value]));
      expect(about['filter (URL parameters)']).toBe('none: every event');
      expect(about['rows in Events']).toBe(String(json.count));
      expect(about.percentages).toContain('5.30% holds 0.053');
    });

    it('gives dates as date cells formatted to their precision, with the precision and the note beside them', () => {
      const events = table(workbook.getWorksheet('Events')!);
      const expected: Record<string, string> = { DAY: 'yyyy-mm-dd', APPROXIMATE: 'yyyy-mm-dd', MONTH: 'yyyy-mm', YEAR: 'yyyy' };
      json.events.forEach((e: any, i: number) => {
        const cell = events[i].date;
        expect([e.id, cell.value instanceof Date, cell.numFmt]).toEqual([e.id, true, expected[e.datePrecision]]);
        expect((cell.value as Date).toISOString().slice(0, 10)).toBe(e.date);
        expect(events[i]['date precision'].value).toBe(e.datePrecision);
        expect(events[i]['date note'].value ?? null).toBe(e.dateNote);
      });
      const year = events.find((r) => r['date precision'].value === 'YEAR')!;
      expect(year.date.numFmt).toBe('yyyy');
      expect(String(year['date note'].value)).toContain('今年以来');
    });

    it('gives amounts as numbers with thousands, times in +08:00 with the zone in the header, percentages as fractions', () => {
      const events = table(workbook.getWorksheet('Events')!);
      const sse = events.find((r) => r.type.value === 'TRADING_SUSPENSION' && r.authority.value === 'SSE')!;
      expect([sse['traded amount (CNY)'].value, sse['traded amount (CNY)'].numFmt]).toEqual([1195000000, '#,##0']);
      const episodes = table(workbook.getWorksheet('Trading episodes')!);
      expect(Object.keys(episodes[0])).toEqual(expect.arrayContaining(['start (UTC+08:00)', 'end (UTC+08:00)', 'amount (CNY)']));
      const apiEpisodes = json.events.flatMap((e: any) => e.tradingEpisodes ?? []);
      expect(episodes).toHaveLength(apiEpisodes.length);
      episodes.forEach((row, i) => {
        const wallClock = apiEpisodes[i].start.replace('+08:00', 'Z');
        expect([(row['start (UTC+08:00)'].value as Date).toISOString().replace('.000', ''), row['start (UTC+08:00)'].numFmt]).toEqual([
          wallClock,
          'yyyy-mm-dd hh:mm:ss',
        ]);
        expect(row['amount (CNY)'].value).toBe(apiEpisodes[i].amountCny);
      });
      const figures = table(workbook.getWorksheet('Performance figures')!);
      const apiFigures = json.events.flatMap((e: any) => e.figures ?? []);
      figures.forEach((row, i) => {
        const percent = apiFigures[i].valuePercent;
        if (percent === null) expect(row['value (%)'].value).toBeNull();
        else expect([row['value (%)'].value, row['value (%)'].numFmt]).toEqual([Number(`${percent}e-2`), '0.00%']);
      });
      expect(apiFigures.some((f: any) => f.valuePercent === null)).toBe(true);
      expect(apiFigures.some((f: any) => f.valuePercent !== null)).toBe(true);
    });

    it('freezes and filters the header row, fits columns to their text (CJK counted double), wraps long texts', () => {
      for (const sheet of workbook.worksheets) {
        expect([sheet.name, sheet.views[0]]).toEqual([sheet.name, expect.objectContaining({ state: 'frozen', ySplit: 1 })]);
        expect([sheet.name, sheet.autoFilter]).toEqual([sheet.name, `A1:${sheet.getColumn(sheet.columnCount).letter}${sheet.rowCount}`]);
      }
      const sheet = workbook.getWorksheet('Events')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const widthOf = (name: string) => sheet.getColumn(header.indexOf(name) + 1).width;
      const names = json.events.map((e: any) => e.authority?.nameZh).filter(Boolean);
      expect(widthOf('authority name')).toBe(Math.max(...names.map(columnsOf)) + 2);
      expect(Math.max(...names.map(columnsOf))).toBe(2 * Math.max(...names.map((n: string) => n.length)));
      const titles = table(sheet).map((r) => r.title);
      expect(widthOf('title')).toBe(52);
      expect(titles.every((t) => t.alignment?.wrapText === true)).toBe(true);
      const longest = Math.max(...json.events.map((e: any) => columnsOf(e.summary ?? '')));
      expect(longest).toBeGreaterThan(100);
      const tallest = Math.max(...table(sheet).map((r) => Number(sheet.getRow(Number(r.title.row)).height ?? 0)));
      expect(tallest).toBeGreaterThanOrEqual(15 * Math.ceil(longest / 50));
    });

    it("lists every fact's sources: one row per fact and document, the quote verbatim", () => {
      const sources = table(workbook.getWorksheet('Sources')!);
      expect(sources).toHaveLength(citationCount(json.events));
      expect(Object.keys(sources[0])).toEqual([
        'record type',
        'record',
        'document slug',
        'document title',
        'document kind',
        'url',
        'quote (verbatim)',
        'note',
        'record id',
      ]);
      const quotes = new Set<string>();
      JSON.stringify(json.events, (key, v) => (key === 'quote' && quotes.add(v), v));
      expect(sources.every((s) => quotes.has(String(s['quote (verbatim)'].value)))).toBe(true);
      const figureRows = sources.filter((s) => s['record type'].value === 'PERFORMANCE_FIGURE');
      expect(figureRows.length).toBe(citationCount(json.events.flatMap((e: any) => e.figures ?? [])));
      expect(String(figureRows[0].record.value)).toMatch(/ — figure 1 of \d+: /);
    });

    it('takes the filters of events.csv, and names the filter in its About sheet', async () => {
      const query = 'types=TRADING_SUSPENSION,EXCHANGE_PENALTY&managerSlugs=ningbo-lingjun';
      const { response, workbook: filtered } = await download(`/export/events.xlsx?${query}`);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="fundwatch-events.xlsx"');
      const api = dataOf(
        await server.query('{ events(filter: { types: [TRADING_SUSPENSION, EXCHANGE_PENALTY], managerSlugs: ["ningbo-lingjun"] }) { nodes { id } } }'),
      );
      expect(table(filtered.getWorksheet('Events')!).map((r) => r.id.value)).toEqual(api.events.nodes.map((n: any) => n.id));
      const about = Object.fromEntries(table(filtered.getWorksheet('About')!).map((r) => [r.about.value, r.value.value]));
      expect(about['filter (URL parameters)']).toBe(query);
      expect(filtered.subject).toContain(query);
    });
  });

  describe('/export/manager/<slug>.xlsx', () => {
    it('lays out the dossier the JSON holds, a sheet per kind of record, with every citation', async () => {
      const { response, workbook } = await download('/export/manager/ningbo-lingjun.xlsx');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="fundwatch-ningbo-lingjun.xlsx"');
      const dossier: any = await (await fetch(`${server.url}/export/manager/ningbo-lingjun.json`)).json();
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        'Manager',
        'People',
        'Products',
        'Performance figures',
        'Trading episodes',
        'Market windows',
        'Events',
        'Timeline',
        'Sources',
        'About',
      ]);
      const manager = Object.fromEntries(table(workbook.getWorksheet('Manager')!).map((r) => [r.field.value, r]));
      expect(manager['legal name'].value.value).toBe(dossier.legalName);
      expect([manager.founded.date.value instanceof Date, manager.founded.date.numFmt]).toEqual([true, 'yyyy-mm']);
      expect((manager.founded.date.value as Date).toISOString().slice(0, 7)).toBe(dossier.foundedOn);
      const people = table(workbook.getWorksheet('People')!);
      expect([...new Set(people.map((p) => p.name.value))].sort()).toEqual(dossier.people.map((p: any) => p.name).sort());
      expect(people).toHaveLength(dossier.people.reduce((n: number, p: any) => n + Math.max(1, p.roles.length), 0));
      const episodes = table(workbook.getWorksheet('Trading episodes')!);
      expect(episodes.map((e) => e['amount (CNY)'].value)).toEqual(dossier.tradingEpisodes.map((e: any) => e.amountCny));
      expect(episodes.map((e) => e['amount (CNY)'].value).sort()).toEqual([1195000000, 1372000000]);
      const shares = episodes.map((e) => e['share of turnover'].value);
      expect(shares).toEqual(dossier.tradingEpisodes.map((e: any) => Number(`${e.shareOfTurnover.percent}e-2`)));
      const windows = table(workbook.getWorksheet('Market windows')!);
      expect(windows).toHaveLength(dossier.tradingEpisodes.reduce((n: number, e: any) => n + e.marketWindows.length, 0));
      expect(windows.every((w) => w['turnover (CNY)'].numFmt === '#,##0' && w['start level'].numFmt === '#,##0.00')).toBe(true);
      const figures = dossier.performance.length + dossier.products.reduce((n: number, p: any) => n + p.performance.length, 0);
      expect(table(workbook.getWorksheet('Performance figures')!)).toHaveLength(figures);
      expect(table(workbook.getWorksheet('Events')!)).toHaveLength(dossier.events.totalCount);
      const timeline = table(workbook.getWorksheet('Timeline')!);
      expect(timeline.map((t) => t.kind.value)).toEqual(dossier.timeline.map((t: any) => t.kind));
      expect(timeline[0].date.numFmt).toBe(dossier.timeline[0].datePrecision === 'YEAR' ? 'yyyy' : 'yyyy-mm-dd');
      expect(table(workbook.getWorksheet('Sources')!)).toHaveLength(citationCount(dossier));
    });

    it('answers an unknown manager with 404 JSON, as the JSON dossier does', async () => {
      const response = await fetch(`${server.url}/export/manager/nobody.xlsx`);
      expect([response.status, response.headers.get('content-type')]).toEqual([404, 'application/json; charset=utf-8']);
      expect(((await response.json()) as any).errors[0]).toMatchObject({
        message: 'There is no manager "nobody"; the managers query lists every slug',
        extensions: { code: 'NOT_FOUND' },
      });
    });
  });

  describe('the CSV', () => {
    it('gives a performance disclosure one row per figure, other events one row, with dateNote and the figure columns', async () => {
      const json: any = await (await fetch(`${server.url}/export/events.json`)).json();
      const [header, ...rows] = parseCsv(await (await fetch(`${server.url}/export/events.csv`)).text()).map((r) => r.fields);
      expect(header).toEqual(
        expect.arrayContaining(['datePrecision', 'dateNote', 'figureNumber', 'figureSubject', 'figureMetric', 'figureComparator', 'figureValuePercent']),
      );
      expect(header).toEqual(expect.arrayContaining(['figureCount', 'figureCountComparator', 'figurePeriodStart', 'figurePeriodEnd', 'figurePeriodLabel']));
      expect(header).toEqual(expect.arrayContaining(['figureAsOf', 'figureDataVendor', 'figureBasis']));
      const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
      expect(records).toHaveLength(json.events.reduce((n: number, e: any) => n + Math.max(1, e.figures?.length ?? 0), 0));
      for (const event of json.events) {
        const own = records.filter((r) => r.id === event.id);
        expect(own.every((r) => r.dateNote === (event.dateNote ?? '') && r.datePrecision === event.datePrecision && r.title === event.title)).toBe(true);
        if (!event.figures) {
          expect([event.id, own.length, own[0].figureNumber]).toEqual([event.id, 1, '']);
          continue;
        }
        expect(own.map((r) => r.figureNumber)).toEqual(event.figures.map((_f: any, i: number) => String(i + 1)));
        expect(own.map((r) => r.figureValuePercent)).toEqual(event.figures.map((f: any) => (f.valuePercent === null ? '' : String(f.valuePercent))));
        expect(own.map((r) => r.figureMetric)).toEqual(event.figures.map((f: any) => f.metric));
        expect(own.map((r) => r.figurePeriodLabel)).toEqual(event.figures.map((f: any) => f.periodLabel));
      }
      const multi = json.events.find((e: any) => e.figures?.length >= 3);
      expect(records.filter((r) => r.id === multi.id)).toHaveLength(multi.figures.length);
    });
  });

  describe('a hostile client', () => {
    const get = (path: string, method = 'GET') => plainRequest(server.url, { path, method });
    const errorOf = (text: string) => JSON.parse(text).errors[0];

    it('gets 400 naming the parameter for a bad filter, as from the CSV', async () => {
      for (const [query, parameter] of [
        ['from=2024-13-01', 'from'],
        ['types=NOPE', 'types'],
        ['colour=red', 'colour'],
        ['types=TRADING_SUSPENSION,NOPE', 'types'],
        ['from=2024-01-01&from=2024-02-01', 'from'],
        ['managerSlugs=nobody', 'managerSlugs'],
      ]) {
        for (const format of ['xlsx', 'csv']) {
          const response = await get(`/export/events.${format}?${query}`);
          expect([query, format, response.status, response.headers['content-type']]).toEqual([query, format, 400, 'application/json; charset=utf-8']);
          const error = errorOf(response.text);
          expect([query, error.extensions.code]).toEqual([query, 'BAD_USER_INPUT']);
          expect(error.message).toContain(`"${parameter}"`);
        }
      }
    });

    it('gets 404 JSON naming the exports for a path that is none, however it is spelled', async () => {
      for (const path of [
        '/export/',
        '/export',
        '/export/events.xlsx/..',
        '/export/events.xlsx/%2e%2e',
        '/export/events%2exlsx',
        '/export/events.XLSX',
        '/export/manager/a/../../x.xlsx',
        '/export/manager/ningbo-lingjun.xlsx/x',
      ]) {
        const response = await get(path);
        expect([path, response.status, response.headers['content-type']]).toEqual([path, 404, 'application/json; charset=utf-8']);
        const error = errorOf(response.text);
        expect([path, error.extensions.code]).toEqual([path, 'NOT_FOUND']);
        for (const known of ['/export/events.csv', '/export/events.xlsx', '/export/events.json', '/export/manager/<slug>.xlsx', '/export/manager/<slug>.json'])
          expect(error.message).toContain(known);
      }
      // A dot segment that resolves to an export is that export, as any URL would be.
      expect((await get('/export/manager/../events.xlsx?types=TRADING_SUSPENSION')).headers['content-type']).toBe(XLSX_TYPE);
    });

    it('survives huge and repeated filters, answering each with a 400 in JSON that names the parameter', async () => {
      const cases: [string, string, RegExp][] = [
        // More values than the API takes in one list: refused in the words of the URL.
        [`managerSlugs=${Array.from({ length: 2000 }, (_, i) => `m${i}`).join(',')}`, 'managerSlugs', /holds 2000 items; at most \d+ are taken$/],
        [Array.from({ length: 500 }, () => 'types=TRADING_SUSPENSION').join('&'), 'types', /holds 500 items; at most \d+ are taken$/],
        [`types=${'X'.repeat(12_000)}`, 'types', /./],
        [Array.from({ length: 500 }, (_, i) => `p${i}=1`).join('&'), 'p0', /unknown parameter/],
        [`from=2024-01-01&${Array.from({ length: 300 }, () => 'to=2024-02-01').join('&')}`, 'to', /is given 300 times; give it once/],
      ];
      for (const [query, parameter, says] of cases) {
        const response = await get(`/export/events.xlsx?${query}`);
        const shown = query.slice(0, 40);
        expect([shown, response.status, response.headers['content-type']]).toEqual([shown, 400, 'application/json; charset=utf-8']);
        const error = errorOf(response.text);
        expect([shown, error.extensions.code, error.message]).toEqual([shown, 'BAD_USER_INPUT', expect.stringMatching(says)]);
        expect(error.message).toContain(`"${parameter}"`);
        expect(error.message.length).toBeLessThan(2_000);
      }
      // A target beyond what the server reads at all: Node's own limit, answered in JSON too.
      const tooLong = await get(`/export/events.xlsx?types=${'A'.repeat(20_000)}`);
      expect([tooLong.status, tooLong.headers['content-type']]).toEqual([431, 'application/json; charset=utf-8']);
      expect((await get('/healthz')).status).toBe(200);
    });

    it('answers HEAD as GET without a body, and another method with 405 naming GET and HEAD', async () => {
      const head = await get('/export/events.xlsx?types=TRADING_SUSPENSION', 'HEAD');
      expect([head.status, head.headers['content-type'], head.text]).toEqual([200, XLSX_TYPE, '']);
      const headMissing = await get('/export/manager/nobody.xlsx', 'HEAD');
      expect([headMissing.status, headMissing.headers['content-type'], headMissing.text]).toEqual([404, 'application/json; charset=utf-8', '']);
      const headBad = await get('/export/events.xlsx?types=NOPE', 'HEAD');
      expect([headBad.status, headBad.headers['content-type']]).toEqual([400, 'application/json; charset=utf-8']);
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const response = await get('/export/events.xlsx', method);
        expect([method, response.status, response.headers.allow]).toEqual([method, 405, 'GET, HEAD']);
        expect(errorOf(response.text).extensions.code).toBe('METHOD_NOT_ALLOWED');
      }
      expect((await get('/healthz')).status).toBe(200);
    });

    it('stops writing when the client goes away mid-download, and keeps serving', async () => {
      const url = new URL(server.url);
      const http = await import('node:http');
      await new Promise<void>((resolve, reject) => {
        const req = http.get({ host: url.hostname, port: url.port, path: '/export/manager/ningbo-lingjun.xlsx', agent: false }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve() : reject(error)));
      });
      const { workbook } = await download('/export/manager/ningbo-lingjun.xlsx');
      expect(workbook.worksheets.length).toBe(10);
    });
  });
});
