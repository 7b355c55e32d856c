/**
 * The relevance set: what a journalist types, and which hits answer it, as graded judgements.
 *
 * A target is M:<manager slug>, P:<product key>, E:<event key>, C:<concept id>, or
 * A:<document>#<passage> (a passage of a source document, from 0 as in Announcement.passages);
 * A:<document> without `#` is any passage of that document. Each target is credited once, at the
 * best rank of a hit it matches.
 *
 * A case grades its targets:
 * - `must` (grade 2): the answer; it must be in the top 3. Kept small (1 to 3) and honest.
 * - `should` (grade 1): further relevant hits; they should be in the top 10.
 * - `any: true`: the must targets are alternatives, any one of them in the top 3 answers the query
 *   (every case of the first part, which lists every target that counts as the right answer).
 *
 * The metrics, each averaged over the cases of a part (test/search-relevance.spec.ts computes them
 * over the top 10 hits of each query and holds each part to recall@3 >= 0.95 and nDCG@10 >= 0.85):
 * - recall@3: an `any` case scores 1 when one must target is in the top 3, else 0; any other case
 *   scores the number of its must targets in the top 3 over min(3, |must|).
 * - MRR: the reciprocal rank of the first must target within the top 10, else 0.
 * - nDCG@10: DCG = sum over the top 10 of gain / log2(rank + 1), with gain 2 for a must target, 1 for
 *   a should target, 0 for anything else; in an `any` case only the best-ranked must target gains 2
 *   and the others gain 1. The ideal DCG ranks the case's judgements by gain (for an `any` case one
 *   2 and the other must targets at 1), cut at 10; nDCG = DCG / ideal DCG.
 *
 * FIRST_PART is the original set, one list of alternatives per query. SECOND_PART holds the graded
 * cases: English (single words, inflected forms, multi-word terms, British and American spelling),
 * pinyin, the authorities by English and Chinese name, short name and code, queries mixing the two
 * languages, the query operators ("quoted phrase", OR, -term), the concepts (C:dma, C:snowball,
 * C:micro-caps, C:window-guidance) and how a manager's name ranks its actions. Every target is judged
 * from the curated filings (seed/filings/**) and the article's passages, not from what an engine returns.
 */
export interface RelevanceCase {
  query: string;
  /** Grade 2: must be in the top 3 (alternatives when `any`). */
  must: string[];
  /** Grade 1: should be in the top 10. */
  should?: string[];
  /** The must targets are alternatives: one of them in the top 3 suffices. */
  any?: boolean;
  why: string;
}

const ARTICLE = 'A:article-quant-funds-darkest-hour';

export const FIRST_PART: RelevanceCase[] = [
  // one Chinese character
  { query: '均', must: ['M:ningbo-lingjun'], any: true, why: 'one character of a manager name' },
  { query: '汯', must: ['M:minghong'], any: true, why: 'rare character of a manager name' },
  { query: '崚', must: ['M:ningbo-mingling'], any: true, why: 'rare character of a manager name' },
  { query: '坤', must: ['M:ubiquant'], any: true, why: 'one character of a manager name' },
  { query: '幻', must: ['M:high-flyer'], any: true, why: 'one character of a manager name' },
  // two characters: names ICU splits badly
  { query: '灵均', must: ['M:ningbo-lingjun'], any: true, why: 'short name, split 灵|均 by ICU' },
  { query: '明汯', must: ['M:minghong'], any: true, why: 'short name' },
  { query: '九坤', must: ['M:ubiquant'], any: true, why: 'short name' },
  { query: '幻方', must: ['M:high-flyer'], any: true, why: 'short name' },
  { query: '明崚', must: ['M:ningbo-mingling'], any: true, why: 'short name' },
  { query: '解散', must: ['E:ningbo-mingling-dissolution-2024-02-08'], any: true, why: 'dissolution' },
  { query: '破产', must: ['E:rumor-dma-liquidation-bankruptcy-2024-02-19', `${ARTICLE}#26`, `${ARTICLE}#27`], any: true, why: 'bankruptcy rumour' },
  { query: '造谣', must: ['E:rumor-dma-liquidation-bankruptcy-2024-02-19', `${ARTICLE}#27`], any: true, why: 'the denial' },
  // longer words and phrases
  { query: '公开谴责', must: ['E:sse-public-reprimand-procedure-lingjun', 'E:amac-public-reprimand-minghong-2023-09'], any: true, why: 'a sanction' },
  { query: '纪律处分', must: ['E:sse-public-reprimand-procedure-lingjun'], any: true, why: 'disciplinary procedure' },
  { query: '暂停交易', must: ['E:sse-trading-suspension-lingjun-2024-02-20', 'E:szse-trading-suspension-lingjun-2024-02-20'], any: true, why: 'suspension' },
  { query: '责令改正', must: ['E:csrc-sh-order-to-correct-minghong-2023-08-31'], any: true, why: 'order to correct' },
  { query: '暂停受理私募基金产品备案', must: ['E:amac-filing-suspension-minghong-2023-09'], any: true, why: 'filing suspension, a long phrase' },
  { query: '书面警示', must: ['E:szse-written-warnings-lingjun-2024'], any: true, why: 'written warnings' },
  { query: '清算组', must: ['E:ningbo-mingling-dissolution-2024-02-08'], any: true, why: 'liquidation group' },
  { query: '窗口指导', must: ['E:window-guidance-no-selling-before-spring-festival-2024'], any: true, why: 'window guidance' },
  { query: '工商执法', must: ['E:samr-enforcement-visit-minghong-2023-05', 'E:rumor-minghong-investigated-2023-05'], any: true, why: 'enforcement visit' },
  { query: '老鼠仓', must: ['E:rumor-minghong-investigated-2023-05', `${ARTICLE}#31`], any: true, why: 'the 2023 rumour' },
  { query: '雪球敲入', must: [`${ARTICLE}#39`, `${ARTICLE}#41`], any: true, why: 'snowball knock-in' },
  { query: '基差', must: [`${ARTICLE}#39`, `${ARTICLE}#40`, `${ARTICLE}#41`], any: true, why: 'basis' },
  {
    query: '堰塞湖',
    must: [`${ARTICLE}#2`, `${ARTICLE}#6`, 'E:window-guidance-no-selling-before-spring-festival-2024'],
    any: true,
    why: 'the dammed-lake effect',
  },
  { query: '马志宇', must: [`${ARTICLE}#16`], any: true, why: 'a person' },
  { query: '蔡枚杰', must: [`${ARTICLE}#16`], any: true, why: 'a person' },
  { query: '国泰君安', must: [`${ARTICLE}#38`, `${ARTICLE}#41`], any: true, why: 'a broker research report' },
  { query: '灵均量化多空多策略', must: ['P:lingjun-quant-long-short-multi-strategy'], any: true, why: 'a product, exact name' },
  { query: '九坤日享', must: ['P:ubiquant-rixiang-csi1000-enhanced-1'], any: true, why: 'a product, part of the name' },
  { query: '宁波灵均投资管理合伙企业', must: ['M:ningbo-lingjun'], any: true, why: 'legal name' },
  {
    query: '私募排排网',
    must: ['E:paipaiwang-lingjun-flagship-2024-02-02', 'E:paipaiwang-minghong-ubiquant-losses-2024-02-08', 'E:paipaiwang-2023-annual-returns-large-managers'],
    any: true,
    why: 'a data vendor',
  },
  { query: '好买基金网', must: ['E:howbuy-ubiquant-minghong-returns-2024-02-20'], any: true, why: 'a data vendor' },
  // traditional characters
  { query: '靈均', must: ['M:ningbo-lingjun'], any: true, why: 'traditional 靈' },
  { query: '九坤資產', must: ['M:ubiquant'], any: true, why: 'traditional 資產' },
  { query: '公開譴責', must: ['E:sse-public-reprimand-procedure-lingjun', 'E:amac-public-reprimand-minghong-2023-09'], any: true, why: 'traditional' },
  { query: '窗口指導', must: ['E:window-guidance-no-selling-before-spring-festival-2024'], any: true, why: 'traditional 導' },
  // pinyin and English
  { query: 'lingjun', must: ['M:ningbo-lingjun'], any: true, why: 'pinyin' },
  { query: 'minghong', must: ['M:minghong'], any: true, why: 'pinyin / English' },
  { query: 'jiukun', must: ['M:ubiquant'], any: true, why: 'pinyin' },
  { query: 'huanfang', must: ['M:high-flyer'], any: true, why: 'pinyin' },
  { query: 'Ubiquant', must: ['M:ubiquant'], any: true, why: 'English name' },
  { query: 'high-flyer', must: ['M:high-flyer'], any: true, why: 'English name with a hyphen' },
  { query: 'Ningbo Mingling', must: ['M:ningbo-mingling'], any: true, why: 'English name' },
  { query: 'MH', must: ['M:minghong', 'E:rumor-minghong-investigated-2023-05'], any: true, why: 'the rumour label' },
  { query: 'DMA', must: [`${ARTICLE}#24`, 'E:rumor-dma-liquidation-bankruptcy-2024-02-19', `${ARTICLE}#12`], any: true, why: 'a term' },
  { query: 'direct market access', must: [`${ARTICLE}#24`], any: true, why: 'English phrase, lower case' },
  { query: 'World Quant', must: [`${ARTICLE}#16`], any: true, why: 'an English name in the text' },
  { query: 'Millennium', must: [`${ARTICLE}#16`], any: true, why: 'an English word in the text' },
  // rule names and figures
  {
    query: '上海证券交易所交易规则',
    must: ['E:sse-public-reprimand-procedure-lingjun', 'A:sse-statement-lingjun-abnormal-trading#0', `${ARTICLE}#4`],
    any: true,
    why: 'the rule cited',
  },
  {
    query: '程序化交易',
    must: ['E:sse-public-reprimand-procedure-lingjun', 'A:sse-statement-lingjun-abnormal-trading#0', `${ARTICLE}#4`],
    any: true,
    why: 'the rule text',
  },
  {
    query: '异常交易行为',
    must: [
      'E:szse-trading-suspension-lingjun-2024-02-20',
      'E:szse-written-warnings-lingjun-2024',
      'A:szse-statement-lingjun-abnormal-trading#0',
      'A:szse-statement-lingjun-abnormal-trading#1',
      `${ARTICLE}#5`,
      `${ARTICLE}#17`,
    ],
    any: true,
    why: 'SZSE wording',
  },
  { query: '11.95', must: [`${ARTICLE}#4`, `${ARTICLE}#8`, 'A:sse-statement-lingjun-abnormal-trading#0'], any: true, why: 'a figure' },
  {
    query: '13.72 亿',
    must: [`${ARTICLE}#5`, `${ARTICLE}#8`, 'A:szse-statement-lingjun-abnormal-trading#0', 'E:szse-trading-suspension-lingjun-2024-02-20'],
    any: true,
    why: 'a figure with its unit',
  },
  { query: '2886.59', must: [`${ARTICLE}#8`], any: true, why: 'an index level' },
  { query: '-28.82%', must: [`${ARTICLE}#29`, 'E:howbuy-ubiquant-minghong-returns-2024-02-20'], any: true, why: 'a return with sign and percent' },
  { query: '9:30:42', must: [`${ARTICLE}#5`, 'A:szse-statement-lingjun-abnormal-trading#0'], any: true, why: 'a time' },
];

// The targets of the second part, by what they are (seed/filings/**).
const LINGJUN = 'M:ningbo-lingjun';
const MINGHONG = 'M:minghong';
const UBIQUANT = 'M:ubiquant';
const HIGH_FLYER = 'M:high-flyer';
const MINGLING = 'M:ningbo-mingling';
const LINGJUN_FLAGSHIP = 'P:lingjun-quant-long-short-multi-strategy';
const UBIQUANT_RIXIANG = 'P:ubiquant-rixiang-csi1000-enhanced-1';
// regulatory actions, by authority
const SSE_SUSPENSION = 'E:sse-trading-suspension-lingjun-2024-02-20';
const SSE_REPRIMAND = 'E:sse-public-reprimand-procedure-lingjun';
const SZSE_SUSPENSION = 'E:szse-trading-suspension-lingjun-2024-02-20';
const SZSE_WARNINGS = 'E:szse-written-warnings-lingjun-2024';
const AMAC_REPRIMAND = 'E:amac-public-reprimand-minghong-2023-09';
const AMAC_FILING_SUSPENSION = 'E:amac-filing-suspension-minghong-2023-09';
const CSRC_SH_ORDER = 'E:csrc-sh-order-to-correct-minghong-2023-08-31';
const SAMR_VISIT = 'E:samr-enforcement-visit-minghong-2023-05';
const WINDOW_GUIDANCE_EVENT = 'E:window-guidance-no-selling-before-spring-festival-2024';
// fund events, rumours, disclosures
const MINGLING_DISSOLUTION = 'E:ningbo-mingling-dissolution-2024-02-08';
const RUMOR_MH = 'E:rumor-minghong-investigated-2023-05';
const RUMOR_DMA = 'E:rumor-dma-liquidation-bankruptcy-2024-02-19';
const RUMOR_LIQUIDATIONS = 'E:rumor-head-quants-product-liquidations-2024-02';
const HEAD_QUANTS_DRAWDOWNS = 'E:head-quants-drawdowns-2024';
const MINGHONG_STATEMENT = 'E:minghong-statement-returns-2024-02';
const MICRO_CAP_FUNDS = 'E:micro-cap-funds-losses-2024-02-18';
const HOWBUY = 'E:howbuy-ubiquant-minghong-returns-2024-02-20';
const PAIPAIWANG = [
  'E:paipaiwang-lingjun-flagship-2024-02-02',
  'E:paipaiwang-minghong-ubiquant-losses-2024-02-08',
  'E:paipaiwang-2023-annual-returns-large-managers',
];
// concepts (seed/filings/concepts/)
const DMA = 'C:dma';
const SNOWBALL = 'C:snowball';
const MICRO_CAPS = 'C:micro-caps';
const WINDOW_GUIDANCE = 'C:window-guidance';
// documents
const SSE_STATEMENT = 'A:sse-statement-lingjun-abnormal-trading';
const SZSE_STATEMENT = 'A:szse-statement-lingjun-abnormal-trading';
const DISSOLUTION_DISCLOSURE = 'A:ningbo-mingling-dissolution-disclosure';
const NAMES_NOTE = 'A:curator-note-names';
const CALENDAR_NOTE = 'A:curator-note-exchange-calendar-2024';
const P = (n: number) => `${ARTICLE}#${n}`;

const LINGJUN_ACTIONS = [SSE_REPRIMAND, SSE_SUSPENSION, SZSE_SUSPENSION, SZSE_WARNINGS];
const MINGHONG_ACTIONS = [AMAC_REPRIMAND, AMAC_FILING_SUSPENSION, CSRC_SH_ORDER, SAMR_VISIT];
const SUSPENSIONS = [SSE_SUSPENSION, SZSE_SUSPENSION];
const REPRIMANDS = [SSE_REPRIMAND, AMAC_REPRIMAND];
const RUMOURS = [RUMOR_MH, RUMOR_DMA, RUMOR_LIQUIDATIONS];

export const SECOND_PART: RelevanceCase[] = [
  // English single words and their inflected forms: the kind of action, then where the text says it
  { query: 'suspension', must: SUSPENSIONS, should: [AMAC_FILING_SUSPENSION, P(3)], why: 'the trading suspensions; the filing suspension is one too' },
  { query: 'suspended', must: SUSPENSIONS, should: [AMAC_FILING_SUSPENSION, P(3)], why: 'inflected form (titles say "suspends")' },
  { query: 'reprimand', must: REPRIMANDS, should: [P(3), P(32)], why: 'both public reprimands (titles say "reprimand", "reprimands")' },
  { query: 'reprimanded', must: REPRIMANDS, should: [P(3), P(32)], why: 'inflected form' },
  {
    query: 'liquidation',
    must: [MINGLING_DISSOLUTION],
    should: [RUMOR_LIQUIDATIONS, RUMOR_DMA, DISSOLUTION_DISCLOSURE, P(20)],
    why: 'the one real liquidation (清算组, 清盘); the rumoured ones after it',
  },
  { query: 'dissolution', must: [MINGLING_DISSOLUTION], should: [MINGLING, DISSOLUTION_DISCLOSURE, P(20)], why: 'dissolution → 解散' },
  { query: 'dissolved', must: [MINGLING_DISSOLUTION], should: [MINGLING, DISSOLUTION_DISCLOSURE, P(20)], why: 'inflected form (title says "dissolve")' },
  { query: 'deregistration', must: [MINGLING_DISSOLUTION], should: [DISSOLUTION_DISCLOSURE, P(20)], why: 'deregistration → 注销, planned by Mingling' },
  { query: 'leverage', must: [DMA, P(24), P(12)], any: true, should: [P(40)], why: 'leverage → 杠杆: the DMA concept or a passage on its leverage' },
  {
    query: 'drawdown',
    must: [HEAD_QUANTS_DRAWDOWNS, MINGHONG_STATEMENT],
    any: true,
    should: [P(21), P(22), P(27)],
    why: 'drawdown → 回撤: the drawdown figures',
  },
  { query: 'drawdowns', must: [HEAD_QUANTS_DRAWDOWNS, MINGHONG_STATEMENT], any: true, should: [P(21), P(22), P(27)], why: 'plural' },
  { query: 'autocallable', must: [SNOWBALL], why: "a word only in the snowball concept's English term" },
  { query: 'bankrupt', must: [RUMOR_DMA], should: [P(23), P(26), P(27)], why: 'the bankruptcy rumour' },
  { query: 'Howbuy', must: [HOWBUY], should: [P(29)], why: 'a data vendor in English (好买基金网)' },
  { query: 'PaiPaiWang', must: PAIPAIWANG, should: [P(14), P(34), P(37)], why: 'a data vendor in English (私募排排网): its three disclosures' },
  // English multi-word terms (the glossary)
  { query: 'public reprimand', must: REPRIMANDS, should: [P(3), P(32)], why: 'public reprimand → 公开谴责' },
  { query: 'trading suspension', must: SUSPENSIONS, should: [P(3)], why: 'trading suspension → 暂停交易' },
  { query: 'trading halt', must: SUSPENSIONS, should: [P(3)], why: 'trading halt → 暂停交易' },
  { query: 'written warnings', must: [SZSE_WARNINGS], should: [`${SZSE_STATEMENT}#1`, P(17)], why: 'written warning → 书面警示, plural' },
  { query: 'order to correct', must: [CSRC_SH_ORDER], should: [P(32)], why: 'order to correct → 责令改正' },
  { query: 'ordered to correct', must: [CSRC_SH_ORDER], should: [P(32)], why: 'inflected form' },
  { query: 'suspension of product filings', must: [AMAC_FILING_SUSPENSION], should: [P(32)], why: 'the long glossary phrase → 暂停受理私募基金产品备案' },
  { query: 'disciplinary proceedings', must: [SSE_REPRIMAND], should: [P(3)], why: 'the SSE procedure (纪律处分程序)' },
  { query: 'micro-cap funds', must: [MICRO_CAP_FUNDS], should: [MICRO_CAPS, P(25)], why: 'the micro-cap funds losses, not the concept alone' },
  { query: 'trading calendar', must: [CALENDAR_NOTE], why: "the curator's note on the exchanges' calendar" },
  { query: 'SSE Composite', must: [`${NAMES_NOTE}#3`, P(8)], any: true, should: [P(4)], why: 'the index (上证指数), not the exchange' },
  // British and American spelling
  { query: 'rumour', must: RUMOURS, should: [P(6), P(23), P(31)], why: 'British spelling: the three rumours' },
  { query: 'rumor', must: RUMOURS, should: [P(6), P(23), P(31)], why: 'American spelling' },
  { query: 'rumours', must: RUMOURS, should: [P(6), P(23), P(31)], why: 'British plural' },
  // pinyin and English names
  { query: 'mingling', must: [MINGLING], should: [MINGLING_DISSOLUTION], why: 'pinyin of 明崚' },
  { query: 'Ningbo Lingjun', must: [LINGJUN], should: [SSE_REPRIMAND, SSE_SUSPENSION, SZSE_SUSPENSION], why: 'English name: the manager, then its actions' },
  { query: 'Minghong Investment', must: [MINGHONG], should: MINGHONG_ACTIONS, why: 'English name: the manager, then its actions' },
  { query: 'High Flyer', must: [HIGH_FLYER], should: [RUMOR_LIQUIDATIONS], why: 'English name without its hyphen' },
  { query: 'jiukun rixiang', must: [UBIQUANT_RIXIANG], should: [HOWBUY], why: 'pinyin of a product name (九坤日享)' },
  // the authorities: English name, code, Chinese name, short name, all reaching the authority's events
  { query: 'Shanghai Stock Exchange', must: [SSE_SUSPENSION, SSE_REPRIMAND], should: [`${SSE_STATEMENT}#0`, `${SSE_STATEMENT}#1`], why: "SSE's events" },
  { query: 'SSE', must: [SSE_SUSPENSION, SSE_REPRIMAND], should: [`${SSE_STATEMENT}#0`, `${SSE_STATEMENT}#1`], why: 'code' },
  { query: '上交所', must: [SSE_SUSPENSION, SSE_REPRIMAND], should: [`${SSE_STATEMENT}#0`, `${SSE_STATEMENT}#1`, P(3), P(4)], why: 'short name' },
  { query: '上海证券交易所', must: [SSE_SUSPENSION, SSE_REPRIMAND], should: [`${SSE_STATEMENT}#0`, P(3), P(4)], why: 'full Chinese name' },
  { query: 'Shenzhen Stock Exchange', must: [SZSE_SUSPENSION, SZSE_WARNINGS], should: [`${SZSE_STATEMENT}#0`, `${SZSE_STATEMENT}#1`], why: "SZSE's events" },
  { query: 'SZSE', must: [SZSE_SUSPENSION, SZSE_WARNINGS], should: [`${SZSE_STATEMENT}#0`, `${SZSE_STATEMENT}#1`], why: 'code' },
  { query: '深交所', must: [SZSE_SUSPENSION, SZSE_WARNINGS], should: [`${SZSE_STATEMENT}#0`, `${SZSE_STATEMENT}#1`, P(5), P(17)], why: 'short name' },
  { query: 'AMAC', must: [AMAC_REPRIMAND, AMAC_FILING_SUSPENSION], should: [P(32)], why: "code: AMAC's two measures" },
  { query: 'Asset Management Association of China', must: [AMAC_REPRIMAND, AMAC_FILING_SUSPENSION], should: [P(32)], why: 'English name' },
  { query: '基金业协会', must: [AMAC_REPRIMAND, AMAC_FILING_SUSPENSION], should: [P(32), P(20), MINGLING_DISSOLUTION], why: 'short name' },
  { query: 'CSRC Shanghai Bureau', must: [CSRC_SH_ORDER], should: [P(32)], why: 'English name' },
  { query: 'CSRC_SH', must: [CSRC_SH_ORDER], should: [P(32)], why: 'code with an underscore' },
  { query: '上海证监局', must: [CSRC_SH_ORDER], should: [P(32)], why: 'Chinese name' },
  { query: 'market supervision', must: [SAMR_VISIT], should: [RUMOR_MH, P(31)], why: 'local market-supervision enforcement (工商执法大队)' },
  // the two languages mixed
  { query: 'Lingjun 暂停交易', must: SUSPENSIONS, should: [P(3), LINGJUN], why: 'English name, Chinese action' },
  { query: '灵均 suspension', must: SUSPENSIONS, should: [P(3), LINGJUN], why: 'Chinese name, English action' },
  {
    query: 'Minghong public reprimand',
    must: [AMAC_REPRIMAND],
    should: [MINGHONG, P(32), AMAC_FILING_SUSPENSION],
    why: "the manager's reprimand, not Lingjun's",
  },
  { query: '明汯 order to correct', must: [CSRC_SH_ORDER], should: [MINGHONG, P(32)], why: 'Chinese name, English action' },
  { query: 'SSE 公开谴责', must: [SSE_REPRIMAND], should: [P(3)], why: "code and action: the SSE's reprimand, not AMAC's" },
  { query: '明崚 liquidation', must: [MINGLING_DISSOLUTION], should: [MINGLING, DISSOLUTION_DISCLOSURE], why: 'Chinese name, English event' },
  { query: 'Ubiquant 收益率', must: [HOWBUY], should: [P(29), UBIQUANT_RIXIANG, PAIPAIWANG[1]], why: "English name, Chinese figure: Ubiquant's returns" },
  { query: 'High-Flyer 清盘', must: [RUMOR_LIQUIDATIONS], should: [P(6), HIGH_FLYER], why: 'the one event naming High-Flyer' },
  // operators: "quoted phrase", OR between terms, -term to exclude
  {
    query: '灵均 OR 明汯',
    must: [LINGJUN, MINGHONG],
    should: [SSE_REPRIMAND, SSE_SUSPENSION, SZSE_SUSPENSION, AMAC_REPRIMAND, CSRC_SH_ORDER],
    why: 'OR: both managers',
  },
  {
    query: 'lingjun OR minghong',
    must: [LINGJUN, MINGHONG],
    should: [SSE_REPRIMAND, SSE_SUSPENSION, SZSE_SUSPENSION, AMAC_REPRIMAND, CSRC_SH_ORDER],
    why: 'OR in pinyin',
  },
  { query: 'snowball OR DMA', must: [SNOWBALL, DMA], should: [RUMOR_DMA, P(24), P(39), P(41)], why: 'OR: both concepts' },
  { query: '公开谴责 -明汯', must: [SSE_REPRIMAND], should: [P(3)], why: "exclusion: Lingjun's reprimand is left" },
  { query: 'reprimand -Minghong', must: [SSE_REPRIMAND], should: [P(3)], why: 'exclusion in English' },
  { query: '"public reprimand"', must: REPRIMANDS, should: [P(3), P(32)], why: 'a quoted English phrase' },
  { query: 'DMA -雪球', must: [DMA], should: [RUMOR_DMA, P(24), P(23), P(12), P(26)], why: 'exclusion: DMA without the snowball passages' },
  { query: '"暂停交易沪深两市股票"', must: SUSPENSIONS, should: [P(3)], why: 'a quoted Chinese phrase' },
  { query: '"大几千亿产品清盘"', must: [RUMOR_LIQUIDATIONS], should: [P(6)], why: 'a quoted Chinese phrase from a rumour' },
  { query: '"window guidance"', must: [WINDOW_GUIDANCE, WINDOW_GUIDANCE_EVENT], should: [P(6)], why: 'a quoted English phrase' },
  // concepts: the concept first when the query is its term or an alias
  { query: 'DMA', must: [DMA], should: [RUMOR_DMA, P(24), P(12), P(23), P(40), P(41)], why: 'concept term' },
  { query: 'DMA 策略', must: [DMA], should: [RUMOR_DMA, P(23), P(12), P(26)], why: 'concept alias' },
  { query: '雪球', must: [SNOWBALL], should: [P(39), P(40), P(41)], why: 'concept alias' },
  { query: '雪球产品', must: [SNOWBALL], should: [P(39), P(40), P(41)], why: 'concept term' },
  { query: 'snowball', must: [SNOWBALL], should: [P(39), P(40), P(41)], why: 'concept, English' },
  { query: 'knock-in', must: [SNOWBALL, P(40), P(39)], any: true, should: [P(41)], why: 'knock-in → 敲入, an alias of the snowball concept' },
  { query: 'basis', must: [P(39), P(40), P(41)], any: true, should: [SNOWBALL], why: 'basis → 基差' },
  { query: '微盘股', must: [MICRO_CAPS], should: [MICRO_CAP_FUNDS, P(25), P(35), P(36)], why: 'concept term' },
  { query: 'micro-cap', must: [MICRO_CAPS], should: [MICRO_CAP_FUNDS, P(25), P(35), P(36)], why: 'concept, English with a hyphen' },
  { query: '小微盘股', must: [MICRO_CAPS], should: [P(11), P(41)], why: 'concept alias' },
  { query: '窗口指导', must: [WINDOW_GUIDANCE, WINDOW_GUIDANCE_EVENT], should: [P(6)], why: 'concept term, then the event' },
  { query: 'window guidance', must: [WINDOW_GUIDANCE, WINDOW_GUIDANCE_EVENT], should: [P(6)], why: 'concept, English' },
  { query: '行政指令', must: [WINDOW_GUIDANCE], should: [WINDOW_GUIDANCE_EVENT, P(6)], why: 'concept alias' },
  // a manager's name: the manager, then its regulatory actions, then its other events
  { query: '灵均', must: [LINGJUN], should: [...LINGJUN_ACTIONS, LINGJUN_FLAGSHIP], why: 'the manager, then its suspensions, reprimand and warnings' },
  { query: '明汯投资', must: [MINGHONG], should: MINGHONG_ACTIONS, why: 'the manager, then its four actions' },
  { query: '九坤投资', must: [UBIQUANT], should: [UBIQUANT_RIXIANG, HOWBUY, PAIPAIWANG[1], RUMOR_DMA], why: 'the manager, its product and its events' },
];

/** The whole set. */
export const RELEVANCE_SET: RelevanceCase[] = [...FIRST_PART, ...SECOND_PART];
