import { dataOf, startTestServer, TestServer } from './support/server';

/** Each event type, its fields and its sources, read over HTTP from the curated knowledge base. */
describe('events over the curated knowledge base', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  const EVENT_FIELDS = `
    __typename id type date datePrecision dateNote title titleEn summary
    manager { slug } managers { slug } products { slug } authority { code }
    sources { quote note announcement { slug kind } }
    ... on ExchangePenalty { exchange { code } measure measureCategory stage ruleCited ruleText tradingEpisodes { amountCny exchange { code } } }
    ... on TradingSuspension { exchange { code } startDate tradingDays endDate resumeDate scope tradingEpisodes { amountCny } }
    ... on LiquidationNotice { liquidationKind liquidationGroupFormed deregistrationPlanned }
    ... on RegulatoryMeasure { regulatoryMeasure: measure measureCategory durationMonths reason }
    ... on PerformanceDisclosure { dataVendor asOf figures { subjectKind metric comparator valuePercent count countComparator periodLabel periodStart periodEnd asOf dataVendor basis product { slug } manager { slug } cohort sources { quote } } }
    ... on MarketRumor { claim rumorStatus assessment denials { speaker statement manager { slug } sources { quote } } }
  `;

  async function eventsOf(filter: Record<string, unknown>) {
    const data = dataOf(
      await server.query(`query($filter: EventFilter) { events(filter: $filter, first: 100) { totalCount nodes { ${EVENT_FIELDS} } } }`, { filter }),
    );
    return data.events as { totalCount: number; nodes: any[] };
  }

  it('lists every event newest first, each with at least one source quote', async () => {
    const { totalCount, nodes } = await eventsOf({});
    expect(totalCount).toBe(21);
    expect(nodes).toHaveLength(21);
    const dates = nodes.map((n) => n.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const node of nodes) {
      expect(node.sources.length).toBeGreaterThan(0);
      for (const source of node.sources) expect(source.quote.length).toBeGreaterThan(5);
    }
    expect(new Set(nodes.map((n) => n.__typename))).toEqual(
      new Set(['ExchangePenalty', 'TradingSuspension', 'LiquidationNotice', 'RegulatoryMeasure', 'PerformanceDisclosure', 'MarketRumor']),
    );
  });

  it('answers who suspended Ningbo Lingjun, from when to when, in trading days', async () => {
    const { nodes } = await eventsOf({ types: ['TRADING_SUSPENSION'] });
    expect(nodes.map((n) => n.exchange.code).sort()).toEqual(['SSE', 'SZSE']);
    for (const n of nodes) {
      expect(n).toMatchObject({
        manager: { slug: 'ningbo-lingjun' },
        startDate: '2024-02-20',
        tradingDays: 3,
        endDate: '2024-02-22',
        resumeDate: '2024-02-23',
        scope: '沪深两市股票',
      });
      expect(n.sources[0].quote).toContain('暂停交易沪深两市股票三个交易日');
    }
    const sse = nodes.find((n) => n.exchange.code === 'SSE');
    expect(sse.tradingEpisodes).toEqual([{ amountCny: 1195000000 }]);
    const szse = nodes.find((n) => n.exchange.code === 'SZSE');
    expect(szse.tradingEpisodes).toEqual([{ amountCny: 1372000000 }]);
  });

  it('answers which exchange sanctions are under way, at which stage, for which rule', async () => {
    const { nodes } = await eventsOf({ types: ['EXCHANGE_PENALTY'] });
    const reprimand = nodes.find((n) => n.measure === 'PUBLIC_REPRIMAND');
    expect(reprimand).toMatchObject({
      exchange: { code: 'SSE' },
      stage: 'INITIATED',
      measureCategory: 'DISCIPLINARY_SANCTION',
      ruleCited: '《上海证券交易所交易规则》第 7.2 条第（六）项',
      ruleText: '通过计算机程序自动生成或者下达交易指令进行程序化交易，影响本所系统安全或者正常交易秩序',
      datePrecision: 'APPROXIMATE',
    });
    expect(reprimand.dateNote).toMatch(/no date/);
    expect(reprimand.sources.map((s: any) => s.announcement.slug)).toContain('sse-statement-lingjun-abnormal-trading');
    const warnings = nodes.find((n) => n.measure === 'WRITTEN_WARNING');
    expect(warnings).toMatchObject({ exchange: { code: 'SZSE' }, stage: 'DECIDED', datePrecision: 'YEAR' });
  });

  it('answers which managers dissolved', async () => {
    const { nodes } = await eventsOf({ types: ['LIQUIDATION_NOTICE'] });
    expect(nodes).toEqual([
      expect.objectContaining({
        date: '2024-02-08',
        manager: { slug: 'ningbo-mingling' },
        liquidationKind: 'MANAGER_DISSOLUTION',
        liquidationGroupFormed: true,
        deregistrationPlanned: true,
        authority: null,
      }),
    ]);
  });

  it('answers what regulators did to Minghong, by authority and measure', async () => {
    const { nodes } = await eventsOf({ types: ['REGULATORY_MEASURE'], managerSlugs: ['minghong'] });
    const summary = nodes.map((n) => [n.date, n.authority.code, n.regulatoryMeasure, n.durationMonths]);
    expect(summary).toEqual([
      ['2023-09-01', 'AMAC', 'PUBLIC_REPRIMAND', null],
      ['2023-09-01', 'AMAC', 'FILING_SUSPENSION', 3],
      ['2023-08-31', 'CSRC_SH', 'ORDER_TO_CORRECT', null],
      ['2023-05-01', 'SAMR_LOCAL', 'ENFORCEMENT_VISIT', null],
    ]);
    expect(nodes[0].datePrecision).toBe('MONTH');
    expect(nodes[2].datePrecision).toBe('DAY');
  });

  it('answers how products performed, as of when, per which data vendor', async () => {
    const { nodes } = await eventsOf({ types: ['PERFORMANCE_DISCLOSURE'] });
    const figures = nodes.flatMap((n) => n.figures);
    const lingjun = figures.filter((f) => f.product?.slug === 'lingjun-quant-long-short-multi-strategy');
    expect(lingjun.map((f) => [f.valuePercent, f.periodLabel, f.asOf, f.dataVendor])).toEqual([
      [9.21, '2023 年', '2024-02-02', '私募排排网'],
      [-11.74, '2024 年以来截至 2 月 2 日', '2024-02-02', '私募排排网'],
    ]);
    const flagship = figures.find((f) => f.product?.slug === 'ubiquant-rixiang-csi1000-enhanced-1');
    expect(flagship).toMatchObject({ valuePercent: -28.82, asOf: '2024-02-20', dataVendor: '好买基金网', basis: 'DATA_VENDOR' });
    const minghongCount = figures.find((f) => f.manager?.slug === 'minghong' && f.count === 20);
    expect(minghongCount).toMatchObject({ metric: 'RETURN', comparator: 'BELOW', valuePercent: -20, countComparator: 'ABOVE' });
    const statement = figures.find((f) => f.basis === 'MANAGER_STATEMENT' && f.metric === 'DRAWDOWN');
    expect(statement).toMatchObject({ valuePercent: 22, dataVendor: null, manager: { slug: 'minghong' } });
    for (const f of figures) expect(f.sources.length).toBeGreaterThan(0);
  });

  it('answers which rumours circulated and who denied them', async () => {
    const { nodes } = await eventsOf({ types: ['MARKET_RUMOR'] });
    expect(nodes.map((n) => n.rumorStatus).sort()).toEqual(['DENIED', 'EXAGGERATED', 'PARTLY_CONFIRMED']);
    const denied = nodes.find((n) => n.rumorStatus === 'DENIED');
    expect(denied.denials.map((d: any) => d.manager.slug)).toEqual(['ubiquant', 'minghong']);
    expect(denied.denials[0].statement).toContain('没有 DMA 策略');
    const exaggerated = nodes.find((n) => n.rumorStatus === 'EXAGGERATED');
    expect(exaggerated.managers.map((m: any) => m.slug)).toEqual(['minghong', 'high-flyer', 'ubiquant']);
    expect(exaggerated.assessment).toBe('相关情况多有夸张');
  });

  it('filters by authority and by date range', async () => {
    const byAmac = await eventsOf({ authorities: ['AMAC'] });
    expect(byAmac.nodes.every((n) => n.authority.code === 'AMAC')).toBe(true);
    expect(byAmac.totalCount).toBe(2);
    const february = await eventsOf({ from: '2024-02-19', to: '2024-02-20' });
    expect(february.nodes.length).toBeGreaterThan(0);
    expect(february.nodes.every((n) => n.date >= '2024-02-19' && n.date <= '2024-02-20')).toBe(true);
  });

  it('refuses a manager or an authority that does not exist, naming the value and listing the ones there are', async () => {
    const manager = await server.query('query($f: EventFilter) { events(filter: $f) { totalCount } }', { f: { managerSlugs: ['no-such-manager'] } });
    expect(manager.status).toBe(400);
    expect(manager.body.errors?.[0]).toMatchObject({
      message:
        'Unknown value in "managerSlugs": "no-such-manager" is not the slug of a manager; the slugs are high-flyer, minghong, ningbo-lingjun, ningbo-mingling, ubiquant',
      extensions: { code: 'BAD_USER_INPUT', argument: 'managerSlugs' },
    });
    // A code in lower case is no code: the authorities' records give the names there are.
    const authority = await server.query('{ events(filter: { authorities: ["sse"] }) { totalCount } }');
    expect(authority.status).toBe(400);
    expect(authority.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'authorities' });
    expect(authority.body.errors?.[0].message).toMatch(
      /^Unknown value in "authorities": "sse" is not the code or a name of an authority; the authorities are AMAC \(中国证券投资基金业协会, 基金业协会, .*SSE \(上海证券交易所, 上交所, Shanghai Stock Exchange\)/,
    );
  });

  it('rejects a date that does not exist, naming it, in a literal and in a variable', async () => {
    const literal = await server.query('{ events(filter: { from: "2024-02-30" }) { totalCount } }');
    expect(literal.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(literal.body.errors?.[0].message).toContain('2024-02-30 is not a calendar day: February 2024 has 29 days');
    expect(literal.status).toBe(400);
    const variable = await server.query('query($f: EventFilter) { events(filter: $f) { totalCount } }', { f: { to: '2024-13-01' } });
    expect(variable.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(variable.body.errors?.[0].message).toContain('2024-13-01 is not a calendar day: there is no month 13');
    expect(variable.body.data).toBeUndefined();
    const shape = await server.query('{ events(filter: { from: "20 Feb 2024" }) { totalCount } }');
    expect(shape.body.errors?.[0].message).toContain('must be a calendar day written YYYY-MM-DD; got "20 Feb 2024"');
  });
});
