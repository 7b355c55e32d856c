import http from 'node:http';
import { toCsv } from '../src/core/csv';
import { toGlobalId } from '../src/core/global-id';
import { importSyntheticMinuteBars } from './support/chart-fixtures';
import { dataOf, startTestServer, TestServer } from './support/server';

/** A bars window of the synthetic day, 09:30 to 09:30 + `minutes`, as a chart path. */
const barsWindow = (minutes: number, format: 'svg' | 'png') => {
  const end = `2024-02-19T${String(9 + Math.floor((30 + minutes) / 60)).padStart(2, '0')}:${String((30 + minutes) % 60).padStart(2, '0')}:00+08:00`;
  return `/charts/window/${toGlobalId('MarketDataWindow', `bars:000001.SH:2024-02-19T09:30:00+08:00:${end}`)}.${format}`;
};

/** GET that hangs up after `ms`, before the answer comes. */
function abandoned(server: TestServer, path: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const request = http.get(`${server.url}${path}`);
    request.on('error', () => resolve());
    setTimeout(() => {
      request.destroy();
      resolve();
    }, ms);
  });
}

/**
 * The PNG renderer under clients who hang up or ask for the same chart at once, and what the chart and
 * permalink routes answer to what they do not serve. Each test starts from a cold chart cache: the
 * charts it draws are drawn by no other test.
 */
describe('chart renderer and read-only routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    await importSyntheticMinuteBars(server.dataSource);
  });
  afterAll(() => server.stop());

  it('gives a hung-up client’s place in the queue back: a new PNG is drawn, not refused as busy', async () => {
    // Twelve distinct charts, more than the renderer's one drawing and eight waiting; every client hangs up.
    await Promise.all(Array.from({ length: 12 }, (_, i) => abandoned(server, barsWindow(10 + i, 'png'), 40)));
    const response = await fetch(`${server.url}${barsWindow(60, 'png')}`);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'image/png']);
    // The server is still serving everything else.
    expect(dataOf(await server.query('{ managers { totalCount } }')).managers.totalCount).toBeGreaterThan(0);
  });

  it('draws a chart once for every request that asks for it while it is drawn: twelve at once all get it', async () => {
    const path = barsWindow(90, 'png');
    const answers = await Promise.all(Array.from({ length: 12 }, () => fetch(`${server.url}${path}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    const bodies = await Promise.all(answers.map(async (a) => Buffer.from(await a.arrayBuffer())));
    for (const body of bodies) expect(body.equals(bodies[0])).toBe(true);
    expect(bodies[0].subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('reads a window id whose times are no calendar times as no window: 404 and null, never a 500', async () => {
    for (const [start, end] of [
      ['2024-13-45T99:99:99+08:00', '2024-02-19T09:31:00+08:00'],
      ['2024-02-30T09:30:00+08:00', '2024-02-30T09:31:00+08:00'],
    ]) {
      const id = toGlobalId('MarketDataWindow', `bars:000001.SH:${start}:${end}`);
      for (const format of ['svg', 'png']) {
        const chart = await fetch(`${server.url}/charts/window/${id}.${format}`);
        expect([format, chart.status, ((await chart.json()) as any).errors[0].extensions.code]).toEqual([format, 404, 'NOT_FOUND']);
      }
      const answer = await server.query('query ($id: ID!) { node(id: $id) { id } }', { id });
      expect([answer.body.errors, answer.body.data?.node]).toEqual([undefined, null]);
      expect((await fetch(`${server.url}/records/${id}`)).status).toBe(404);
    }
  });

  it('answers HEAD like GET and other methods with 405 naming GET and HEAD, on charts, exports, citations and permalinks', async () => {
    const windowId = dataOf(await server.query('{ marketWindows { nodes { id } } }')).marketWindows.nodes[0].id;
    for (const path of ['/charts/manager/minghong/timeline.svg', '/export/events.csv', '/export/citations.ris', `/records/${windowId}`]) {
      const head = await fetch(`${server.url}${path}`, { method: 'HEAD' });
      expect([path, head.status, (await head.arrayBuffer()).byteLength]).toEqual([path, 200, 0]);
      for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
        const other = await fetch(`${server.url}${path}`, { method });
        const body = (await other.json()) as any;
        expect([path, method, other.status, other.headers.get('allow'), body.errors[0].extensions.code]).toEqual([
          path,
          method,
          405,
          'GET, HEAD',
          'METHOD_NOT_ALLOWED',
        ]);
      }
    }
  });

  it('gives every kind of record a permalink that answers it with its own fields and sources', async () => {
    const data = dataOf(
      await server.query(`{ authorities { id } concepts { id } glossary { id } marketWindows { nodes { id startLevel instrument { code } } }
        manager(slug: "ningbo-lingjun") { id people { id } products { id } tradingEpisodes { id amountCny } } }`),
    );
    const ids: Record<string, string> = {
      Authority: data.authorities[0].id,
      Concept: data.concepts[0].id,
      GlossaryTerm: data.glossary[0].id,
      MarketDataWindow: data.marketWindows.nodes[0].id,
      Manager: data.manager.id,
      Person: data.manager.people[0].id,
      Product: data.manager.products[0].id,
      TradingEpisode: data.manager.tradingEpisodes[0].id,
    };
    for (const [type, id] of Object.entries(ids)) {
      const response = await fetch(`${server.url}/records/${id}`);
      const { record } = (await response.json()) as any;
      expect([type, response.status, record.__typename, record.id]).toEqual([type, 200, type, id]);
      // More than its type and id: the fields of its kind, and where they come from.
      expect([type, Object.keys(record).length > 3, Array.isArray(record.sources)]).toEqual([type, true, true]);
    }
    const window = (await (await fetch(`${server.url}/records/${ids.MarketDataWindow}`)).json()) as any;
    expect(window.record).toMatchObject({
      startLevel: data.marketWindows.nodes[0].startLevel,
      instrument: { code: data.marketWindows.nodes[0].instrument.code },
    });
    expect(window.record.chartUrl).toMatch(/^\/charts\/window\/.+\.svg$/);
    const episode = (await (await fetch(`${server.url}/records/${ids.TradingEpisode}`)).json()) as any;
    expect(episode.record.amountCny).toBe(data.manager.tradingEpisodes[0].amountCny);
  });

  it('keeps an answer about a long path or id short', async () => {
    for (const [path, status] of [
      [`/charts/manager/${'a'.repeat(5000)}/timeline.svg`, 404],
      [`/records/${'A'.repeat(7000)}`, 400],
      [`/export/${'x'.repeat(5000)}`, 404],
    ] as const) {
      const response = await fetch(`${server.url}${path}`);
      const message: string = ((await response.json()) as any).errors[0].message;
      expect([response.status, message.length < 600]).toEqual([status, true]);
    }
  });

  it('refuses a date range that ends before it starts, in the API and in every export', async () => {
    const answer = await server.query('{ events(filter: { from: "2024-02-20", to: "2024-02-19" }) { totalCount } }');
    expect(answer.body.errors?.[0]).toMatchObject({ message: '"from" (2024-02-20) is after "to" (2024-02-19)', extensions: { code: 'BAD_USER_INPUT' } });
    for (const path of ['/export/events.csv', '/export/events.xlsx', '/export/citations.json']) {
      const response = await fetch(`${server.url}${path}?from=2024-02-20&to=2024-02-19`);
      expect([path, response.status, ((await response.json()) as any).errors[0].message]).toEqual([
        path,
        400,
        '"from" (2024-02-20) is after "to" (2024-02-19)',
      ]);
    }
    const twice = await fetch(`${server.url}/export/citations.bib?dialect=bibtex&dialect=biblatex`);
    expect([twice.status, ((await twice.json()) as any).errors[0].message]).toEqual([400, expect.stringContaining('"dialect" is given more than once')]);
  });
});

describe('CSV cells a spreadsheet program would run', () => {
  it('writes a text that begins as a formula would with a leading apostrophe, and leaves numbers as numbers', () => {
    const csv = toCsv(['a', 'b', 'c', 'd', 'e'], [['=HYPERLINK("http://x","y")', '+1+1', '@SUM(A1)', -11.87, '-11.87']]);
    const [, row] = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(row).toBe(`"'=HYPERLINK(""http://x"",""y"")",'+1+1,'@SUM(A1),-11.87,-11.87`);
  });
});
