import { dataOf, startTestServer, TestServer } from './support/server';

/** The root queries other specs do not cover: announcements, products, people, authorities, concepts, the calendar. */
describe('root queries over the curated knowledge base', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  it("lists announcements by kind and authority, with the article's raw and cleaned text", async () => {
    const data = dataOf(
      await server.query(`{
        statements: announcements(filter: { kinds: [AUTHORITY_STATEMENT] }) { totalCount nodes { slug authority { code } quotedIn { slug } passages } }
        sse: announcements(filter: { authorities: ["SSE"] }) { nodes { slug } }
        notes: announcements(filter: { kinds: [CURATOR_NOTE] }) { nodes { slug language } }
        article: announcement(slug: "article-quant-funds-darkest-hour") { kind publishedOn dateNote url body rawBody passages }
      }`),
    );
    expect(data.statements.nodes.map((n: any) => [n.slug, n.authority.code, n.quotedIn.slug, n.passages.length])).toEqual([
      ['sse-statement-lingjun-abnormal-trading', 'SSE', 'article-quant-funds-darkest-hour', 2],
      ['szse-statement-lingjun-abnormal-trading', 'SZSE', 'article-quant-funds-darkest-hour', 2],
    ]);
    expect(data.sse.nodes).toEqual([{ slug: 'sse-statement-lingjun-abnormal-trading' }]);
    expect(data.notes.nodes.every((n: any) => n.language === 'en')).toBe(true);
    const article = data.article;
    expect(article).toMatchObject({ kind: 'ARTICLE', publishedOn: null, url: null });
    expect(article.dateNote).toMatch(/2024-02-20/);
    expect(article.rawBody).toContain('宁波灵均投资管理合伙企业（有限合\n\n伙）');
    expect(article.body).toContain('宁波灵均投资管理合伙企业（有限合伙）');
    expect(article.passages[3]).toMatch(/^中国市场知名的百亿级量化私募宁波灵均.*纪律处分程序。$/);
  });

  it('finds products by manager and reports their performance', async () => {
    const data = dataOf(
      await server.query(`{
        products(filter: { managerSlugs: ["ubiquant"] }) { nodes { slug name aliases isFlagship strategy manager { slug } events { title } performance { valuePercent dataVendor asOf } sources { quote } } }
        all: products { totalCount }
      }`),
    );
    expect(data.all.totalCount).toBe(2);
    expect(data.products.nodes).toEqual([
      expect.objectContaining({
        slug: 'ubiquant-rixiang-csi1000-enhanced-1',
        name: '九坤日享中证1000指数增强1号',
        isFlagship: true,
        strategy: '中证1000 指数增强',
        manager: { slug: 'ubiquant' },
        performance: [{ valuePercent: -28.82, dataVendor: '好买基金网', asOf: '2024-02-20' }],
      }),
    ]);
    expect(data.products.nodes[0].events).toHaveLength(1);
  });

  it('answers a person with roles and sources, and lists managers by status', async () => {
    const data = dataOf(
      await server.query(`{
        person(slug: "ma-zhiyu") { name education roles { organization title current manager { slug } person { slug } } sources { quote } }
        dissolving: managers(filter: { statuses: [DISSOLVING] }) { nodes { slug legalName aumBand } }
        large: managers(filter: { aumBands: [OVER_10B] }) { nodes { slug } }
      }`),
    );
    expect(data.person).toMatchObject({ name: '马志宇', education: '斯坦福大学金融数学与电子工程专业' });
    expect(data.person.roles[0]).toEqual({
      organization: '灵均投资',
      title: '首席投资官',
      current: true,
      manager: { slug: 'ningbo-lingjun' },
      person: { slug: 'ma-zhiyu' },
    });
    expect(data.person.sources[0].quote).toContain('千禧年基金（Millennium Partners）');
    expect(data.dissolving.nodes).toEqual([{ slug: 'ningbo-mingling', legalName: '宁波明崚投资管理有限公司', aumBand: 'UNDER_500M' }]);
    expect(data.large.nodes.map((n: any) => n.slug)).toEqual(['minghong', 'ningbo-lingjun', 'ubiquant']);
  });

  it('answers authorities, concepts and the calendar with their sources', async () => {
    const data = dataOf(
      await server.query(`{
        authority(code: "CSRC_SH") { nameZh nameEn kind sources { quote announcement { kind } } }
        nobody: authority(code: "NOPE") { code }
        concept(slug: "dma") { term termEn definition sources { quote } }
        concepts { slug }
        year2023: tradingCalendar(year: 2023) { year }
      }`),
    );
    expect(data.authority).toMatchObject({ nameZh: '上海证监局', nameEn: 'CSRC Shanghai Bureau', kind: 'REGULATOR' });
    expect(data.authority.sources.map((s: any) => s.announcement.kind)).toEqual(['ARTICLE', 'CURATOR_NOTE']);
    expect(data.nobody).toBeNull();
    expect(data.concept.definition).toContain('杠杆一般可为 4 倍');
    expect(data.concepts.map((c: any) => c.slug)).toEqual(['dma', 'micro-caps', 'snowball', 'window-guidance']);
    expect(data.year2023).toBeNull();
  });

  it('links a trading episode to the exchange actions about it and the market windows around it', async () => {
    const data = dataOf(
      await server.query(
        `{ manager(slug: "ningbo-lingjun") { tradingEpisodes { exchange { code } side amountCny events { __typename authority { code } } marketWindows { instrument { code } events { title } } } } }`,
      ),
    );
    const [sse, szse] = data.manager.tradingEpisodes.sort((a: any, b: any) => a.exchange.code.localeCompare(b.exchange.code));
    expect(sse.events.map((e: any) => e.__typename).sort()).toEqual(['ExchangePenalty', 'TradingSuspension']);
    expect(sse.marketWindows.map((w: any) => w.instrument.code)).toEqual(['000001.SH']);
    expect(sse.marketWindows[0].events).toHaveLength(2);
    expect(szse).toMatchObject({ side: 'SELL', amountCny: 1372000000, marketWindows: [{ instrument: { code: '399001.SZ' } }] });
  });
});
