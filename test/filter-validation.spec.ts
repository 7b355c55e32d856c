import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { toGlobalId } from '../src/core/global-id';
import { EVENT_TYPE_NAMES } from '../src/events/event.entity';
import { EventType, Measure, SanctionStage } from '../src/events/event.enums';
import { playgroundExamples } from '../src/playground/examples';
import { dataOf, GraphQLResponse, SEED_DIR, startTestServer, TestServer } from './support/server';

/** What the curated seed holds, read from its filings: every expectation below is derived from these. */
interface EventFiling {
  id: string;
  type: EventType;
  authority?: string;
  measure?: Measure;
  stage?: SanctionStage;
}
interface AuthorityFiling {
  code: string;
  nameZh: string;
  shortNameZh?: string;
  nameEn: string;
}
const filingsIn = <T>(folder: string): T[] =>
  fs
    .readdirSync(path.join(SEED_DIR, 'filings', folder))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => YAML.parse(fs.readFileSync(path.join(SEED_DIR, 'filings', folder, file), 'utf8')) as T);
const EVENTS = filingsIn<EventFiling>('events');
const AUTHORITIES = (YAML.parse(fs.readFileSync(path.join(SEED_DIR, 'filings', 'authorities.yaml'), 'utf8')) as { authorities: AuthorityFiling[] }).authorities;
const MANAGER_SLUGS = filingsIn<{ id: string }>('managers').map((m) => m.id);
const INSTRUMENT_CODES = (
  YAML.parse(fs.readFileSync(path.join(SEED_DIR, 'filings', 'market', 'instruments.yaml'), 'utf8')) as { instruments: { code: string }[] }
).instruments.map((i) => i.code);

const idOf = (filing: EventFiling) => toGlobalId(EVENT_TYPE_NAMES[filing.type], filing.id);
const idsOf = (filings: EventFiling[]) => filings.map(idOf).sort();
/** The events a measures filter selects: those whose filing gives one of the measures; TRADING_SUSPENSION also selects every suspension. */
const withMeasures = (measures: Measure[]) =>
  EVENTS.filter(
    (e) =>
      (e.measure !== undefined && measures.includes(e.measure)) || (measures.includes(Measure.TRADING_SUSPENSION) && e.type === EventType.TRADING_SUSPENSION),
  );
const withStages = (stages: SanctionStage[]) => EVENTS.filter((e) => e.stage !== undefined && stages.includes(e.stage));

/** An unknown filter value is refused alike everywhere: HTTP 400, BAD_USER_INPUT, the value named, the valid ones listed. */
describe('filter values are checked the same way in every filter', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  function expectRefusal(status: number, body: GraphQLResponse['body'], value: string, valid: string[]) {
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(`"${value}"`);
    for (const known of valid) expect(error.message).toContain(known);
  }

  /** Twice: the first run of a document is executed by graphql-js, the second by its graphql-jit compilation. */
  async function expectRefused(query: string, variables: Record<string, unknown>, value: string, valid: string[]) {
    for (let run = 0; run < 2; run += 1) {
      const response = await server.query(query, variables);
      expectRefusal(response.status, response.body, value, valid);
    }
  }

  async function expectExportRefused(parameters: string, value: string, valid: string[]) {
    for (const format of ['json', 'csv']) {
      const response = await fetch(`${server.url}/export/events.${format}?${parameters}`);
      expectRefusal(response.status, (await response.json()) as GraphQLResponse['body'], value, valid);
    }
  }

  const AUTHORITY_CODES = AUTHORITIES.map((a) => a.code);
  const BY_AUTHORITY = [
    ['events', 'query($v: [String!]) { events(filter: { authorities: $v }) { totalCount } }'],
    ['timeline', 'query($v: [String!]) { timeline(filter: { authorities: $v }) { date } }'],
    ['search', 'query($v: [String!]) { search(query: "交易", filter: { authorities: $v }) { totalCount } }'],
    ['announcements', 'query($v: [String!]) { announcements(filter: { authorities: $v }) { totalCount } }'],
  ];

  it.each(BY_AUTHORITY)('refuses an unknown authority in %s, listing the authorities', async (_field, query) => {
    await expectRefused(query, { v: ['SSE', 'NOPE'] }, 'NOPE', AUTHORITY_CODES);
    // A name the data does not give is not guessed at.
    await expectRefused(query, { v: ['上海交易所'] }, '上海交易所', AUTHORITY_CODES);
    // Codes are codes: the lower-case spelling of one is not another name for it.
    await expectRefused(query, { v: ['sse'] }, 'sse', AUTHORITY_CODES);
  });

  it('refuses an unknown authority written in the query, not only in a variable', async () => {
    await expectRefused('{ events(filter: { authorities: ["上交所", "NOPE"] }) { totalCount } }', {}, 'NOPE', AUTHORITY_CODES);
  });

  const BY_MANAGER = [
    ['events', 'query($v: [String!]) { events(filter: { managerSlugs: $v }) { totalCount } }'],
    ['timeline', 'query($v: [String!]) { timeline(filter: { managerSlugs: $v }) { date } }'],
    ['search', 'query($v: [String!]) { search(query: "灵均", filter: { managerSlugs: $v }) { totalCount } }'],
    ['announcements', 'query($v: [String!]) { announcements(filter: { managerSlugs: $v }) { totalCount } }'],
    ['products', 'query($v: [String!]) { products(filter: { managerSlugs: $v }) { totalCount } }'],
  ];

  it.each(BY_MANAGER)('refuses an unknown manager slug in %s, listing the slugs', async (_field, query) => {
    await expectRefused(query, { v: ['minghong', 'no-such-manager'] }, 'no-such-manager', MANAGER_SLUGS);
  });

  it('refuses an unknown instrument in marketWindows, listing the instruments', async () => {
    await expectRefused(
      'query($v: String) { marketWindows(filter: { instrumentCode: $v }) { totalCount } }',
      { v: '999999.SH' },
      '999999.SH',
      INSTRUMENT_CODES,
    );
  });

  const ENUMS = [
    ['events types', 'query($v: [EventType!]) { events(filter: { types: $v }) { totalCount } }', Object.values(EventType)],
    ['events measures', 'query($v: [Measure!]) { events(filter: { measures: $v }) { totalCount } }', Object.values(Measure)],
    ['events stages', 'query($v: [SanctionStage!]) { events(filter: { stages: $v }) { totalCount } }', Object.values(SanctionStage)],
    [
      'search kinds',
      'query($v: [SearchKind!]) { search(query: "灵均", filter: { kinds: $v }) { totalCount } }',
      ['ANNOUNCEMENT', 'EVENT', 'MANAGER', 'PRODUCT'],
    ],
    ['announcements kinds', 'query($v: [AnnouncementKind!]) { announcements(filter: { kinds: $v }) { totalCount } }', ['ARTICLE', 'AUTHORITY_STATEMENT']],
  ] as const;

  it.each(ENUMS)('refuses an unknown value of %s, in a variable and in the query, listing the values', async (_label, query, values) => {
    await expectRefused(query, { v: ['NOPE'] }, 'NOPE', [...values]);
    const literal = query.replace(/^query\(\$v: [^)]*\) /, '').replace('$v', '[NOPE]');
    await expectRefused(literal, {}, 'NOPE', [...values]);
  });

  it('refuses unknown filter values in the event exports, naming the URL parameter and the valid values', async () => {
    await expectExportRefused('authorities=SSE,NOPE', 'NOPE', ['"authorities"', ...AUTHORITY_CODES]);
    await expectExportRefused('managerSlugs=no-such-manager', 'no-such-manager', ['"managerSlugs"', ...MANAGER_SLUGS]);
    await expectExportRefused('types=NOPE', 'NOPE', ['"types"', ...Object.values(EventType)]);
    await expectExportRefused('measures=PUBLIC_REPRIMAND,NOPE', 'NOPE', ['"measures"', ...Object.values(Measure)]);
    await expectExportRefused('stages=NOPE', 'NOPE', ['"stages"', ...Object.values(SanctionStage)]);
  });

  it('says why a date is no calendar day on every run of a query, not only the first', async () => {
    // The first run of a document is graphql-js's, later ones graphql-jit's, which keeps the reason apart.
    for (let run = 0; run < 3; run += 1) {
      const response = await server.query('query($f: EventFilter) { events(filter: $f) { totalCount } }', { f: { from: '2024-02-30' } });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0].message).toContain('2024-02-30 is not a calendar day: February 2024 has 29 days');
      const exported = await fetch(`${server.url}/export/events.json?from=2024-02-30`);
      expect(exported.status).toBe(400);
      const { errors } = (await exported.json()) as GraphQLResponse['body'];
      expect(errors?.[0].message).toMatch(
        /^The URL parameter "from" has an invalid value "2024-02-30"; .*2024-02-30 is not a calendar day: February 2024 has 29 days/,
      );
    }
  });

  describe('an authority by a name its record gives', () => {
    const names = AUTHORITIES.flatMap((a) => [a.nameZh, a.shortNameZh, a.nameEn].filter((n): n is string => Boolean(n)).map((name) => [name, a.code]));

    it("is in the seed as the issue asks: 上交所 and 上海证券交易所 are the SSE's", () => {
      expect(names).toEqual(
        expect.arrayContaining([
          ['上交所', 'SSE'],
          ['上海证券交易所', 'SSE'],
        ]),
      );
    });

    const BY_AUTHORITY_EVERYWHERE = `query($v: [String!]) {
      events(filter: { authorities: $v }, first: 100) { totalCount nodes { id } }
      search(query: "交易", filter: { authorities: $v }, first: 100) { totalCount hits { title } }
      announcements(filter: { authorities: $v }) { nodes { slug } }
    }`;

    it.each(names)('%s selects the same events, hits and documents as %s', async (name, code) => {
      const byName = dataOf(await server.query(BY_AUTHORITY_EVERYWHERE, { v: [name] }));
      expect(byName).toEqual(dataOf(await server.query(BY_AUTHORITY_EVERYWHERE, { v: [code] })));
      expect(byName.events.nodes.map((n: { id: string }) => n.id).sort()).toEqual(idsOf(EVENTS.filter((e) => e.authority === code)));
    });

    it('selects the same events in the exports', async () => {
      const exported = async (value: string) => {
        const response = await fetch(`${server.url}/export/events.json?authorities=${encodeURIComponent(value)}`);
        expect(response.status).toBe(200);
        return ((await response.json()) as { events: { id: string }[] }).events;
      };
      const byCode = await exported('SSE');
      expect(byCode.map((e) => e.id).sort()).toEqual(idsOf(EVENTS.filter((e) => e.authority === 'SSE')));
      expect(await exported('上交所')).toEqual(byCode);
      expect(await exported('上海证券交易所')).toEqual(byCode);
    });
  });
});

/** events(filter: { measures, stages }) and the exports' measures= and stages= parameters. */
describe('the measures and stages filters', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  async function eventIds(filter: Record<string, unknown>): Promise<string[]> {
    const data = dataOf(await server.query('query($f: EventFilter) { events(filter: $f, first: 100) { totalCount nodes { id } } }', { f: filter }));
    expect(data.events.totalCount).toBe(data.events.nodes.length);
    return data.events.nodes.map((n: { id: string }) => n.id).sort();
  }

  async function exportedIds(parameters: string): Promise<string[]> {
    const response = await fetch(`${server.url}/export/events.json?${parameters}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { events: { id: string }[] }).events.map((e) => e.id).sort();
  }

  const SEED_MEASURES = [...new Set(EVENTS.flatMap((e) => (e.measure ? [e.measure] : [])))].sort();

  it('the seed has measures on penalties, measures and suspensions, and stages on penalties', () => {
    expect(SEED_MEASURES).toEqual(
      expect.arrayContaining([Measure.PUBLIC_REPRIMAND, Measure.ENFORCEMENT_VISIT, Measure.WINDOW_GUIDANCE, Measure.TRADING_SUSPENSION]),
    );
    expect(withStages(Object.values(SanctionStage)).length).toBeGreaterThan(0);
  });

  it.each(Object.values(Measure))('measures: [%s] returns exactly the seed events with that measure', async (measure) => {
    expect(await eventIds({ measures: [measure] })).toEqual(idsOf(withMeasures([measure])));
  });

  it('several measures select either; with types and authorities they combine with AND', async () => {
    const pair = [Measure.PUBLIC_REPRIMAND, Measure.WRITTEN_WARNING];
    expect(await eventIds({ measures: pair })).toEqual(idsOf(withMeasures(pair)));
    expect(withMeasures(pair).map((e) => e.type)).toEqual(expect.arrayContaining([EventType.EXCHANGE_PENALTY, EventType.REGULATORY_MEASURE]));
    expect(await eventIds({ measures: pair, types: [EventType.EXCHANGE_PENALTY] })).toEqual(
      idsOf(withMeasures(pair).filter((e) => e.type === EventType.EXCHANGE_PENALTY)),
    );
    expect(await eventIds({ measures: [Measure.PUBLIC_REPRIMAND], authorities: ['基金业协会'] })).toEqual(
      idsOf(withMeasures([Measure.PUBLIC_REPRIMAND]).filter((e) => e.authority === 'AMAC')),
    );
    expect(await eventIds({ measures: SEED_MEASURES })).toEqual(idsOf(withMeasures(SEED_MEASURES)));
  });

  it.each(Object.values(SanctionStage))('stages: [%s] returns exactly the seed events at that stage', async (stage) => {
    expect(await eventIds({ stages: [stage] })).toEqual(idsOf(withStages([stage])));
  });

  it('stages and measures combine with AND', async () => {
    const expected = withStages([SanctionStage.INITIATED]).filter((e) => e.measure === Measure.PUBLIC_REPRIMAND);
    expect(expected.length).toBeGreaterThan(0);
    expect(await eventIds({ stages: [SanctionStage.INITIATED], measures: [Measure.PUBLIC_REPRIMAND] })).toEqual(idsOf(expected));
    expect(await eventIds({ stages: [SanctionStage.DECIDED], measures: [Measure.PUBLIC_REPRIMAND] })).toEqual(
      idsOf(withStages([SanctionStage.DECIDED]).filter((e) => e.measure === Measure.PUBLIC_REPRIMAND)),
    );
  });

  it('the exports take measures= and stages=, comma-separated or repeated', async () => {
    expect(await exportedIds('measures=ENFORCEMENT_VISIT,WINDOW_GUIDANCE')).toEqual(idsOf(withMeasures([Measure.ENFORCEMENT_VISIT, Measure.WINDOW_GUIDANCE])));
    expect(await exportedIds('measures=ENFORCEMENT_VISIT&measures=WINDOW_GUIDANCE')).toEqual(
      idsOf(withMeasures([Measure.ENFORCEMENT_VISIT, Measure.WINDOW_GUIDANCE])),
    );
    expect(await exportedIds('stages=DECIDED')).toEqual(idsOf(withStages([SanctionStage.DECIDED])));
    expect(await exportedIds('measures=PUBLIC_REPRIMAND&stages=INITIATED')).toEqual(
      idsOf(withStages([SanctionStage.INITIATED]).filter((e) => e.measure === Measure.PUBLIC_REPRIMAND)),
    );
    const csv = await (await fetch(`${server.url}/export/events.csv?measures=TRADING_SUSPENSION`)).text();
    const rows = csv.trim().split(/\r?\n/).slice(1);
    expect(rows.map((row) => row.split(',')[0]).sort()).toEqual(idsOf(withMeasures([Measure.TRADING_SUSPENSION])));
  });
});

/** The playground's starter tab for penalties and measures, run as GraphiQL sends it. */
describe('the playground tab "Penalties and measures by authority"', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  it('shows every penalty and every measure of the knowledge base with its default variables', async () => {
    const tab = playgroundExamples.find((e) => e.title === 'Penalties and measures by authority')!;
    expect(tab).toBeDefined();
    const shown = dataOf(await server.query(tab.query, tab.variables));
    expect(shown.events.pageInfo.hasNextPage).toBe(false);
    const everything = dataOf(await server.query('{ events(first: 100) { totalCount nodes { __typename type date title } } }'));
    expect(everything.events.totalCount).toBe(everything.events.nodes.length);
    const penaltiesAndMeasures = everything.events.nodes
      .filter((n: { __typename: string }) => ['ExchangePenalty', 'RegulatoryMeasure'].includes(n.__typename))
      .map(({ type, date, title }: Record<string, string>) => ({ type, date, title }));
    expect(shown.events.edges.map(({ node: { type, date, title } }: { node: Record<string, string> }) => ({ type, date, title }))).toEqual(
      penaltiesAndMeasures,
    );
    expect(shown.events.totalCount).toBe(penaltiesAndMeasures.length);
    // The ones the old default hid: the local enforcement visit and the window guidance, which names no authority.
    const penaltyAndMeasureFilings = EVENTS.filter((e) => e.type === EventType.EXCHANGE_PENALTY || e.type === EventType.REGULATORY_MEASURE);
    expect(shown.events.totalCount).toBe(penaltyAndMeasureFilings.length);
    expect(penaltyAndMeasureFilings.filter((e) => e.authority === 'SAMR_LOCAL' || e.authority === undefined).length).toBeGreaterThanOrEqual(2);
  });
});
