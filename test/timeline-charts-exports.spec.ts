import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseCsv, toCsv } from '../src/core/csv';
import { dataOf, startTestServer, TestServer } from './support/server';

/** Timelines, SVG charts and exports, through HTTP on the curated knowledge base. */
describe('timelines, charts and exports', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  describe('timelines', () => {
    it("gives a manager's events in date order, with the suspension's end and resumption as entries and trading days between", async () => {
      const data = dataOf(
        await server.query(
          '{ manager(slug: "ningbo-lingjun") { timeline { date kind datePrecision title titleEn tradingDaysSincePrevious event { __typename } } } }',
        ),
      );
      const entries = data.manager.timeline;
      expect(entries.map((e: any) => e.date)).toEqual([...entries.map((e: any) => e.date)].sort());
      expect(entries.map((e: any) => [e.date, e.kind, e.tradingDaysSincePrevious])).toEqual([
        ['2024-01-01', 'EVENT', null],
        ['2024-02-02', 'EVENT', 24],
        ['2024-02-20', 'EVENT', 6], // 5, 6, 7, 8 and 19, 20 February: the Spring Festival closure in between
        ['2024-02-20', 'EVENT', 0],
        ['2024-02-20', 'EVENT', 0],
        ['2024-02-22', 'SUSPENSION_ENDS', 2],
        ['2024-02-22', 'SUSPENSION_ENDS', 0],
        ['2024-02-23', 'TRADING_RESUMES', 1],
        ['2024-02-23', 'TRADING_RESUMES', 0],
      ]);
      expect(entries[5].title).toMatch(/^最后一个暂停交易日：/);
      expect(entries[7].titleEn).toMatch(/^Trading may resume: /);
      expect(entries[0].datePrecision).toBe('YEAR');
    });

    it('gives a timeline across all authorities, leaving trading days out where the calendar does not reach', async () => {
      const data = dataOf(
        await server.query(
          '{ timeline(filter: { types: [REGULATORY_MEASURE, EXCHANGE_PENALTY, TRADING_SUSPENSION] }) { date kind tradingDaysSincePrevious event { authority { code } } } }',
        ),
      );
      const entries = data.timeline;
      expect(entries[0]).toMatchObject({ date: '2023-05-01', tradingDaysSincePrevious: null, event: { authority: { code: 'SAMR_LOCAL' } } });
      const inSeptember = entries.filter((e: any) => e.date === '2023-09-01');
      expect(inSeptember[1].tradingDaysSincePrevious).toBe(0);
      expect(entries.find((e: any) => e.date === '2023-08-31').tradingDaysSincePrevious).toBeNull(); // 2023 is not in the curated calendar
      expect(entries.filter((e: any) => e.kind !== 'EVENT')).toHaveLength(4);
      const bad = await server.query('{ timeline(limit: 0) { date } }');
      expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('charts', () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['circle', 'text', 'rect', 'line', 'path'].includes(name),
    });
    const fetchSvg = async (path: string) => {
      const response = await fetch(`${server.url}${path}`);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, 'image/svg+xml; charset=utf-8']);
      const text = await response.text();
      expect(XMLValidator.validate(text)).toBe(true);
      return { text, svg: parser.parse(text).svg };
    };

    it("draws a manager's timeline: one mark per entry, coloured by kind, labelled in Chinese and English", async () => {
      const data = dataOf(await server.query('{ manager(slug: "minghong") { chartUrl timeline { date kind event { type } } } }'));
      expect(data.manager.chartUrl).toBe('/charts/manager/minghong/timeline.svg');
      const { text, svg } = await fetchSvg(data.manager.chartUrl);
      const marks = svg.circle.filter((c: any) => c['data-kind']);
      expect(marks.map((c: any) => c['data-date'])).toEqual(data.manager.timeline.map((e: any) => e.date));
      const colourOf = (type: string) => new Set(marks.filter((c: any) => c['data-event-type'] === type).map((c: any) => c.stroke));
      expect(colourOf('REGULATORY_MEASURE').size).toBe(1);
      expect([...colourOf('REGULATORY_MEASURE')][0]).not.toEqual([...colourOf('MARKET_RUMOR')][0]);
      const labels = svg.text.map((t: any) => (typeof t === 'string' ? t : t['#text']));
      expect(labels.some((l: string) => /上海证监局对明汯投资采取责令改正/.test(l))).toBe(true);
      expect(labels.some((l: string) => /^CSRC Shanghai Bureau orders Minghong/.test(l))).toBe(true);
      expect(svg.title).toContain('明汯投资');
      expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    });

    it('draws a market window: the level from start to end, the episode shaded with its share of turnover', async () => {
      const data = dataOf(await server.query('{ marketWindows(filter: { instrumentCode: "399001.SZ" }) { nodes { chartUrl } } }'));
      const { svg } = await fetchSvg(data.marketWindows.nodes[0].chartUrl);
      expect(svg.rect.filter((r: any) => r.class === 'episode').map((r: any) => r['data-episode'])).toEqual(['lingjun-szse-sell-2024-02-19']);
      const label = svg.text.find((t: any) => t.class === 'episode-label')['#text'];
      expect(label).toBe('宁波灵均 卖出 13.72 亿 = 4.22% 成交金额 of turnover (42 s of a 60 s window)');
      expect(svg.text.find((t: any) => t.class === 'summary')['#text']).toContain('8957.28 → 8871.65 (-0.96%)');
      expect(svg.path.find((p: any) => p.class === 'level')['stroke-dasharray']).toBe('6 4');
    });

    it('answers 404 JSON for a chart of nothing', async () => {
      for (const path of ['/charts/manager/nobody/timeline.svg', '/charts/window/bm9wZQ.svg', '/charts/window/../x.svg']) {
        const response = await fetch(`${server.url}${path}`);
        expect([path, response.status]).toEqual([path, 404]);
        expect(((await response.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
      }
    });
  });

  describe('exports', () => {
    it('exports events as CSV: UTF-8 with BOM, RFC 4180 quoting, plain amounts, the same filters as events', async () => {
      const response = await fetch(`${server.url}/export/events.csv?types=TRADING_SUSPENSION,EXCHANGE_PENALTY&managerSlugs=ningbo-lingjun`);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="fundwatch-events.csv"');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      expect(text.split('\r\n').length).toBeGreaterThan(4);
      const [header, ...rows] = parseCsv(text).map((r) => r.fields);
      const api = dataOf(
        await server.query('{ events(filter: { types: [TRADING_SUSPENSION, EXCHANGE_PENALTY], managerSlugs: ["ningbo-lingjun"] }) { nodes { id } } }'),
      );
      expect(rows.map((r) => r[0])).toEqual(api.events.nodes.map((n: any) => n.id));
      const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
      const sse = records.find((r) => r.type === 'TRADING_SUSPENSION' && r.authority === 'SSE')!;
      expect(sse).toMatchObject({
        startDate: '2024-02-20',
        tradingDays: '3',
        endDate: '2024-02-22',
        resumeDate: '2024-02-23',
        tradedAmountCny: '1195000000',
        managers: 'ningbo-lingjun',
      });
      const reprimand = records.find((r) => r.measure === 'PUBLIC_REPRIMAND')!;
      expect(reprimand.ruleCited).toBe('《上海证券交易所交易规则》第 7.2 条第（六）项');
      expect(reprimand.sourceQuotes).toContain('“通过计算机程序自动生成或者下达交易指令进行程序化交易，影响本所系统安全或者正常交易秩序”');
    });

    it('quotes a field as RFC 4180 says, and reads it back', () => {
      const csv = toCsv(
        ['a', 'b', 'c'],
        [
          ['plain', 'with, comma', 'with "quote"\nand a line'],
          [1195000000, null, -0.64],
        ],
      );
      expect(csv).toBe('\ufeffa,b,c\r\nplain,"with, comma","with ""quote""\nand a line"\r\n1195000000,,-0.64\r\n');
      expect(parseCsv(csv).map((r) => r.fields)).toEqual([
        ['a', 'b', 'c'],
        ['plain', 'with, comma', 'with "quote"\nand a line'],
        ['1195000000', '', '-0.64'],
      ]);
    });

    it('exports events as JSON with every field and source, and rejects a bad filter with 400', async () => {
      const response = await fetch(`${server.url}/export/events.json?authorities=AMAC&authorities=CSRC_SH`);
      const body: any = await response.json();
      expect(body.count).toBe(3);
      expect(body.events.every((e: any) => e.sources.length > 0 && ['AMAC', 'CSRC_SH'].includes(e.authority.code))).toBe(true);
      for (const [query, parameter] of [
        ['from=2024-13-01', 'from'],
        ['types=NOPE', 'types'],
        ['colour=red', 'colour'],
        ['types=TRADING_SUSPENSION,NOPE', 'types'],
      ]) {
        const bad = await fetch(`${server.url}/export/events.json?${query}`);
        expect([query, bad.status]).toEqual([query, 400]);
        const error = ((await bad.json()) as any).errors[0];
        expect(error.extensions.code).toBe('BAD_USER_INPUT');
        // The URL parameter is named, never the internal variable the export runs its query with.
        expect(error.message).toContain(`"${parameter}"`);
        expect(error.message).not.toMatch(/\$filter|\$types|filter\./);
      }
    });

    it("exports a manager's dossier with everything linked and every citation", async () => {
      const response = await fetch(`${server.url}/export/manager/ningbo-lingjun.json`);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="fundwatch-ningbo-lingjun.json"');
      const dossier: any = await response.json();
      expect(dossier).toMatchObject({ slug: 'ningbo-lingjun', legalName: '宁波灵均投资管理合伙企业（有限合伙）' });
      expect(dossier.people.map((p: any) => p.name).sort()).toEqual(['蔡枚杰', '马志宇']);
      expect(dossier.events.totalCount).toBe(dossier.events.nodes.length);
      expect(dossier.tradingEpisodes.map((e: any) => e.amountCny).sort()).toEqual([1195000000, 1372000000]);
      expect(dossier.timeline.length).toBeGreaterThan(dossier.events.totalCount);
      let citations = 0;
      JSON.stringify(dossier, (key, value) => {
        if (key === 'sources') {
          expect(value.length).toBeGreaterThan(0);
          citations += value.length;
        }
        return value;
      });
      expect(citations).toBeGreaterThan(20);
      const nobody = await fetch(`${server.url}/export/manager/nobody.json`);
      expect(nobody.status).toBe(404);
      expect(((await nobody.json()) as any).errors[0]).toMatchObject({
        message: 'There is no manager "nobody"; the managers query lists every slug',
        extensions: { code: 'NOT_FOUND' },
      });
    });
  });
});
