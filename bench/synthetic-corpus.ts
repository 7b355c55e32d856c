import { SearchDocumentInput } from '../src/search/search-indexer';
import { SearchKind } from '../src/search/search.enums';

/** A small deterministic PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words of the trade and of the source article, most common first. */
export const HEAD_WORDS = (
  '私募 量化 基金 产品 市场 交易 管理人 收益率 回撤 投资 股票 指数 监管 措施 规模 策略 微盘股 清盘 赎回 平仓 ' +
  '交易所 上交所 深交所 证监会 基金业协会 公告 披露 数据 显示 亿元 以来 今年 去年 业绩 超额 杠杆 中性 对冲 ' +
  '期货 基差 贴水 雪球 敲入 波动 流动性 踩踏 风控 资管 券商 自营 互换 衍生品 头部 百亿级 机构 投资者 ' +
  '异常交易 书面警示 公开谴责 纪律处分 暂停交易 责令改正 行政监管 备案 注销 解散 清算组 窗口指导 流言 否认 ' +
  '程序化交易 计算机程序 交易指令 系统安全 交易秩序 上证指数 深证成指 中证1000 中证500 成交金额 下挫 ' +
  '灵均 明汯 九坤 幻方 明崚 宁波 上海 旗舰 指数增强 多空 多策略 私募排排网 好买基金网 国泰君安 研报 ' +
  '堰塞湖 抱团 正反馈 小市值 风格 瓦解 恐慌 情绪 救市 资金 拉升 冰火两重天 组合 暴露 主观 多头 ' +
  '净值 年内 亏损 平均 整体 正收益 占比 单周 跌幅 历史 最大 止损 压力 硬约束 客观 需求 被动'
).split(' ');

/** Characters the tail words are made of. */
const CHARACTER_POOL = [...new Set([...HEAD_WORDS.join('')].filter((c) => /[\u4e00-\u9fff]/.test(c)))];

/**
 * The vocabulary in frequency order: the head words, then a long tail of 6,000 two-character words
 * built deterministically from the same characters. A Zipf draw over it gives the spread of real text:
 * a few words in most passages, most words in very few.
 */
export const VOCABULARY: string[] = (() => {
  const random = prng(42);
  const words = new Set(HEAD_WORDS);
  while (words.size < HEAD_WORDS.length + 6000) {
    words.add(CHARACTER_POOL[Math.floor(random() * CHARACTER_POOL.length)] + CHARACTER_POOL[Math.floor(random() * CHARACTER_POOL.length)]);
  }
  return [...words];
})();

const NAMES = ['宁波灵均', '明汯投资', '九坤投资', '幻方量化', '宁波明崚', 'Lingjun', 'Ubiquant', 'High-Flyer', 'DMA'];
const PUNCT = ['，', '，', '，', '。', '；', '、'];

/** Draws indexes 0..n-1 with probability proportional to 1/(k+1)^s: a few words common, most rare. */
export function zipfSampler(n: number, s = 1.0): (random: () => number) => number {
  const cdf: number[] = [];
  let total = 0;
  for (let k = 0; k < n; k += 1) cdf.push((total += 1 / Math.pow(k + 1, s)));
  return (random) => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const drawWord = zipfSampler(VOCABULARY.length);

/** One passage of 40 to 160 characters: words drawn by Zipf, names and figures sprinkled in. */
export function passage(random: () => number): string {
  const target = 40 + Math.floor(random() * 120);
  let text = '';
  while ([...text].length < target) {
    const roll = random();
    if (roll < 0.04) text += NAMES[Math.floor(random() * NAMES.length)];
    else if (roll < 0.08) text += `${(random() * 100).toFixed(2)}${random() < 0.5 ? '%' : ' 亿元'}`;
    else text += VOCABULARY[drawWord(random)];
    if (random() < 0.25) text += PUNCT[Math.floor(random() * PUNCT.length)];
  }
  return `${text}。`;
}

const AUTHORITIES = ['SSE', 'SZSE', 'CSRC', 'CSRC_SH', 'AMAC'];

/** `count` announcement passages as search documents, deterministic from `seed`. */
export function* syntheticPassages(count: number, seed = 20240219): Generator<SearchDocumentInput> {
  const random = prng(seed);
  for (let i = 0; i < count; i += 1) {
    const doc = Math.floor(i / 8);
    const year = 2019 + Math.floor(random() * 6);
    const date = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    yield {
      key: `ANNOUNCEMENT:synthetic-${doc}:${i % 8}`,
      kind: SearchKind.ANNOUNCEMENT,
      nodeType: 'Announcement',
      nodeKey: `synthetic-${doc}`,
      passageIndex: i % 8,
      title: `合成公告 ${doc}`,
      body: passage(random),
      date,
      year,
      authorities: random() < 0.6 ? [AUTHORITIES[Math.floor(random() * AUTHORITIES.length)]] : [],
      managers: [],
      aliases: [],
      titleExtra: '',
    };
  }
}
