import fs from 'node:fs';
import path from 'node:path';
import { compileFilings, parseFiling, prepareSeed, readFilings, SeedProblem, SeedValidationError } from '../seed/loader';
import { Filing } from '../seed/filing-schema';
import { copySeed, editSeedFile } from './support/seed-fixture';
import { SEED_DIR, startTestServer, TestServer } from './support/server';
import { toGlobalId } from '../src/core/global-id';

/**
 * Every field that states a fact agrees with its quotes (seed/facts/). Each class of contradiction is
 * tried as a careless curator would make it: one edit to a copy of the curated seed, which the loader
 * must refuse naming the file, the field, the value and what the quote says. Then every numeric and
 * date field of every filing is mutated in turn (a generated property test): each mutation is refused
 * unless the filing marks the field as not from its quote.
 */

const EVENTS = 'filings/events';
const MARKET = 'filings/market/2024-02-19-opening-minute.yaml';

function problemsOf(dir: string): SeedProblem[] {
  try {
    prepareSeed(dir);
  } catch (error) {
    if (error instanceof SeedValidationError) return error.problems;
    throw error;
  }
  return [];
}

/** One edit to a copy of the seed; the load's problems. */
function afterEdit(relative: string, from: string | RegExp, to: string): SeedProblem[] {
  const dir = copySeed();
  editSeedFile(dir, relative, (text) => text.replace(from, to));
  return problemsOf(dir);
}

describe('facts checked against their quotes', () => {
  it('finds the curated seed consistent: every checked field agrees with its quotes', () => {
    const { filings, problems } = readFilings(SEED_DIR);
    const compiled = compileFilings(SEED_DIR, filings);
    expect([...problems, ...compiled.problems]).toEqual([]);
    expect(compiled.factFields).toBeGreaterThan(350);
    process.stdout.write(`fact checks: ${compiled.factFields} fields of ${filings.length} filings checked against their quotes\n`);
  });

  const CASES: [string, string, string | RegExp, string, string, RegExp][] = [
    [
      'an amount whose digits are swapped (11.59 亿 for 11.95 亿元)',
      MARKET,
      'amount: 11.95 亿',
      'amount: 11.59 亿',
      'episodes[0].amount',
      /"11\.59 亿" .*1,159,000,000 CNY; the quotes give 11\.95 亿元 \(1,195,000,000 CNY\)/,
    ],
    [
      'a turnover whose digits are swapped (252.28 亿 for 225.28 亿元)',
      MARKET,
      'turnover: 225.28 亿',
      'turnover: 252.28 亿',
      'windows[0].turnover',
      /225\.28 亿元/,
    ],
    ['an amount in the wrong unit (11.95 万 for 11.95 亿)', MARKET, 'amount: 11.95 亿', 'amount: 11.95 万', 'episodes[0].amount', /119,500 CNY/],
    [
      'a count of trading days (4 for 三个交易日)',
      `${EVENTS}/2024-02-20-sse-trading-suspension-lingjun.yaml`,
      'tradingDays: 3',
      'tradingDays: 4',
      'tradingDays',
      /^4 is not what its quotes say: the quotes give 三个交易日/,
    ],
    [
      'a count of months (6 for 三个月)',
      `${EVENTS}/2023-09-amac-filing-suspension-minghong.yaml`,
      'durationMonths: 3',
      'durationMonths: 6',
      'durationMonths',
      /三个月/,
    ],
    [
      'a suspension starting a day late (2024-02-21 for 2 月 20 日)',
      `${EVENTS}/2024-02-20-sse-trading-suspension-lingjun.yaml`,
      'startDate: 2024-02-20',
      'startDate: 2024-02-21',
      'startDate',
      /2 月 20 日 \(2024-02-20\)/,
    ],
    [
      'an event date with swapped digits (2023-08-13 for 2023 年 8 月 31 日)',
      `${EVENTS}/2023-08-31-csrc-sh-order-to-correct-minghong.yaml`,
      'date: 2023-08-31',
      'date: 2023-08-13',
      'date',
      /2023 年 8 月 31 日/,
    ],
    [
      'a month-only date in the wrong month (2023-10 for 随后 9 月)',
      `${EVENTS}/2023-09-amac-public-reprimand-minghong.yaml`,
      'date: 2023-09-01',
      'date: 2023-10-01',
      'date',
      /9 月 \(2023-09\)/,
    ],
    [
      'an undated day in the wrong year (2023-02-20 for 2 月 20 日 in a 2024 article)',
      `${EVENTS}/2024-02-20-howbuy-ubiquant-minghong-returns.yaml`,
      'asOf: 2024-02-20',
      'asOf: 2023-02-20',
      'asOf',
      /2024-02-20/,
    ],
    [
      'the wrong authority (CSRC where the quote names 上海证监局)',
      `${EVENTS}/2023-08-31-csrc-sh-order-to-correct-minghong.yaml`,
      'authority: CSRC_SH',
      'authority: CSRC',
      'authority',
      /name no authority by 中国证监会/,
    ],
    [
      'the wrong manager (ubiquant where the quote names 明汯投资)',
      `${EVENTS}/2023-08-31-csrc-sh-order-to-correct-minghong.yaml`,
      'managers: [minghong]',
      'managers: [ubiquant]',
      'managers[0]',
      /九坤/,
    ],
    [
      'a percentage (−11.78% for -11.87%)',
      `${EVENTS}/2024-02-20-howbuy-ubiquant-minghong-returns.yaml`,
      'valuePercent: -11.87',
      'valuePercent: -11.78',
      'figures[0].valuePercent',
      /-11\.87%/,
    ],
    ['an index level (2868.20 for 2868.02 点)', MARKET, 'endLevel: 2868.02', 'endLevel: 2868.20', 'windows[0].endLevel', /2868\.02 点/],
    ['a count (6 for 5 只)', `${EVENTS}/2024-02-20-howbuy-ubiquant-minghong-returns.yaml`, 'count: 5', 'count: 6', 'figures[1].count', /5 只/],
    [
      '"20 多只" taken as exactly 20',
      `${EVENTS}/2024-02-20-howbuy-ubiquant-minghong-returns.yaml`,
      '\n    countComparator: ABOVE',
      '',
      'figures[4].count',
      /20 多只/,
    ],
    ['a time of day (09:30:43 for 9:30:42)', MARKET, 'end: 2024-02-19T09:30:42+08:00', 'end: 2024-02-19T09:30:43+08:00', 'episodes[1].end', /9:30:42/],
    [
      'an instant in another offset that is another time (09:30:42Z)',
      MARKET,
      'end: 2024-02-19T09:30:42+08:00',
      'end: 2024-02-19T09:30:42Z',
      'episodes[1].end',
      /\+08:00/,
    ],
    [
      'a change in percent of the wrong sign (0.64 for 下跌 0.64%)',
      MARKET,
      'changePercent: -0.64',
      'changePercent: 0.64',
      'windows[0].changePercent',
      /0\.64%/,
    ],
    [
      'a period ending on the wrong day',
      `${EVENTS}/2024-02-08-paipaiwang-minghong-ubiquant-losses.yaml`,
      'periodEnd: 2024-02-08',
      'periodEnd: 2024-02-09',
      'figures[0].periodEnd',
      /2024-02-08/,
    ],
    [
      "an assessment in the curators' words served as the source's",
      `${EVENTS}/2024-02-rumor-head-quants-product-liquidations.yaml`,
      'assessment: 相关情况多有夸张',
      'assessment: 相关情况多有夸张，其余未获证实',
      'assessment',
      /not in the record's quotes/,
    ],
    [
      "a label the document writes elsewhere, not in the record's quotes, unmarked",
      `${EVENTS}/2024-02-minghong-statement-returns.yaml`,
      '    curatorsWords: [periodLabel]\n',
      '',
      'figures[0].periodLabel',
      /"去年（2023 年）" is not in the record's quotes/,
    ],
    [
      'a summary giving a figure no quote gives',
      `${EVENTS}/2024-02-20-szse-trading-suspension-lingjun.yaml`,
      '合计 13.72 亿元构成',
      '合计 13.27 亿元构成',
      'summary',
      /13\.27 亿元/,
    ],
    [
      'a calendar closure a day too long',
      'filings/calendar-2024.yaml',
      '{ from: 2024-04-04, to: 2024-04-06',
      '{ from: 2024-04-04, to: 2024-04-07',
      'closures[2]',
      /Apr 4-6/,
    ],
  ];

  it.each(CASES)('refuses %s, naming the file, the field and what the quote says', (_label, file, from, to, field, says) => {
    const problems = afterEdit(file, from, to);
    const found = problems.filter((p) => p.file.endsWith(file.split('/').pop()!) && p.path === field);
    // A contradiction another check also sees (a change against its levels) may be named twice.
    expect(found.map((p) => p.message)).toContainEqual(expect.stringMatching(says));
    expect(found.map((p) => p.message)).toContainEqual(expect.stringMatching(/is not what its quotes say/));
  });

  it("skips a field marked notInQuote, and refuses the mark without a curator's note among the sources", () => {
    const file = `${EVENTS}/2024-02-window-guidance-before-spring-festival.yaml`;
    expect(afterEdit(file, 'date: 2024-02-08', 'date: 2024-02-07').filter((p) => p.path === 'date')).toEqual([]);
    const withoutNote = afterEdit(file, /\n {2}- document: curator-note-event-dates\n {4}quote: .*\n?$/, '\n');
    expect(withoutNote.map((p) => [p.path, p.message])).toEqual([
      ['notInQuote', expect.stringMatching(/^date: a fact not in its quote cites a curator's note/)],
    ]);
  });

  it("refuses marks of fields a record does not state, and curatorsWords on a field that is not the source's words", () => {
    const file = `${EVENTS}/2024-02-20-howbuy-ubiquant-minghong-returns.yaml`;
    const problems = afterEdit(file, '    curatorsWords: [periodLabel]\n', '    curatorsWords: [periodLabel, valuePercent, colour]\n');
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['figures[0].curatorsWords[2]', '"colour" is not a field this record states from a quote'],
      ['figures[0].curatorsWords[1]', '"valuePercent" is not served as the source\'s words'],
    ]);
  });
});

describe('derived facts, checked by arithmetic against the fields they derive from', () => {
  const SSE = `${EVENTS}/2024-02-20-sse-trading-suspension-lingjun.yaml`;
  const withSummaryTail = (tail: string) => afterEdit(SSE, '暂停交易沪深两市股票三个交易日。\n', `暂停交易沪深两市股票三个交易日${tail}。\n`);

  it('accepts a summary that gives the last suspended day and the resumption day the calendar gives', () => {
    expect(withSummaryTail('，至 2 月 22 日，2 月 23 日恢复交易')).toEqual([]);
  });

  it.each([
    [
      'the last suspended day a day late',
      '，至 2 月 23 日',
      /gives 2024-02-23 as the last suspended day, but 3 trading days from 2024-02-20 end on 2024-02-22/,
    ],
    [
      'trading resuming on a calendar day rather than a trading day',
      '，2 月 24 日恢复交易',
      /gives 2024-02-24 as the day trading resumes, but .* trading resumes on 2024-02-23/,
    ],
  ])('refuses a summary giving %s', (_label, tail, says) => {
    const problems = withSummaryTail(tail);
    expect(problems.filter((p) => p.path === 'summary').map((p) => p.message)).toContainEqual(expect.stringMatching(says));
  });

  it("refuses a trading day count that no longer agrees with a stated end, and an episode's share of turnover that its amount does not give", () => {
    const dir = copySeed();
    editSeedFile(dir, SSE, (t) =>
      t.replace('暂停交易沪深两市股票三个交易日。\n', '暂停交易沪深两市股票三个交易日，至 2 月 22 日。\n').replace('tradingDays: 3', 'tradingDays: 2'),
    );
    // 11.95 亿 of 225.28 亿 is 5.30%; the description says 6.30%.
    editSeedFile(dir, MARKET, (t) =>
      t.replace('description: 宁波灵均管理的多个产品大量卖出沪市股票', 'description: 宁波灵均管理的多个产品大量卖出沪市股票，占期间成交金额的 6.30%'),
    );
    const problems = problemsOf(dir);
    expect(problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(/gives 2024-02-22 as the last suspended day, but 2 trading days from 2024-02-20 end on 2024-02-21/),
    );
    expect(problems.filter((p) => p.path === 'episodes[0]').map((p) => p.message)).toEqual([expect.stringMatching(/share of 6\.30%.* is 5\.30%/)]);
    const right = copySeed();
    editSeedFile(right, MARKET, (t) =>
      t.replace('description: 宁波灵均管理的多个产品大量卖出沪市股票', 'description: 宁波灵均管理的多个产品大量卖出沪市股票，占期间成交金额的 5.30%'),
    );
    expect(problemsOf(right).filter((p) => p.path === 'episodes[0]')).toEqual([]);
  });
});

const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const shiftYear = (day: string, years: number) => `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
const shiftMonth = (day: string) => `${day.slice(0, 5)}${String((Number(day.slice(5, 7)) % 12) + 1).padStart(2, '0')}${day.slice(7)}`;

/**
 * Values a careless curator might write instead: a number one off in its last digit or ten times it,
 * a day one off, a month or a year one off, an instant a second off; none for text.
 */
function mutations(value: unknown): unknown[] {
  if (typeof value === 'number') {
    const decimals = (String(value).split('.')[1] ?? '').length;
    return [Number((value + 10 ** -decimals).toFixed(decimals)), Number((value * 10).toFixed(decimals))];
  }
  if (typeof value !== 'string') return [];
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return [new Date(Date.parse(value) + 1000).toISOString().replace('.000Z', 'Z')];
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return [shiftDay(value, 1), shiftMonth(value), shiftYear(value, -1)];
  if (/^\d{4}-\d{2}$/.test(value)) return [shiftMonth(value), shiftYear(value, -1)];
  const amount = /^(\d+(?:\.\d+)?)(\s*(?:亿|万)?\s*元?)$/.exec(value);
  return amount ? mutations(Number(amount[1])).map((n) => `${n}${amount[2]}`) : [];
}

/** Every numeric and date field of a filing: [path, value, the marks of the record holding it]. */
function numericFields(value: unknown, at = '', marks: string[] = []): [string, unknown, string[]][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => numericFields(item, `${at}[${i}]`, marks));
  if (value === null || typeof value !== 'object') return mutations(value).length === 0 ? [] : [[at, value, marks]];
  const record = value as Record<string, unknown>;
  const own = Array.isArray(record.notInQuote) ? (record.notInQuote as string[]) : [];
  return Object.entries(record)
    .filter(([key]) => key !== 'sources' && key !== 'notInQuote' && key !== 'curatorsWords')
    .flatMap(([key, child]) => numericFields(child, at === '' ? key : `${at}.${key}`, own.includes(key) ? [...marks, key] : marks));
}

function setAt(target: object, path: string, value: unknown): void {
  const keys = path.match(/[^.[\]]+/g)!;
  const last = keys.pop()!;
  let at = target as Record<string, unknown>;
  for (const key of keys) at = at[key] as Record<string, unknown>;
  at[last] = value;
}

describe('every numeric and date field, mutated', () => {
  it("is refused at its path unless its record marks it notInQuote (documents' own dates aside)", () => {
    const { filings } = readFilings(SEED_DIR);
    let tried = 0;
    let refused = 0;
    const skipped: string[] = [];
    const missed: string[] = [];
    filings.forEach(({ file, filing }, index) => {
      if (filing.filing === 'announcement') return; // a document's publication day is the document's, not a quote's
      for (const [path, value, marks] of numericFields(filing)) {
        if (marks.length > 0) {
          skipped.push(`${file}: ${path}`);
          continue;
        }
        for (const wrong of mutations(value)) {
          const copy = structuredClone(filings);
          setAt(copy[index].filing as Filing, path, wrong);
          tried += 1;
          const { problems } = compileFilings(SEED_DIR, copy);
          const fieldPath = path.replace(/^closures\[(\d+)\]\.(from|to)$/, 'closures[$1]');
          if (problems.some((p) => p.file === file && p.path === fieldPath)) refused += 1;
          else missed.push(`${file}: ${path} = ${JSON.stringify(value)} -> ${JSON.stringify(wrong)}`);
        }
      }
    });
    process.stdout.write(`fact mutations: ${tried} tried, ${refused} refused; ${skipped.length} skipped as marked notInQuote\n`);
    expect(missed).toEqual([]);
    expect(tried).toBeGreaterThan(250);
  });
});

describe("the curators' words, served as such", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  it("marks the fields that hold the curators' words, and serves the MH rumour's assessment as the article's", async () => {
    const { body } = await server.query(`{
      rumor: node(id: "${toGlobalId('MarketRumor', 'rumor-minghong-investigated-2023-05')}") { ... on Event { curatorsWords } ... on MarketRumor { claim assessment denials { curatorsWords } } }
      howbuy: node(id: "${toGlobalId('PerformanceDisclosure', 'howbuy-ubiquant-minghong-returns-2024-02-20')}") { ... on Event { curatorsWords } ... on PerformanceDisclosure { figures { periodLabel curatorsWords } } }
    }`);
    expect(body.errors).toBeUndefined();
    const { rumor, howbuy } = body.data!;
    expect(rumor.curatorsWords).toEqual([]);
    expect(rumor.assessment).toBe(
      '经多方求证，2023 年 5 月初确实有工商执法大队到明汯上海办公室，明汯方面亦配合了有关部门的问询进行核查，而被查原因主要指向私募营销上的问题。',
    );
    expect(rumor.assessment).not.toMatch(/未获证实/);
    expect(rumor.claim).toContain('……');
    expect(howbuy.curatorsWords).toEqual([]);
    expect(howbuy.figures.map((f: { curatorsWords: string[] }) => f.curatorsWords)).toEqual(Array(5).fill(['periodLabel']));
  });
});

describe('a hostile filing of many figures, each citing many quotes', () => {
  it('is checked once per quote and reader, with messages that stay short, and refused figure by figure', () => {
    const dir = copySeed();
    const lines = Array.from(
      { length: 3000 },
      (_, i) =>
        `第${i}条：2024 年 ${1 + (i % 12)} 月 ${1 + (i % 28)} 日，某产品收益率为 ${(i / 100).toFixed(2)}%，成交 ${(i / 10).toFixed(2)} 亿元，共 ${i} 只。`,
    );
    fs.writeFileSync(path.join(dir, 'documents/hostile.txt'), `${lines.join('\n\n')}\n`);
    fs.writeFileSync(
      path.join(dir, 'filings/documents/hostile.yaml'),
      'filing: announcement\nid: hostile-doc\nkind: ARTICLE\ntitle: 长文\nlanguage: zh\npublishedOn: 2024-03-01\nbodyFile: hostile.txt\n',
    );
    const cite = (k: number, indent: string) => `${indent}- document: hostile-doc\n${indent}  quote: ${lines[k % lines.length]}\n`;
    const FIGURES = 250;
    const SOURCES = 100; // the most a record may cite
    let yaml = 'filing: event\nid: hostile-event\ntype: PERFORMANCE_DISCLOSURE\ndate: 2024-02-20\ntitle: 大量数字\nfigures:\n';
    for (let f = 0; f < FIGURES; f += 1) {
      yaml += `  - subject: COHORT\n    cohort: 某产品\n    metric: RETURN\n    valuePercent: ${100 + f}.5\n    periodLabel: 某产品\n    periodStart: 2024-01-01\n    basis: DATA_VENDOR\n    sources:\n`;
      for (let s = 0; s < SOURCES; s += 1) yaml += cite(f * 7 + s * 13, '      ');
    }
    yaml += `sources:\n${Array.from({ length: SOURCES }, (_, s) => cite(s * 31, '  ')).join('')}`;
    fs.writeFileSync(path.join(dir, 'filings/events/hostile.yaml'), yaml);
    const { filings, problems: read } = readFilings(dir);
    expect(read).toEqual([]);
    const { problems } = compileFilings(dir, filings);
    const mine = problems.filter((p) => p.file.endsWith('hostile.yaml'));
    // Each figure's value is none its quotes give; the event's date is none its quotes give either.
    expect(mine.filter((p) => /^figures\[\d+\]\.valuePercent$/.test(p.path))).toHaveLength(FIGURES);
    expect(mine.map((p) => p.path)).toContain('date');
    expect(Math.max(...mine.map((p) => p.message.length))).toBeLessThan(600);
    expect(mine.find((p) => p.path === 'date')!.message).toMatch(/ and \d+ more$/);
  }, 120_000);

  it('refuses a record of more than 100 sources and an event of more than 500 figures, naming the limit', () => {
    const source = { document: 'article-quant-funds-darkest-hour', quote: '宁波灵均' };
    const event = { filing: 'event', id: 'too-many', type: 'PERFORMANCE_DISCLOSURE', date: '2024-02-20', title: '过多' };
    const figure = { subject: 'COHORT', cohort: '某', metric: 'RETURN', valuePercent: 1, periodLabel: '某', basis: 'DATA_VENDOR', sources: [source] };
    const problems: SeedProblem[] = [];
    parseFiling({ ...event, figures: [figure], sources: Array(101).fill(source) }, 'a.yaml', problems);
    parseFiling({ ...event, figures: Array(501).fill(figure), sources: [source] }, 'b.yaml', problems);
    expect(problems.map((p) => [p.file, p.path, p.message])).toEqual([
      ['a.yaml', 'sources', 'at most 100 sources a record: split the record'],
      ['b.yaml', 'figures', 'at most 500 figures an event: split the event'],
    ]);
  });
});
