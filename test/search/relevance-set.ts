/**
 * The relevance set: what a journalist types, and what must be in the top 3. A target is
 * M:<manager>, P:<product>, E:<event>, or A:<document>#<passage> (A:<document> for any passage of it);
 * a query lists every target that counts as the right answer.
 */
export interface RelevanceCase {
  query: string;
  expect: string[];
  why: string;
}

const ARTICLE = 'A:article-quant-funds-darkest-hour';

export const RELEVANCE_SET: RelevanceCase[] = [
  // one Chinese character
  { query: '均', expect: ['M:ningbo-lingjun'], why: 'one character of a manager name' },
  { query: '汯', expect: ['M:minghong'], why: 'rare character of a manager name' },
  { query: '崚', expect: ['M:ningbo-mingling'], why: 'rare character of a manager name' },
  { query: '坤', expect: ['M:ubiquant'], why: 'one character of a manager name' },
  { query: '幻', expect: ['M:high-flyer'], why: 'one character of a manager name' },
  // two characters: names ICU splits badly
  { query: '灵均', expect: ['M:ningbo-lingjun'], why: 'short name, split 灵|均 by ICU' },
  { query: '明汯', expect: ['M:minghong'], why: 'short name' },
  { query: '九坤', expect: ['M:ubiquant'], why: 'short name' },
  { query: '幻方', expect: ['M:high-flyer'], why: 'short name' },
  { query: '明崚', expect: ['M:ningbo-mingling'], why: 'short name' },
  { query: '解散', expect: ['E:ningbo-mingling-dissolution-2024-02-08'], why: 'dissolution' },
  { query: '破产', expect: ['E:rumor-dma-liquidation-bankruptcy-2024-02-19', `${ARTICLE}#26`, `${ARTICLE}#27`], why: 'bankruptcy rumour' },
  { query: '造谣', expect: ['E:rumor-dma-liquidation-bankruptcy-2024-02-19', `${ARTICLE}#27`], why: 'the denial' },
  // longer words and phrases
  { query: '公开谴责', expect: ['E:sse-public-reprimand-procedure-lingjun', 'E:amac-public-reprimand-minghong-2023-09'], why: 'a sanction' },
  { query: '纪律处分', expect: ['E:sse-public-reprimand-procedure-lingjun'], why: 'disciplinary procedure' },
  { query: '暂停交易', expect: ['E:sse-trading-suspension-lingjun-2024-02-20', 'E:szse-trading-suspension-lingjun-2024-02-20'], why: 'suspension' },
  { query: '责令改正', expect: ['E:csrc-sh-order-to-correct-minghong-2023-08-31'], why: 'order to correct' },
  { query: '暂停受理私募基金产品备案', expect: ['E:amac-filing-suspension-minghong-2023-09'], why: 'filing suspension, a long phrase' },
  { query: '书面警示', expect: ['E:szse-written-warnings-lingjun-2024'], why: 'written warnings' },
  { query: '清算组', expect: ['E:ningbo-mingling-dissolution-2024-02-08'], why: 'liquidation group' },
  { query: '窗口指导', expect: ['E:window-guidance-no-selling-before-spring-festival-2024'], why: 'window guidance' },
  { query: '工商执法', expect: ['E:samr-enforcement-visit-minghong-2023-05', 'E:rumor-minghong-investigated-2023-05'], why: 'enforcement visit' },
  { query: '老鼠仓', expect: ['E:rumor-minghong-investigated-2023-05', `${ARTICLE}#31`], why: 'the 2023 rumour' },
  { query: '雪球敲入', expect: [`${ARTICLE}#39`, `${ARTICLE}#41`], why: 'snowball knock-in' },
  { query: '基差', expect: [`${ARTICLE}#39`, `${ARTICLE}#40`, `${ARTICLE}#41`], why: 'basis' },
  { query: '堰塞湖', expect: [`${ARTICLE}#2`, `${ARTICLE}#6`, 'E:window-guidance-no-selling-before-spring-festival-2024'], why: 'the dammed-lake effect' },
  { query: '马志宇', expect: [`${ARTICLE}#16`], why: 'a person' },
  { query: '蔡枚杰', expect: [`${ARTICLE}#16`], why: 'a person' },
  { query: '国泰君安', expect: [`${ARTICLE}#38`, `${ARTICLE}#41`], why: 'a broker research report' },
  { query: '灵均量化多空多策略', expect: ['P:lingjun-quant-long-short-multi-strategy'], why: 'a product, exact name' },
  { query: '九坤日享', expect: ['P:ubiquant-rixiang-csi1000-enhanced-1'], why: 'a product, part of the name' },
  { query: '宁波灵均投资管理合伙企业', expect: ['M:ningbo-lingjun'], why: 'legal name' },
  {
    query: '私募排排网',
    expect: ['E:paipaiwang-lingjun-flagship-2024-02-02', 'E:paipaiwang-minghong-ubiquant-losses-2024-02-08', 'E:paipaiwang-2023-annual-returns-large-managers'],
    why: 'a data vendor',
  },
  { query: '好买基金网', expect: ['E:howbuy-ubiquant-minghong-returns-2024-02-20'], why: 'a data vendor' },
  // traditional characters
  { query: '靈均', expect: ['M:ningbo-lingjun'], why: 'traditional 靈' },
  { query: '九坤資產', expect: ['M:ubiquant'], why: 'traditional 資產' },
  { query: '公開譴責', expect: ['E:sse-public-reprimand-procedure-lingjun', 'E:amac-public-reprimand-minghong-2023-09'], why: 'traditional' },
  { query: '窗口指導', expect: ['E:window-guidance-no-selling-before-spring-festival-2024'], why: 'traditional 導' },
  // pinyin and English
  { query: 'lingjun', expect: ['M:ningbo-lingjun'], why: 'pinyin' },
  { query: 'minghong', expect: ['M:minghong'], why: 'pinyin / English' },
  { query: 'jiukun', expect: ['M:ubiquant'], why: 'pinyin' },
  { query: 'huanfang', expect: ['M:high-flyer'], why: 'pinyin' },
  { query: 'Ubiquant', expect: ['M:ubiquant'], why: 'English name' },
  { query: 'high-flyer', expect: ['M:high-flyer'], why: 'English name with a hyphen' },
  { query: 'Ningbo Mingling', expect: ['M:ningbo-mingling'], why: 'English name' },
  { query: 'MH', expect: ['M:minghong', 'E:rumor-minghong-investigated-2023-05'], why: 'the rumour label' },
  { query: 'DMA', expect: [`${ARTICLE}#24`, 'E:rumor-dma-liquidation-bankruptcy-2024-02-19', `${ARTICLE}#12`], why: 'a term' },
  { query: 'direct market access', expect: [`${ARTICLE}#24`], why: 'English phrase, lower case' },
  { query: 'World Quant', expect: [`${ARTICLE}#16`], why: 'an English name in the text' },
  { query: 'Millennium', expect: [`${ARTICLE}#16`], why: 'an English word in the text' },
  // rule names and figures
  {
    query: '上海证券交易所交易规则',
    expect: ['E:sse-public-reprimand-procedure-lingjun', 'A:sse-statement-lingjun-abnormal-trading#0', `${ARTICLE}#4`],
    why: 'the rule cited',
  },
  {
    query: '程序化交易',
    expect: ['E:sse-public-reprimand-procedure-lingjun', 'A:sse-statement-lingjun-abnormal-trading#0', `${ARTICLE}#4`],
    why: 'the rule text',
  },
  {
    query: '异常交易行为',
    expect: [
      'E:szse-trading-suspension-lingjun-2024-02-20',
      'E:szse-written-warnings-lingjun-2024',
      'A:szse-statement-lingjun-abnormal-trading#0',
      'A:szse-statement-lingjun-abnormal-trading#1',
      `${ARTICLE}#5`,
      `${ARTICLE}#17`,
    ],
    why: 'SZSE wording',
  },
  { query: '11.95', expect: [`${ARTICLE}#4`, `${ARTICLE}#8`, 'A:sse-statement-lingjun-abnormal-trading#0'], why: 'a figure' },
  {
    query: '13.72 亿',
    expect: [`${ARTICLE}#5`, `${ARTICLE}#8`, 'A:szse-statement-lingjun-abnormal-trading#0', 'E:szse-trading-suspension-lingjun-2024-02-20'],
    why: 'a figure with its unit',
  },
  { query: '2886.59', expect: [`${ARTICLE}#8`], why: 'an index level' },
  { query: '-28.82%', expect: [`${ARTICLE}#29`, 'E:howbuy-ubiquant-minghong-returns-2024-02-20'], why: 'a return with sign and percent' },
  { query: '9:30:42', expect: [`${ARTICLE}#5`, 'A:szse-statement-lingjun-abnormal-trading#0'], why: 'a time' },
];
