import { XMLParser } from 'fast-xml-parser';
import { DataVersion } from '../src/database/data-version';
import { buildChartDataset, importSyntheticMinuteBars, SYNTHETIC_MANAGERS } from './support/chart-fixtures';
import { dataOf, startTestServer, TestServer } from './support/server';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['circle', 'text', 'rect', 'line', 'path'].includes(name),
});
const textOf = (t: any): string => String(typeof t === 'object' ? (t['#text'] ?? '') : t);

/** The chart's text elements with their attributes, in document order. */
async function svgOf(server: TestServer, path: string) {
  const response = await fetch(`${server.url}${path}`);
  expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, 'image/svg+xml; charset=utf-8']);
  const svg = parser.parse(await response.text()).svg;
  return { svg, texts: (svg.text as any[]).map((t) => ({ ...(typeof t === 'object' ? t : {}), content: textOf(t) })) };
}

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const TIMELINE = `query ($slug: String!) { manager(slug: $slug) { chartUrl png: chartUrl(format: PNG)
  timeline { date datePrecision title titleEn event { sources { announcement { title language } } } } } }`;

/** Charts as the server draws them, read back as XML and PNG: what their text says, where their marks are, and the routes' answers. */
describe('charts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    await buildChartDataset(server.dataSource);
  });
  afterAll(() => server.stop());

  const timeline = async (slug: string) => dataOf(await server.query(TIMELINE, { slug })).manager;

  it('writes each date to its precision: the year, the month, ≈ only for a day the curator placed', async () => {
    for (const slug of ['minghong', 'ningbo-lingjun', SYNTHETIC_MANAGERS.crowded]) {
      const manager = await timeline(slug);
      const { texts } = await svgOf(server, manager.chartUrl);
      const dates = texts.filter((t) => t.class === 'label-date').map((t) => t.content);
      const expected = manager.timeline.map((entry: any, i: number) => {
        const written = { YEAR: entry.date.slice(0, 4), MONTH: entry.date.slice(0, 7), APPROXIMATE: `${entry.date}≈`, DAY: entry.date }[
          entry.datePrecision as string
        ];
        return `${i + 1}. ${written}`;
      });
      expect(dates).toEqual(expected);
      expect(new Set(manager.timeline.map((e: any) => e.datePrecision)).size).toBeGreaterThan(1);
    }
    const lingjun = await svgOf(server, (await timeline('ningbo-lingjun')).chartUrl);
    expect(lingjun.texts.map((t) => t.content)).toContain('1. 2024');
    expect(lingjun.texts.map((t) => t.content).join('\n')).not.toContain('2024-01-01');
  });

  it('labels every entry with its whole title, Chinese and English, wrapped and never cut', async () => {
    for (const slug of ['minghong', 'ubiquant', SYNTHETIC_MANAGERS.crowded]) {
      const manager = await timeline(slug);
      const { texts } = await svgOf(server, manager.chartUrl);
      const squeeze = (s: string) => s.replace(/\s+/g, '');
      manager.timeline.forEach((entry: any, i: number) => {
        const lines = (cls: string) =>
          squeeze(
            texts
              .filter((t) => t.class === cls && Number(t['data-entry']) === i + 1)
              .map((t) => t.content)
              .join(''),
          );
        expect([slug, i + 1, lines('label-zh')]).toEqual([slug, i + 1, squeeze(entry.title)]);
        expect([slug, i + 1, lines('label-en')]).toEqual([slug, i + 1, squeeze(entry.titleEn ?? '')]);
      });
      expect(texts.filter((t) => t.content.includes('…'))).toEqual([]);
    }
  });

  it('ends with a source line naming the documents the drawn events cite, and the data version', async () => {
    const [{ version }] = await server.dataSource.getRepository(DataVersion).find();
    for (const slug of ['ningbo-lingjun', 'ningbo-mingling', SYNTHETIC_MANAGERS.single]) {
      const manager = await timeline(slug);
      const { texts } = await svgOf(server, manager.chartUrl);
      const source = texts
        .filter((t) => t.class === 'source')
        .map((t) => t.content)
        .join('');
      const cited = new Set<string>(manager.timeline.flatMap((e: any) => e.event.sources.map((s: any) => s.announcement.title)));
      expect(cited.size).toBeGreaterThan(0);
      expect(source.startsWith('来源 / Source: ')).toBe(true);
      for (const title of cited) expect([slug, source.replace(/\s/g, '').includes(title.replace(/\s/g, ''))]).toEqual([slug, true]);
      expect(source).toContain(`data version ${version}`);
    }
    // Only what the drawn events cite: Lingjun's chart does not name Mingling's disclosure.
    const lingjun = (await svgOf(server, (await timeline('ningbo-lingjun')).chartUrl)).texts
      .filter((t) => t.class === 'source')
      .map((t) => t.content)
      .join('');
    expect(lingjun).not.toContain('宁波明崚');
  });

  it('fans out marks of one day: no two marks at one position, each leader at its true date', async () => {
    for (const slug of ['ningbo-lingjun', 'minghong', SYNTHETIC_MANAGERS.crowded]) {
      const manager = await timeline(slug);
      const { svg } = await svgOf(server, manager.chartUrl);
      const marks = (svg.circle as any[]).filter((c) => c['data-kind']);
      expect(marks.map((c) => c['data-date'])).toEqual(manager.timeline.map((e: any) => e.date));
      expect(new Set(marks.map((c) => `${c.cx},${c.cy}`)).size).toBe(marks.length);
      // Marks of one day share their x (the day) and differ in height.
      const byDate = new Map<string, any[]>();
      for (const m of marks) byDate.set(m['data-date'], [...(byDate.get(m['data-date']) ?? []), m]);
      for (const same of byDate.values()) {
        expect(new Set(same.map((m) => m.cx)).size).toBe(1);
        expect(new Set(same.map((m) => m.cy)).size).toBe(same.length);
      }
    }
    const crowded = (await svgOf(server, (await timeline(SYNTHETIC_MANAGERS.crowded)).chartUrl)).svg;
    expect((crowded.circle as any[]).filter((c) => c['data-date'] === '2024-02-20').length).toBe(12);
  });

  it('serves a PNG at twice the SVG size beside each SVG, and chartUrl names it', async () => {
    const manager = await timeline('minghong');
    expect([manager.chartUrl, manager.png]).toEqual(['/charts/manager/minghong/timeline.svg', '/charts/manager/minghong/timeline.png']);
    const { svg } = await svgOf(server, manager.chartUrl);
    const response = await fetch(`${server.url}${manager.png}`);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'image/png']);
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngSize(png)).toEqual({ width: 2 * Number(svg.width), height: 2 * Number(svg.height) });
    expect(Number(response.headers.get('content-length'))).toBe(png.length);
  });

  it('charges a PNG ten points per object drawn, an SVG one', async () => {
    const manager = await timeline('ubiquant');
    const remaining = async (path: string) => {
      const response = await fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': '127.0.0.9' } });
      await response.arrayBuffer();
      return Number(response.headers.get('x-ratelimit-remaining'));
    };
    const first = await remaining(manager.chartUrl);
    const afterSvg = await remaining(manager.chartUrl);
    const afterPng = await remaining(manager.png);
    expect([first - afterSvg, afterSvg - afterPng]).toEqual([manager.timeline.length, 10 * manager.timeline.length]);
  });

  it('answers 404 in JSON for a PNG of nothing, and refuses a format GraphQL does not know', async () => {
    for (const path of [
      '/charts/manager/nobody/timeline.png',
      '/charts/window/bm9wZQ.png',
      '/charts/manager/minghong/timeline.gif',
      '/charts/manager/minghong/timeline.PNG',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 404, 'application/json; charset=utf-8']);
      expect(((await response.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: expect.stringContaining(path) });
    }
    for (const format of ['GIF', '"PNG"', 'png']) {
      const bad = await server.query(`{ manager(slug: "minghong") { chartUrl(format: ${format}) } }`);
      expect([format, bad.status]).toEqual([format, 400]);
      expect(bad.body.errors?.[0].message).toMatch(/ChartFormat/);
    }
  });

  it('says on a window chart when only the curated endpoints exist, and draws the bars once they are imported', async () => {
    const query = '{ marketWindows(filter: { instrumentCode: "000001.SH" }) { nodes { chartUrl sources { announcement { title } } } } }';
    const [window] = dataOf(await server.query(query)).marketWindows.nodes;
    const before = await svgOf(server, window.chartUrl);
    expect(
      before.texts
        .filter((t) => t.class === 'notice')
        .map((t) => t.content)
        .join(' '),
    ).toContain('只有起止点 / curated start and end levels only; no bars imported');
    expect(before.svg.path.find((p: any) => p.class === 'level')['stroke-dasharray']).toBe('6 4');
    const source = before.texts
      .filter((t) => t.class === 'source')
      .map((t) => t.content)
      .join('');
    for (const { announcement } of window.sources) expect(source).toContain(announcement.title);
    const bars = await importSyntheticMinuteBars(server.dataSource);
    const after = await svgOf(server, window.chartUrl);
    expect(after.texts.filter((t) => t.class === 'notice')).toEqual([]);
    const level = after.svg.path.find((p: any) => p.class === 'level');
    expect(level['stroke-dasharray']).toBeUndefined();
    // The curated window is one minute: one bar, drawn from its open to its close.
    expect(level.d.split(/[ML]/).filter(Boolean).length).toBe(2);
    const day = dataOf(
      await server.query(
        '{ marketWindowFromBars(instrumentCode: "000001.SH", start: "2024-02-19T09:30:00+08:00", end: "2024-02-19T15:00:00+08:00") { chartUrl } }',
      ),
    ).marketWindowFromBars;
    const dayChart = await svgOf(server, day.chartUrl);
    expect(
      dayChart.svg.path
        .find((p: any) => p.class === 'level')
        .d.split(/[ML]/)
        .filter(Boolean).length,
    ).toBe(2 * bars);
    expect(dayChart.texts.find((t) => t.class === 'summary')!.content).toContain(`${bars} imported bars`);
  });
});
