import { normalizeWhitespace } from '../src/announcements/text';
import { dataOf, startTestServer, TestServer } from './support/server';

/**
 * Completeness of the curation, checked through the API: every passage of the source article that
 * states a fact is cited by some record a client can reach, and every figure in the article appears
 * in a quote a client can reach. Passages left uncited are listed here, each with the reason.
 */
const UNCITED_ON_PURPOSE: [string, string][] = [
  ['量化私募“至暗时刻”', 'headline'],
  ['微盘股崩塌后何以至此', 'sub-headline'],
  ['微盘股行情的突然崩塌', 'lede summarising the article'],
  ['1. 60 秒卖 25 亿', 'section heading'],
  ['2. 千亿产品清盘？', 'section heading'],
  ['3. 量化私募何以至此', 'section heading'],
  ['但有业内人士表示，指数在这 60 秒内的下挫', 'commentary: doubts about the link between the sale and the fall'],
  ['“具体的某一家量化私募到底有没有主观过错？', 'commentary: questions from a private fund person'],
  ['“一方面是极端行情', 'commentary: strategy capacity'],
  ['也有市场人士认为，并非所有量化私募', 'commentary: risk control'],
];

const EVERYTHING = `{
  authorities { sources { quote } }
  concepts { sources { quote } }
  tradingCalendar(year: 2024) { sources { quote } }
  managers(first: 10) { nodes {
    sources { quote }
    people { sources { quote } }
    products { sources { quote } }
    tradingEpisodes { sources { quote } marketWindows { sources { quote } instrument { sources { quote } } } }
  } }
  events(first: 30) { nodes {
    sources { quote }
    ... on PerformanceDisclosure { figures { sources { quote } } }
    ... on MarketRumor { denials { sources { quote } } }
  } }
  announcement(slug: "article-quant-funds-darkest-hour") { body passages quotedStatements { slug body } }
}`;

describe('completeness of the curated data', () => {
  let server: TestServer;
  let quotes: string[];
  let article: { body: string; passages: string[]; quotedStatements: { slug: string; body: string }[] };

  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    const data = dataOf(await server.query(EVERYTHING));
    article = data.announcement;
    quotes = [];
    JSON.stringify(data, (key, value) => {
      if (key === 'quote') quotes.push(normalizeWhitespace(value));
      return value;
    });
  });
  afterAll(() => server.stop());

  it('cites every fact-bearing passage of the article', () => {
    const uncited = article.passages.filter((p) => !quotes.some((q) => normalizeWhitespace(p).includes(q)));
    const unexplained = uncited.filter((p) => !UNCITED_ON_PURPOSE.some(([start]) => p.startsWith(start)));
    expect(unexplained).toEqual([]);
    expect(uncited.length).toBe(UNCITED_ON_PURPOSE.length);
    expect(article.passages.length).toBe(43);
  });

  it('reaches every figure of the article through a quote', () => {
    const figures = new Set(article.body.match(/\d+(?:\.\d+)?/g));
    const everyQuote = quotes.join('\n');
    expect([...figures].filter((figure) => !everyQuote.includes(figure))).toEqual([]);
  });

  it('records what the exchanges said as statements of their own, quoted by the article', () => {
    expect(article.quotedStatements.map((s) => s.slug).sort()).toEqual([
      'ningbo-mingling-dissolution-disclosure',
      'sse-statement-lingjun-abnormal-trading',
      'szse-statement-lingjun-abnormal-trading',
    ]);
    for (const statement of article.quotedStatements) expect(normalizeWhitespace(article.body)).toContain(normalizeWhitespace(statement.body.split('\n\n')[0]));
  });

  it('answers who the people are and what the products are, with sources', async () => {
    const data = dataOf(
      await server.query(`{ manager(slug: "ningbo-lingjun") {
        legalName shortName englishName aliases foundedOn aumBand status
        people { name education roles { organization title current } }
        products { name isFlagship performance { valuePercent periodLabel dataVendor } }
      } }`),
    );
    expect(data.manager).toMatchObject({
      legalName: '宁波灵均投资管理合伙企业（有限合伙）',
      englishName: 'Ningbo Lingjun Investment Management',
      foundedOn: '2014-06',
      aumBand: 'OVER_10B',
    });
    expect(data.manager.people.map((p: any) => [p.name, p.roles.find((r: any) => r.current).title])).toEqual([
      ['蔡枚杰', '董事长'],
      ['马志宇', '首席投资官'],
    ]);
    expect(data.manager.people.find((p: any) => p.name === '马志宇').roles).toContainEqual({
      organization: '世坤投资（World Quant）',
      title: null,
      current: false,
    });
    expect(data.manager.products).toEqual([
      expect.objectContaining({
        name: '灵均量化多空多策略',
        isFlagship: true,
        performance: expect.arrayContaining([expect.objectContaining({ valuePercent: -11.74, dataVendor: '私募排排网' })]),
      }),
    ]);
  });
});
